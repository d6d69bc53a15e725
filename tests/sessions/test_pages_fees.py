"""What clients are told before they commit: the price with its tax wherever they choose a
service, the fee policy with its amounts on the confirm step, after booking and when
cancelling; and the desk's choice to charge a client who calls to cancel late."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from clinic.catalogue.models import Service
from sessions.billing.models import Invoice, InvoiceKind
from sessions.models import Appointment
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, DeskFactory
from tests.pages import html, http_as
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)  # Tuesday 1 December 2026, 10:00 in Toronto

WITH_TAX = "CAD 110.00 + tax 13% = CAD 124.30"
POLICY = (
    "Cancelling or rescheduling less than 24 hours before costs CAD 62.15 (50%); "
    "missing the session costs CAD 124.30."
)


@pytest.fixture(autouse=True)
def taxed(service):
    Service.objects.filter(pk=service.pk).update(tax_rate="13.00")
    service.refresh_from_db()
    return service


def choice(therapist, service) -> dict:
    return {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-03T15:00:00+00:00"}


def options(response) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]+)</option>", html(response))


def test_the_confirm_step_shows_the_price_with_tax_and_the_policy(signed_in, service, maya):
    response = signed_in.get("/appointments/new/", choice(maya, service))

    assert re.search(r'<span id="price">([^<]+)</span>', html(response)).group(1) == WITH_TAX
    assert (
        re.search(r'<p class="small" id="fee-policy">([^<]+)</p>', html(response)).group(1)
        == POLICY
    )


def test_the_booking_confirmation_states_the_policy(signed_in, service, maya):
    response = signed_in.post("/appointments/new/", choice(maya, service))

    appointment = Appointment.objects.get()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Booked: {appointment}. {POLICY}"
    ]


def test_a_fee_that_is_off_is_left_out(settings, signed_in, service, maya):
    settings.NO_SHOW_FEE_PERCENT = 0

    response = signed_in.get("/appointments/new/", choice(maya, service))

    assert (
        "Cancelling or rescheduling less than 24 hours before costs CAD 62.15 (50%).</p>"
        in html(response)
    )
    assert "missing the session" not in html(response)


def test_the_therapist_page_names_each_service_with_its_price_and_tax(client, service, maya):
    response = client.get(f"/therapists/{maya.pk}/")

    assert options(response) == [f"Trigger point therapy (60 min) · {WITH_TAX}"]


def test_the_therapist_list_names_each_service_with_its_price_and_tax(client, service, maya):
    response = client.get("/therapists/")

    assert options(response) == ["Any service", f"Trigger point therapy (60 min) · {WITH_TAX}"]


def test_a_service_without_tax_shows_its_price_alone(client, service, maya):
    Service.objects.filter(pk=service.pk).update(tax_rate="0.00")

    response = client.get(f"/therapists/{maya.pk}/")

    assert options(response) == ["Trigger point therapy (60 min) · CAD 110.00"]


# Cancelling


@pytest.fixture
def tomorrow(client_user, service, maya):
    """Ava's session at 09:00 tomorrow: 23 hours away, inside the free 24."""
    return AppointmentFactory(client=client_user, therapist=maya, service=service, start=utc(2, 14))


@pytest.fixture
def later(client_user, service, maya):
    return AppointmentFactory(client=client_user, therapist=maya, service=service, start=utc(4, 14))


def charge_box(response) -> str | None:
    found = re.search(r'<input type="checkbox" name="charge_late_fee"[^>]*>', html(response))
    return found.group(0) if found else None


def test_the_cancel_page_states_the_policy_and_offers_the_client_no_choice(signed_in, tomorrow):
    response = signed_in.get(f"/appointments/{tomorrow.pk}/cancel/")

    assert POLICY in html(response)
    assert charge_box(response) is None


def test_the_desk_is_offered_to_charge_inside_the_window_ticked_by_default(tomorrow):
    response = http_as(DeskFactory()).get(f"/appointments/{tomorrow.pk}/cancel/")

    assert "checked" in charge_box(response)
    assert "The client cancels inside the free-cancellation window: CAD 62.15 (50%)." in html(
        response
    )


def test_the_desk_is_offered_no_charge_outside_the_window(later):
    response = http_as(DeskFactory()).get(f"/appointments/{later.pk}/cancel/")

    assert charge_box(response) is None


def fees() -> list[tuple]:
    return list(
        Invoice.objects.filter(kind=InvoiceKind.LATE_CANCELLATION).values_list(
            "appointment", "total"
        )
    )


def test_the_desk_charging_a_late_caller_issues_the_fee(tomorrow):
    http_as(DeskFactory()).post(
        f"/appointments/{tomorrow.pk}/cancel/", {"reason": "Called", "charge_late_fee": "on"}
    )

    assert fees() == [(tomorrow.pk, Decimal("62.15"))]


def test_the_desk_unticking_the_charge_cancels_free(tomorrow):
    response = http_as(DeskFactory()).post(
        f"/appointments/{tomorrow.pk}/cancel/", {"reason": "Her child is ill"}
    )

    assert response.status_code == 302
    assert fees() == []
    assert Appointment.objects.get(pk=tomorrow.pk).late_cancellation is False


def test_the_api_lets_the_desk_charge_and_refuses_the_client_the_choice(
    client_user, tomorrow, later
):
    desk = api_as(DeskFactory()).post(
        f"/api/v1/appointments/{tomorrow.pk}/cancel/", {"charge_late_fee": True}, format="json"
    )
    own = api_as(client_user).post(
        f"/api/v1/appointments/{later.pk}/cancel/", {"charge_late_fee": True}, format="json"
    )

    assert desk.status_code == 200
    assert fees() == [(tomorrow.pk, Decimal("62.15"))]
    assert (own.status_code, own.json()) == (
        400,
        {"detail": "Only the front desk and clinic admins charge a client a fee."},
    )


def test_the_desk_is_offered_no_charge_for_a_session_that_has_started(client_user, service, maya):
    started = AppointmentFactory(
        client=client_user, therapist=maya, service=service, start=utc(1, 14)
    )

    response = http_as(DeskFactory()).get(f"/appointments/{started.pk}/cancel/")

    assert charge_box(response) is None
