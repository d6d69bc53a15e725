import os
import shutil

import pytest
from django.db import connection

from tests.factories import PASSWORD


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite, saying so; browser tests skip without Chromium."""
    on_postgres = connection.vendor == "postgresql"
    # In CI the browser is installed by .ci/run: a missing one must fail there, not skip.
    chromium = shutil.which("chromium") or os.environ.get("CHROMIUM_PATH") or os.environ.get("CI")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "e2e" in item.keywords and not chromium:
            item.add_marker(pytest.mark.skip(reason="needs Chromium (apt-get install chromium)"))


@pytest.fixture
def password() -> str:
    return PASSWORD
