"""`manage.py seed_demo` on an empty database, and on one seeded before the demo had money:
unlike the other seed_demo modules, these tests don't share the demo seeded once."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from clinic.demo import seed as seed_module
from sessions.billing.models import ClientPackage, GiftCard, Invoice, InvoiceKind, InvoiceStatus
from tests.clock import frozen_at
from tests.demo_clinic import DEMO_PASSWORD, NOW, consecutive, numbers_by_year, seed

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "admin@demo.clinic",
    "desk@demo.clinic",
    *(f"therapist{n}@demo.clinic" for n in range(1, 6)),
    *(f"client{n}@demo.clinic" for n in range(1, 6)),
]
PAID, PARTLY, UNPAID = InvoiceStatus.PAID, InvoiceStatus.PARTLY_PAID, InvoiceStatus.UNPAID

frozen = frozen_at(NOW)


def can_sign_in(email: str, password: str) -> bool:
    """The login page takes the password (staff then go on to the code step)."""
    response = Client().post("/accounts/login/", {"username": email, "password": password})
    return response.status_code == 302


def test_seed_demo_without_password_on_a_fresh_database_prints_a_working_one():
    out = seed()

    match = re.search(
        r"^Password for every demo account: (\S+) \(made up; use --password to choose one\)$",
        out,
        re.M,
    )
    made_up = match.group(1)
    assert len(made_up) >= 12
    assert [can_sign_in(email, made_up) for email in ACCOUNTS] == [True] * 12


def test_seed_demo_money_in_early_january_numbers_each_year_from_one(frozen):
    frozen.move_to(datetime(2027, 1, 12, 15, tzinfo=UTC))  # sessions from December on

    seed(password=DEMO_PASSWORD)

    numbers = numbers_by_year()
    assert numbers == consecutive(numbers)
    assert list(numbers) == ["2026", "2027"]


def test_seed_demo_money_comes_to_a_database_seeded_before_it(monkeypatch, frozen):
    frozen.move_to(NOW - timedelta(days=7))
    monkeypatch.setattr(seed_module, "money_history", lambda **kwargs: None)
    seed(password=DEMO_PASSWORD)
    assert Invoice.objects.count() == 0
    monkeypatch.undo()
    frozen.move_to(NOW)

    seed(password=DEMO_PASSWORD)

    statuses = {invoice.status for invoice in Invoice.objects.with_amounts()}
    assert statuses == {PAID, PARTLY, UNPAID}
    assert numbers_by_year() == consecutive(numbers_by_year())
    assert Invoice.objects.filter(kind=InvoiceKind.LATE_CANCELLATION).count() == 1
    assert ClientPackage.objects.get().sessions_left == 4
    assert GiftCard.objects.get().balance == Decimal("75.70")
