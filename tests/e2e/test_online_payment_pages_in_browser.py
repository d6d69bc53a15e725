"""A client's pages for paying online pass axe-core's checks in a real Chromium and fit a
phone: their appointments with the pay button, a paid and an owed-back session, the page that
waits for the webhook, and the page of a payment left unpaid.

Time is not frozen here (the browser and the server thread read the real clock)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from clinic.clock import clinic_zone
from sessions.billing.models import OnlinePayment, OnlinePaymentStatus
from sessions.models import AppointmentStatus
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    bookable_therapist,
    submit_intake,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def client_pages(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_e2e"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_e2e"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # never asked: no payment is started
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60, price="110.00")
    therapist = bookable_therapist(service)
    ada = ClientFactory(first_name="Ada", last_name="Lovelace")
    submit_intake(ada)  # no intake prompt: its link's contrast is not this page's concern
    day = timezone.localdate() + timedelta(days=3)

    def session(hour: int, **fields):
        start = datetime.combine(day, time(hour), tzinfo=clinic_zone())
        return AppointmentFactory(
            client=ada, therapist=therapist, service=service, start=start, **fields
        )

    def online(appointment, status) -> OnlinePayment:
        return OnlinePayment.objects.create(
            appointment=appointment,
            client=ada,
            amount="55.00",
            currency="CAD",
            processor="stripe",
            status=status,
            created_at=timezone.now(),
        )

    session(9)  # to pay
    online(session(11), OnlinePaymentStatus.PAID)
    online(session(13, status=AppointmentStatus.CANCELLED), OnlinePaymentStatus.PAID)
    pending = online(session(15), OnlinePaymentStatus.PENDING)
    return ada, {
        "appointments": "/appointments/",
        "waiting": f"/payments/{pending.pk}/",
        "cancelled": f"/payments/{pending.pk}/cancelled/",
    }


def test_the_online_payment_pages_pass_axe_and_fit_a_phone(live_http, page, client_pages):
    ada, pages = client_pages
    sign_in(page, live_http.url, ada.email)
    page.set_viewport_size(PHONE)

    found = {}
    for name, path in pages.items():
        page.goto(live_http.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        found[name] = (page.title() != "", width, axe_violations(page))

    page.goto(live_http.url + "/appointments/")
    buttons = page.get_by_role("button", name="Pay the deposit of CAD 55.00 online")
    assert buttons.count() == 2  # the session to pay, and the one left unpaid on Stripe's page
    assert found == {name: (True, PHONE["width"], []) for name in pages}
