"""A new client signs up, confirms their email address and books a session in a real
Chromium, against the live server.

Time is not frozen here (the browser and the server thread read the real clock): the
therapist works every day but is away the next three, so the booking page opens three days
ahead, on the first day with free times.
"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clinic.accounts.confirmation import email_confirmation_token
from clinic.accounts.models import User
from clinic.clock import clinic_zone, spoken
from sessions.models import Appointment
from tests.e2e.accessibility import axe_violations
from tests.factories import ServiceFactory, TimeOffFactory, bookable_therapist
from therapists.models import Therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/e2e-therapist.png"


def away_until(therapist, day) -> None:
    """The therapist takes time off from now until the start of `day` (clinic time)."""
    TimeOffFactory(
        therapist=therapist,
        start=timezone.now() - timedelta(hours=1),
        end=datetime.combine(day, time(0), tzinfo=clinic_zone()),
    )


def another_day_of_its_week(day):
    """A day in the same Monday-to-Sunday week as `day`, not before today."""
    return day + timedelta(days=1) if day.weekday() < 6 else day - timedelta(days=1)


def test_client_signs_up_and_books_from_the_first_free_day(live_http, page, console_errors):
    service = ServiceFactory(
        name="Trigger point therapy", duration_minutes=60, price="110.00", tax_rate="13.00"
    )
    therapist = bookable_therapist(service)
    Therapist.objects.filter(pk=therapist.pk).update(display_name="Dana Whitfield")
    day = timezone.localdate() + timedelta(days=3)
    away_until(therapist, day)
    start = datetime.combine(day, time(10), tzinfo=clinic_zone())

    page.goto(live_http.url + reverse("signup"))
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email address").fill("ada@example.org")
    page.locator("#id_password1").fill("a-long-Secret-42")
    page.locator("#id_password2").fill("a-long-Secret-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    ada = User.objects.get(email="ada@example.org")
    page.goto(live_http.url + reverse("email-confirm", args=[email_confirmation_token(ada)]))
    expect(page.get_by_role("heading", name="Email address confirmed")).to_be_visible()
    page.goto(live_http.url + reverse("login"))
    page.locator("#id_username").fill("ada@example.org")
    page.locator("#id_password").fill("a-long-Secret-42")
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(live_http.url + reverse("therapist-detail", args=[therapist.pk]))
    heading = f"Free times on {spoken(day)} (clinic time):"
    expect(page.locator("#slot-heading")).to_have_text(heading)
    shown = page.locator('#week-strip [aria-current="date"]')
    expect(shown).to_have_attribute("data-date", day.isoformat())
    expect(shown).to_contain_text("from 09:00")
    expect(page.locator("#slot-price")).to_have_text(
        "Trigger point therapy (60 min): CAD 110.00 + tax 13% = CAD 124.30"
    )
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOT, full_page=True)

    # Another day of the shown week loads its free times in place.
    page.evaluate("window.e2eNoReload = true")
    other = another_day_of_its_week(day)
    with page.expect_response(re.compile(r"/api/v1/availability/?\?")) as availability:
        page.get_by_label("Date").fill(other.isoformat())
    assert availability.value.status == 200
    expect(page.locator("#slot-heading")).to_have_text(
        f"Free times on {spoken(other)} (clinic time):"
    )
    expect(page.locator('#week-strip [aria-current="date"]')).to_have_attribute(
        "data-date", other.isoformat()
    )
    assert page.evaluate("window.e2eNoReload") is True

    page.locator(f'#week-strip a[data-date="{day.isoformat()}"]').click()
    expect(page.locator("#slot-heading")).to_have_text(heading)
    page.locator("#slot-list").get_by_role("button", name="10:00", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    expect(page.locator("dd").nth(2)).to_have_text(spoken(start))
    expect(page.locator("#price")).to_have_text("CAD 110.00 + tax 13% = CAD 124.30")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Book this session").click()

    expect(page).to_have_url(live_http.url + reverse("appointment-list"))
    expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
    row = page.locator("#upcoming li[data-appointment]")
    expect(row).to_have_count(1)
    expect(row.locator("strong")).to_have_text(spoken(start))
    expect(row).to_contain_text("Trigger point therapy")
    expect(row).to_contain_text("Dana Whitfield")
    booked = Appointment.objects.get()
    assert (booked.client.email, booked.therapist_id, booked.start) == (
        "ada@example.org",
        therapist.pk,
        start,
    )
    assert console_errors == []
