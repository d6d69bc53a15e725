"""A client moves a session in a real Chromium: the page opens on the session's own day, a
new time is confirmed beside the old one, and the message names the new time.

Time is not frozen (the browser and the server read the real clock): the session lies a
few days ahead, and the therapist works every day.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clinic.clock import clinic_zone, spoken
from sessions.services import appointment_book
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_client_moves_a_session_after_confirming_the_new_time(live_http, page, console_errors):
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    ada = ClientFactory(first_name="Ada", email="ada@example.org")
    day = timezone.localdate() + timedelta(days=3)
    old = datetime.combine(day, time(10), tzinfo=clinic_zone())
    new = datetime.combine(day, time(14), tzinfo=clinic_zone())
    appointment = appointment_book(client=ada, therapist=therapist, service=service, start=old)
    base = live_http.url

    sign_in(page, base, ada.email)
    page.goto(base + reverse("appointment-list"))
    page.get_by_role("link", name="Reschedule").click()
    expect(page.get_by_role("heading", name="Move your appointment")).to_be_visible()
    expect(page.locator("#slot-heading")).to_have_text(
        f"Free times on {spoken(day)} (clinic time):"
    )
    expect(page.locator('#week-strip [aria-current="date"]')).to_have_attribute(
        "data-date", day.isoformat()
    )
    assert axe_violations(page) == []

    page.locator("#slot-list").get_by_role("button", name="14:00", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm the new time")).to_be_visible()
    expect(page.locator("#old-time")).to_have_text(spoken(old))
    expect(page.locator("#new-time")).to_have_text(spoken(new))
    assert axe_violations(page) == []
    appointment.refresh_from_db()
    assert appointment.start == old  # nothing moves before the confirmation

    page.get_by_role("button", name="Move to the new time").click()
    expect(page).to_have_url(base + reverse("appointment-list"))
    expect(page.get_by_text(f"The appointment is moved to {spoken(new)}.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.start == new
    assert console_errors == []
