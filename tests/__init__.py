import pytest

# The helper modules that assert for their tests: rewritten like test modules, so a failure
# in one shows its values. Registered here, before any conftest imports them.
pytest.register_assert_rewrite(
    "tests.access_matrix",
    "tests.clients.intake.pages",
    "tests.clients.intake.versions",
    "tests.clinic.accounts.two_factor",
    "tests.clinic.messaging.sending",
    "tests.integration.workers",
    "tests.sessions.booking",
    "tests.sessions.notes.api_requests",
)
