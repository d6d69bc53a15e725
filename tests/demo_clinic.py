"""The demo clinic that `manage.py seed_demo` makes, for the tests that read it.

Seeding takes seconds, so a module seeds it once (the `demo_clinic` fixture of
tests/conftest.py) rather than once per test; each test's own changes roll back to it.
"""

from collections import defaultdict
from datetime import UTC, datetime
from io import StringIO

from django.core.management import call_command

from sessions.billing.models import Invoice

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)  # a Tuesday: when the shared demo is seeded
DEMO_PASSWORD = "demo-password-for-tests"


def seed(**options) -> str:
    """Run `seed_demo` as `make run` does; what it printed."""
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def numbers_by_year() -> dict[str, list[str]]:
    """The invoice numbers of each year, in the order the invoices were issued."""
    numbers = defaultdict(list)
    for number in Invoice.objects.order_by("issued_at", "pk").values_list("number", flat=True):
        numbers[number[:4]].append(number)
    return dict(numbers)


def consecutive(numbers: dict[str, list[str]]) -> dict[str, list[str]]:
    """As many numbers for each year, from 1 without a gap."""
    return {
        year: [f"{year}-{n:06d}" for n in range(1, len(listed) + 1)]
        for year, listed in numbers.items()
    }
