"""The therapist's schedule grid in a real Chromium: axe finds nothing, with a popover open
too; on a phone the grid scrolls sideways and the page does not; a block opens by keyboard.

Time is not frozen here (the browser and the server thread read the real clock): the
sessions lie on today's date, and the therapist works every day from midnight to 23:45.
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.clock import clinic_zone
from sessions.models import AppointmentStatus
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, submit_intake
from tests.sessions.grid import therapist_named

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/e2e-schedule-grid.png"


def at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clinic_zone()).astimezone(timezone.UTC)


@pytest.fixture
def maya():
    """Maya's day: a session for a client who needs a clearance and missed one before, a
    completed one, and a cancelled one."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    maya = therapist_named("Maya Lindqvist", service, start=time(0), end=time(23, 45))
    today = timezone.localdate()
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    submit_intake(ava, clot_signs=True)
    AppointmentFactory(
        client=ava, start=at(today - timedelta(days=20), 9), status=AppointmentStatus.NO_SHOW
    )
    booked = AppointmentFactory(client=ava, therapist=maya, service=service, start=at(today, 12))
    for hour, status in [(9, AppointmentStatus.COMPLETED), (15, AppointmentStatus.CANCELLED)]:
        AppointmentFactory(therapist=maya, service=service, start=at(today, hour), status=status)
    return {"therapist": maya, "booked": booked}


def open_schedule(page, live_http, maya, query: str = "") -> None:
    sign_in(page, live_http.url, maya["therapist"].user.email)
    page.goto(f"{live_http.url}/schedule/{query}")
    expect(page.locator("#schedule-grid")).to_be_visible()


def test_the_schedule_grid_has_no_accessibility_violations(live_http, page, console_errors, maya):
    open_schedule(page, live_http, maya)

    violations = axe_violations(page)
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.locator(f'button.appt[data-appointment="{maya["booked"].pk}"]').click()
    expect(page.locator("[popover]:popover-open")).to_have_count(1)
    with_popover = axe_violations(page)

    assert violations == []
    assert with_popover == []
    assert console_errors == []


@pytest.mark.parametrize(("query", "scrolls"), [("", False), ("?view=week", True)])
def test_on_a_phone_the_page_keeps_its_width(live_http, page, console_errors, maya, query, scrolls):
    open_schedule(page, live_http, maya, query)  # signed in on a wide screen

    page.set_viewport_size(PHONE)
    page.reload()

    widths = page.evaluate(
        """() => {
          const grid = document.querySelector('#schedule-grid');
          return {
            page: document.documentElement.scrollWidth,
            body: document.body.scrollWidth,
            viewport: window.innerWidth,
            grid: grid.clientWidth,
            table: grid.scrollWidth,
            overflow: getComputedStyle(grid).overflowX,
          };
        }"""
    )
    assert widths["page"] == widths["body"] == widths["viewport"] == PHONE["width"]
    assert (widths["table"] > widths["grid"]) is scrolls
    assert widths["overflow"] == "auto"
    assert console_errors == []


def test_a_block_opens_by_keyboard_and_leads_to_the_note(live_http, page, console_errors, maya):
    booked = maya["booked"]
    open_schedule(page, live_http, maya)

    block = page.locator(f'button.appt[data-appointment="{booked.pk}"]')
    block.focus()
    page.keyboard.press("Enter")
    popover = page.locator(f"#appointment-{booked.pk}")
    expect(popover).to_be_visible()
    page.keyboard.press("Tab")
    expect(popover.get_by_role("link", name="Note")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_http.url}/appointments/{booked.pk}/note/")
    assert console_errors == []
