"""The Django admin and the audit search work in a real Chromium under the strict Content
Security Policy: their scripts run, and the browser reports no refused script or style."""

import pytest
from playwright.sync_api import Page, expect

from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from tests.e2e.signin import sign_in
from tests.factories import ClientFactory, ServiceFactory, TherapistFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def admin_sign_in(page: Page, base: str, email: str) -> None:
    sign_in(page, base, email)
    page.goto(base + "/admin/")
    expect(page.locator("#site-name")).to_be_visible()


def test_admin_change_pages_run_their_scripts_without_csp_violations(
    live_http, page, console_errors
):
    base = live_http.url
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = ClientFactory()
    therapist = TherapistFactory()
    ServiceFactory()
    admin_sign_in(page, base, admin.email)

    page.goto(f"{base}/admin/clinic/user/{client.pk}/change/")
    # DateTimeShortcuts.js adds the "Today" and "Now" links beside the date and time inputs.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()

    page.goto(f"{base}/admin/therapists/therapist/{therapist.pk}/change/")
    # SelectFilter2.js turns the services list into the two-box chooser.
    expect(page.locator(".selector-available").first).to_be_visible()
    # inlines.js adds the "Add another" row links.
    expect(page.locator(".add-row a").first).to_be_visible()

    assert console_errors == []


def test_audit_search_page_has_no_csp_violations(live_http, page, console_errors):
    base = live_http.url
    admin = UserFactory(role=Role.ADMIN)
    client = ClientFactory(first_name="Ada", last_name="Lovelace")
    audit(actor=admin, action=AuditEvent.Action.READ, record=client, ip="203.0.113.9")
    sign_in(page, base, admin.email)

    page.locator("#main-nav").get_by_role("button", name="Office").click()
    page.locator("#main-nav").get_by_role("link", name="Audit trail").click()
    page.get_by_label("Client").fill("lovelace")
    page.get_by_role("button", name="Search").click()

    expect(page.locator("#audit-events tbody tr")).to_have_count(1)
    expect(page.locator("#audit-events tbody tr td").nth(4)).to_contain_text("Ada Lovelace")
    assert console_errors == []
