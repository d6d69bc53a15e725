"""The front desk's calendar in a real Chromium: drag to move, check in from a popover, axe,
and a phone's screen.

Time is not frozen here (the browser and the server thread read the real clock): the session
moved lies a few days ahead, the one checked in is today's at noon, and the therapists work
every day from midnight to 23:45.
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.clock import clinic_zone, spoken
from sessions.models import Appointment, AppointmentStatus
from tests.e2e.signin import sign_in
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, ServiceFactory
from tests.sessions.desk.calendar import therapist_named

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/e2e-desk-calendar.png"


def at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clinic_zone()).astimezone(timezone.UTC)


@pytest.fixture
def clinic():
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    hours = {"start": time(0), "end": time(23, 45)}
    ann = therapist_named("Ann Ash", service, **hours)
    bo = therapist_named("Bo Birch", service, **hours)
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    desk = DeskFactory(email="desk@example.org")
    return {"service": service, "ann": ann, "bo": bo, "ava": ava, "desk": desk}


def open_calendar(page, live_http, clinic, day=None) -> None:
    sign_in(page, live_http.url, clinic["desk"].email)
    query = f"?date={day:%Y-%m-%d}" if day else ""
    page.goto(f"{live_http.url}/desk/{query}")
    expect(page.locator("#desk-grid")).to_be_visible()


def test_the_desk_drags_a_session_to_another_therapist_and_confirms(
    live_http, page, console_errors, clinic
):
    day = timezone.localdate() + timedelta(days=3)
    booked = AppointmentFactory(
        client=clinic["ava"], therapist=clinic["ann"], service=clinic["service"], start=at(day, 10)
    )
    target = at(day, 11)
    open_calendar(page, live_http, clinic, day)

    block = page.locator(f'button.appt[data-appointment="{booked.pk}"]')
    cell = page.locator(
        f'td[data-therapist="{clinic["bo"].pk}"][data-start="{target.isoformat()}"]'
    )
    block.drag_to(cell)

    expect(page.get_by_role("heading", name="Move the appointment")).to_be_visible()
    expect(page.locator("#move-to")).to_have_text(f"{spoken(day)}, 11:00 with Bo Birch")
    page.get_by_role("button", name="Confirm the move").click()

    expect(page.locator("#calendar-heading")).to_have_text(spoken(day))
    moved = page.locator(f'td[data-therapist="{clinic["bo"].pk}"] [data-appointment="{booked.pk}"]')
    expect(moved).to_be_visible()
    expect(moved.locator(".appt-time")).to_have_text("11:00–12:00")
    booked.refresh_from_db()
    assert (booked.therapist_id, booked.start) == (clinic["bo"].pk, target)
    assert console_errors == []


def test_the_desk_marks_a_client_arrived_from_the_popover(live_http, page, console_errors, clinic):
    today = timezone.localdate()
    booked = AppointmentFactory(
        client=clinic["ava"],
        therapist=clinic["ann"],
        service=clinic["service"],
        start=at(today, 12),
    )
    open_calendar(page, live_http, clinic)

    page.locator(f'button.appt[data-appointment="{booked.pk}"]').click()
    popover = page.locator(f"#appointment-{booked.pk}")
    expect(popover).to_be_visible()
    expect(popover.get_by_role("heading", name="Ava Chen")).to_be_visible()
    popover.get_by_role("button", name="Arrived").click()

    expect(page.get_by_text("Ava Chen has arrived.")).to_be_visible()
    block = page.locator(f'button.appt[data-appointment="{booked.pk}"]')
    expect(block.locator(".appt-status")).to_have_text("Arrived")
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.ARRIVED
    assert console_errors == []


def test_the_calendar_has_no_accessibility_violations(live_http, page, console_errors, clinic):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe not installed")
    today = timezone.localdate()
    service, ann, bo = clinic["service"], clinic["ann"], clinic["bo"]
    for status, therapist, hour in [
        (AppointmentStatus.BOOKED, ann, 9),
        (AppointmentStatus.ARRIVED, ann, 11),
        (AppointmentStatus.COMPLETED, bo, 9),
        (AppointmentStatus.NO_SHOW, bo, 11),
        (AppointmentStatus.PENDING_APPROVAL, bo, 13),
        (AppointmentStatus.CANCELLED, ann, 13),
    ]:
        AppointmentFactory(
            therapist=therapist, service=service, start=at(today, hour), status=status
        )
    open_calendar(page, live_http, clinic)

    results = axe.Axe().run(page)
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.locator("button.appt").first.click()
    expect(page.locator("[popover]:popover-open")).to_have_count(1)
    with_popover = axe.Axe().run(page)

    assert results.violations_count == 0, results.generate_report()
    assert with_popover.violations_count == 0, with_popover.generate_report()
    assert Appointment.objects.count() == 6
    assert console_errors == []


def test_on_a_phone_the_grid_scrolls_and_the_page_does_not(live_http, page, console_errors, clinic):
    open_calendar(page, live_http, clinic)  # signed in on a wide screen: the menu is open there

    page.set_viewport_size(PHONE)
    page.reload()

    widths = page.evaluate(
        """() => {
          const grid = document.querySelector('#desk-grid');
          return {
            page: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            grid: grid.clientWidth,
            table: grid.scrollWidth,
            overflow: getComputedStyle(grid).overflowX,
          };
        }"""
    )
    assert widths["page"] == widths["viewport"] == PHONE["width"]
    assert widths["table"] > widths["grid"]
    assert widths["overflow"] == "auto"
    assert console_errors == []
