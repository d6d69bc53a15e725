"""A client joins the waitlist for a full day, a session is cancelled, and the client
confirms the offer, in a real Chromium against the live server.

Time is not frozen (the browser and the server read the real clock): the day lies a few
days ahead, and the therapist works 10:00-11:00 every day, so one session fills it.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from clinic.clock import clinic_zone
from sessions.models import Appointment, AppointmentStatus
from sessions.services import appointment_book, appointment_cancel
from sessions.waitlist.models import OfferState, WaitlistOffer
from tests.e2e.test_note_in_browser import sign_in
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist
from therapists.models import Therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_client_joins_the_waitlist_and_confirms_the_offer(live_http, page, console_errors):
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service, start=time(10), end=time(11))
    Therapist.objects.filter(pk=therapist.pk).update(display_name="Dana Whitfield")
    day = timezone.localdate() + timedelta(days=3)
    start = datetime.combine(day, time(10), tzinfo=clinic_zone())
    taken = appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=start
    )
    ada = ClientFactory(first_name="Ada", email="ada@example.org")
    base = live_http.url

    sign_in(page, base, ada.email)
    page.goto(base + reverse("therapist-detail", args=[therapist.pk]))
    page.get_by_role("link", name="Join the waitlist").click()
    expect(page.get_by_role("heading", name="Join the waitlist")).to_be_visible()
    expect(page.get_by_label("Therapist")).to_have_value(str(therapist.pk))
    page.get_by_label("First day").fill(day.isoformat())
    page.get_by_label("Last day").fill(day.isoformat())
    page.get_by_label(date_format(day, "l"), exact=True).check()
    page.get_by_label("Earliest start").fill("09:00")
    page.get_by_label("Latest end").fill("12:00")
    page.locator("#waitlist-form").get_by_role("button", name="Join the waitlist").click()

    expect(page).to_have_url(base + reverse("waitlist"))
    expect(page.get_by_text("You are on the waitlist.")).to_be_visible()
    entry = page.locator("#waiting li[data-entry]")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Trigger point therapy (60 min) with Dana Whitfield")

    appointment_cancel(appointment=taken, by=taken.client)  # the time frees up

    page.reload()
    offer = page.locator("#offers li[data-offer]")
    expect(offer).to_contain_text(date_format(start, "D j M Y, H:i"))
    offer.get_by_role("link", name="See the offer").click()
    expect(page.get_by_role("heading", name="A time is free for you")).to_be_visible()
    page.get_by_role("button", name="Book this time").click()

    expect(page).to_have_url(base + reverse("appointment-list"))
    row = page.locator("#upcoming li[data-appointment]")
    expect(row).to_have_count(1)
    expect(row.locator("strong")).to_have_text(date_format(start, "D j M Y, H:i"))
    expect(row).to_contain_text("Dana Whitfield")
    booked = Appointment.objects.get(client=ada)
    assert (booked.start, booked.status) == (start, AppointmentStatus.BOOKED)
    assert WaitlistOffer.objects.get().state == OfferState.ACCEPTED
    assert console_errors == []
