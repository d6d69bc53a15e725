"""The money reports pass axe-core's checks in a real Chromium and fit a phone, for the admin
(every one) and the front desk (the daily close).

Time is not frozen here (the browser and the server thread read the real clock): the
invoices are made yesterday, so each report's default range shows them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.clock import at_clinic
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import AdminFactory, DeskFactory
from tests.sessions.reports.money_data import Till, hour_service, pay
from tests.sessions.reports.reporting import MONEY_SLUGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def money():
    """A paid session with a refund, an unpaid one, a waived fee and a gift card sold."""
    yesterday = timezone.localdate() - timedelta(days=1)
    till, service = Till(), hour_service()
    paid = till.checkout(day=yesterday, hour=10, service=service, payments=(pay("cash", "124.30"),))
    till.refund(paid, "cash", "4.30", at_clinic(yesterday, 12))
    till.checkout(day=yesterday, hour=14, service=service)
    till.credit(till.fee("no_show", "110.00", at_clinic(yesterday, 9)), at_clinic(yesterday, 15))
    till.issue(kind="gift_card", amount="50.00", at=at_clinic(yesterday, 16))


def visit_each(page, base: str, paths: list[str]) -> dict:
    found = {}
    for path in paths:
        page.goto(base + path)
        found[path] = (
            page.locator("#report-table tbody tr").count() > 0,
            axe_violations(page),
            page.evaluate("document.documentElement.scrollWidth"),
        )
    return found


def test_money_reports_pass_axe_and_fit_a_phone(live_http, page, money):
    sign_in(page, live_http.url, AdminFactory().email)
    page.set_viewport_size(PHONE)
    paths = [f"/reports/{slug}/" for slug in MONEY_SLUGS]

    found = visit_each(page, live_http.url, paths)

    assert found == {path: (True, [], PHONE["width"]) for path in paths}


def test_the_desks_daily_close_passes_axe_and_fits_a_phone(live_http, page, money):
    sign_in(page, live_http.url, DeskFactory().email)
    page.set_viewport_size(PHONE)

    found = visit_each(page, live_http.url, ["/reports/daily-close/"])

    assert found == {"/reports/daily-close/": (True, [], PHONE["width"])}
