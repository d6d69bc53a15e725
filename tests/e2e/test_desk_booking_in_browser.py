"""The desk books a client who phoned in, from an empty cell of the clinic's calendar, with the
keyboard only, in a real Chromium against the live server; each page is checked with axe.

Time is not frozen here (the browser and the server thread read the real clock): the day
booked lies a few days ahead, and the therapist works every day.
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clinic.accounts.models import User
from clinic.clock import clinic_zone
from clinic.messaging.models import Message
from sessions.models import Appointment
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import DeskFactory, ServiceFactory, bookable_therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/e2e-desk-booking.png"
MAX_TABS = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element `selector` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_the_desk_books_a_new_phone_in_client_with_the_keyboard(live_http, page, console_errors):
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    therapist.display_name = "Dana Whitfield"
    therapist.save()
    desk = DeskFactory()
    day = timezone.localdate() + timedelta(days=3)
    start = datetime.combine(day, time(10), tzinfo=clinic_zone())
    sign_in(page, live_http.url, desk.email)

    page.goto(f"{live_http.url}/desk/?date={day.isoformat()}")
    assert axe_violations(page) == []
    tab_to(page, '#time-jumps a[href="#at-1000"]')
    page.keyboard.press("Enter")  # to the 10:00 row; the next stop is its first free cell
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Book a session for a client")).to_be_visible()
    expect(page.locator("#when")).to_contain_text("Dana Whitfield")
    assert axe_violations(page) == []
    type_into(page, "#id_new-first_name", "Grace")
    type_into(page, "#id_new-last_name", "Hopper")
    type_into(page, "#id_new-email", "grace@navy.example")
    type_into(page, "#id_new-phone", "416 555 0100")
    tab_to(page, "button[value=new-client]")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Grace Hopper is added.")).to_be_visible()
    expect(page.locator("#chosen-client")).to_contain_text("grace@navy.example")
    assert axe_violations(page) == []
    tab_to(page, "#id_service")
    tab_to(page, "#review")
    page.keyboard.press("Enter")

    expect(page.locator("#summary")).to_contain_text("Trigger point therapy")
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOT, full_page=True)
    errors_before_leaving = list(console_errors)
    tab_to(page, "button[value=book]")
    page.keyboard.press("Space")

    expect(page).to_have_url(f"{live_http.url}/desk/?date={day.isoformat()}")
    grace = User.objects.get(email="grace@navy.example")
    booked = Appointment.objects.get()
    assert (booked.client, booked.therapist, booked.start, booked.booked_by) == (
        grace,
        therapist,
        start,
        desk,
    )
    assert str(grace.client_profile.phone) == "+14165550100"
    assert Message.objects.filter(kind="confirmation", recipient=grace).count() == 1
    assert errors_before_leaving == []
