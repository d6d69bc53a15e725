"""A client's pages for paying a session online: the button on their appointments, the trip to
Stripe's checkout and back, and what the desk sees."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from sessions.billing.models import OnlinePayment, OnlinePaymentStatus
from sessions.billing.online import online_payment_webhook
from sessions.billing.processors import WebhookEvent
from sessions.models import AppointmentStatus
from sessions.services import appointment_cancel
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory
from tests.pages import answer_of, html, http_as

from ..conftest import TODAY

pytestmark = pytest.mark.django_db

DEPOSIT_BUTTON = "Pay the deposit of CAD 62.15 online"


def pay(http, appointment):
    return http.post(f"/payments/appointments/{appointment.pk}/pay/")


def confirm(payment: OnlinePayment) -> None:
    online_payment_webhook(
        event=WebhookEvent(
            id="evt_1",
            type="checkout.session.completed",
            checkout_id=payment.checkout_id,
            payment_status="paid",
            amount=payment.amount,
            currency=payment.currency,
            payment_intent="pi_test_42",
        )
    )


def test_no_button_when_online_payment_is_off(booked):
    page = html(http_as(booked.client).get("/appointments/"))

    assert "Pay" not in page


def test_the_client_sees_the_deposit_button_on_their_session(stripe_api, booked):
    page = html(http_as(booked.client).get("/appointments/"))

    assert page.count(DEPOSIT_BUTTON) == 1
    assert f'action="/payments/appointments/{booked.pk}/pay/"' in page


def test_the_button_asks_the_full_amount_when_the_clinic_says_so(stripe_api, settings, booked):
    settings.ONLINE_PAYMENT = "full"

    page = html(http_as(booked.client).get("/appointments/"))

    assert page.count("Pay CAD 124.30 now") == 1


def test_the_desk_sees_no_button(stripe_api, booked, desk):
    page = html(http_as(desk).get("/appointments/"))

    assert "Pay " not in page


def test_paying_sends_the_client_to_stripes_checkout(stripe_api, booked):
    response = pay(http_as(booked.client), booked)

    payment = OnlinePayment.objects.get()
    form = stripe_api.requests[0]["form"]
    assert answer_of(response) == (302, "https://checkout.stripe.com/c/pay/cs_test_1")
    assert (form["success_url"], form["cancel_url"]) == (
        f"http://testserver/payments/{payment.pk}/",
        f"http://testserver/payments/{payment.pk}/cancelled/",
    )


@pytest.mark.parametrize(
    ("who", "answer"), [("other client", 404), ("desk", 403), ("anonymous", 302)]
)
def test_only_its_client_pays_a_session(stripe_api, booked, desk, who, answer):
    user = {"other client": ClientFactory(), "desk": desk, "anonymous": None}[who]

    response = pay(http_as(user), booked)

    assert response.status_code == answer
    assert (OnlinePayment.objects.count(), stripe_api.requests) == (0, [])


def test_paying_is_not_there_when_online_payment_is_off(booked):
    assert pay(http_as(booked.client), booked).status_code == 404


def test_a_refused_payment_says_why_on_the_appointments(stripe_api, booked):
    http = http_as(booked.client)
    appointment_cancel(appointment=booked, by=booked.client)

    response = pay(http, booked)

    assert answer_of(response) == (302, "/appointments/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Only a booked session still to come is paid online."
    ]


def test_the_return_page_waits_for_the_webhook(stripe_api, booked):
    http = http_as(booked.client)
    pay(http, booked)
    payment = OnlinePayment.objects.get()

    waiting = html(http.get(f"/payments/{payment.pk}/"))
    confirm(payment)
    received = html(http.get(f"/payments/{payment.pk}/"))

    assert "We are confirming your payment" in waiting
    assert "Payment received" not in waiting
    assert "Payment received" in received


def test_the_cancel_page_keeps_the_booking(stripe_api, booked):
    http = http_as(booked.client)
    pay(http, booked)
    payment = OnlinePayment.objects.get()

    page = html(http.get(f"/payments/{payment.pk}/cancelled/"))

    assert "No payment taken" in page
    assert "Your booking stands" in page


@pytest.mark.parametrize("page", ["/payments/{pk}/", "/payments/{pk}/cancelled/"])
def test_someone_elses_payment_is_a_404(stripe_api, booked, page):
    pay(http_as(booked.client), booked)
    payment = OnlinePayment.objects.get()

    response = http_as(ClientFactory()).get(page.format(pk=payment.pk))

    assert response.status_code == 404


def test_a_paid_session_shows_it_and_no_button(stripe_api, booked):
    http = http_as(booked.client)
    pay(http, booked)
    confirm(OnlinePayment.objects.get())

    page = html(http.get("/appointments/"))

    assert "Paid online: CAD 62.15" in page
    assert DEPOSIT_BUTTON not in page


def test_a_cancelled_session_paid_online_shows_the_money_owed_back(stripe_api, booked, desk):
    pay(http_as(booked.client), booked)
    confirm(OnlinePayment.objects.get())
    appointment_cancel(appointment=booked, by=booked.client)

    clients_page = html(http_as(booked.client).get("/appointments/"))
    desks_page = html(http_as(desk).get(f"/desk/clients/{booked.client_id}/"))

    assert "CAD 62.15 paid online is owed back to you: the clinic refunds it" in clients_page
    assert "Owed back: CAD 62.15 paid online" in desks_page


@pytest.mark.parametrize("count", [1, 3])
def test_the_appointments_page_keeps_its_queries(
    stripe_api, ava, therapist, service, count, django_assert_num_queries
):
    for day in range(count):
        appointment = AppointmentFactory(
            client=ava,
            therapist=therapist,
            service=service,
            start=at_clinic(TODAY + timedelta(days=day + 1), 11),
            status=AppointmentStatus.BOOKED,
        )
        OnlinePayment.objects.create(
            appointment=appointment,
            client=ava,
            amount=Decimal("62.15"),
            currency="CAD",
            processor="stripe",
            status=OnlinePaymentStatus.PAID if day % 2 else OnlinePaymentStatus.PENDING,
            created_at=appointment.start - timedelta(days=3),
        )
    http = http_as(ava)
    http.get("/appointments/")  # the session's first request loads what later ones reuse

    with django_assert_num_queries(6):
        page = html(http.get("/appointments/"))

    assert page.count("Pay the deposit") == (count + 1) // 2
