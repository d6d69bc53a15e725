"""A new client signs up and books a session in a real Chromium, against the live server.

Time is not frozen here (the browser and the server thread read the real clock): the day
booked lies a few days ahead, and the therapist works every day.
"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clinic.clock import clinic_zone, spoken
from sessions.models import Appointment
from tests.factories import ServiceFactory, bookable_therapist
from therapists.models import Therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/e2e-therapist.png"


def test_client_signs_up_picks_a_day_and_books_a_slot(live_http, page, console_errors):
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    Therapist.objects.filter(pk=therapist.pk).update(display_name="Dana Whitfield")
    day = timezone.localdate() + timedelta(days=3)
    start = datetime.combine(day, time(10), tzinfo=clinic_zone())

    page.goto(live_http.url + reverse("signup"))
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email address").fill("ada@example.org")
    page.locator("#id_password1").fill("a-long-Secret-42")
    page.locator("#id_password2").fill("a-long-Secret-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()

    page.goto(live_http.url + reverse("therapist-detail", args=[therapist.pk]))
    page.evaluate("window.e2eNoReload = true")
    with page.expect_response(re.compile(r"/api/v1/availability/?\?")) as availability:
        page.get_by_label("Date").fill(day.isoformat())
    assert availability.value.status == 200
    expect(page.locator("#slot-heading")).to_have_text(
        f"Free times on {spoken(day)} (clinic time):"
    )
    slot = page.locator("#slot-list").get_by_role("button", name="10:00", exact=True)
    expect(slot).to_be_visible()
    assert page.evaluate("window.e2eNoReload") is True  # the slots came without a reload
    page.screenshot(path=SCREENSHOT, full_page=True)

    slot.click()
    expect(page.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    expect(page.locator("dd").nth(2)).to_have_text(spoken(start))
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
