"""Fees by the booking policy: a client's cancellation or move inside the free-cancellation
window, and a no-show, each issue a fee invoice in the transaction of the change; the
clinic's own cancellations cost nothing; an undone no-show credits its fee."""

from decimal import Decimal

import pytest

from sessions.billing.models import Invoice, InvoiceKind, InvoiceStatus
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    ActionRefused,
    appointment_cancel,
    appointment_reschedule,
    appointment_set_outcome,
)
from tests.clock import at_clinic
from tests.factories import ServiceFactory

from .conftest import TODAY
from .fees import IN_THREE_DAYS, TOMORROW, fees, session_on

pytestmark = pytest.mark.django_db
SERVICE = "Trigger point therapy (60 min)"

LATE = InvoiceKind.LATE_CANCELLATION
# Half of 110.00 is 55.00, and 13% tax on it 7.15.
HALF = ("55.00", "7.15")


def line(description: str, unit_price: str, tax: str) -> list[tuple]:
    return [(description, Decimal(unit_price), Decimal(tax))]


@pytest.fixture
def tomorrow(ava, therapist, service):
    """Ava's session at 10:00 tomorrow: 22 hours away, inside the free 24."""
    return session_on(TOMORROW, 10, client=ava, therapist=therapist, service=service)


@pytest.fixture
def later(ava, therapist, service):
    """Ava's session in three days: free to change."""
    return session_on(IN_THREE_DAYS, 10, client=ava, therapist=therapist, service=service)


def test_a_late_cancellation_by_the_client_costs_half_the_price_with_tax(ava, tomorrow):
    appointment_cancel(appointment=tomorrow, by=ava)

    assert fees() == [
        (
            "2026-000001",
            tomorrow.pk,
            ava.pk,
            line(f"Late cancellation: {SERVICE} on Wed 2 Dec 2026, 10:00", *HALF),
            Decimal("62.15"),
            None,
        )
    ]
    fee = Invoice.objects.get()
    assert (fee.client, fee.status, fee.balance) == (ava, InvoiceStatus.UNPAID, Decimal("62.15"))


def test_a_cancellation_outside_the_window_is_free(ava, later):
    appointment_cancel(appointment=later, by=ava)

    assert Invoice.objects.count() == 0


def test_the_fee_is_issued_in_the_transaction_of_the_cancellation(ava, tomorrow, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("no invoice")

    monkeypatch.setattr("sessions.billing.fees.invoice_issue", fail)

    with pytest.raises(RuntimeError):
        appointment_cancel(appointment=tomorrow, by=ava)

    assert Appointment.objects.get(pk=tomorrow.pk).status == AppointmentStatus.BOOKED


def test_a_late_move_costs_the_fee_at_once_and_a_later_cancel_is_not_charged_again(ava, tomorrow):
    appointment_reschedule(appointment=tomorrow, by=ava, start=at_clinic(IN_THREE_DAYS, 14))
    charged_at_the_move = fees()
    appointment_cancel(appointment=tomorrow, by=ava)

    assert charged_at_the_move == [
        (
            "2026-000001",
            tomorrow.pk,
            ava.pk,
            # The time it had when it was moved late.
            line(f"Late reschedule: {SERVICE} on Wed 2 Dec 2026, 10:00", *HALF),
            Decimal("62.15"),
            None,
        )
    ]
    assert fees() == charged_at_the_move


def test_two_late_moves_then_a_late_cancel_cost_one_fee(ava, tomorrow):
    appointment_reschedule(appointment=tomorrow, by=ava, start=at_clinic(TOMORROW, 14))
    appointment_reschedule(appointment=tomorrow, by=ava, start=at_clinic(TOMORROW, 15))
    appointment_cancel(appointment=tomorrow, by=ava)

    assert [number for number, *_ in fees()] == ["2026-000001"]


def test_a_move_outside_the_window_is_free_and_so_is_a_cancel_outside_it(ava, later):
    appointment_reschedule(appointment=later, by=ava, start=at_clinic(IN_THREE_DAYS, 14))
    appointment_cancel(appointment=later, by=ava)

    assert Invoice.objects.count() == 0


def test_a_free_move_into_the_window_then_a_cancel_is_a_late_cancellation(ava, later):
    appointment_reschedule(appointment=later, by=ava, start=at_clinic(TOMORROW, 9))
    appointment_cancel(appointment=later, by=ava)

    assert [lines[0][0] for *_, lines, _, _ in fees()] == [
        "Late cancellation: Trigger point therapy (60 min) on Wed 2 Dec 2026, 09:00"
    ]


def test_the_clinic_moving_a_session_late_costs_the_client_nothing(desk, tomorrow):
    appointment_reschedule(appointment=tomorrow, by=desk, start=at_clinic(IN_THREE_DAYS, 14))

    assert Invoice.objects.count() == 0


def test_the_clinic_cancelling_late_costs_the_client_nothing(desk, therapist, tomorrow):
    appointment_cancel(appointment=tomorrow, by=therapist.user)

    assert Invoice.objects.count() == 0
    assert Appointment.objects.get(pk=tomorrow.pk).late_cancellation is False


def test_the_desk_cancelling_for_a_client_who_called_late_charges_when_it_says_so(desk, tomorrow):
    appointment_cancel(appointment=tomorrow, by=desk, charge_late_fee=True)

    assert [(issued_by, total) for _, _, issued_by, _, total, _ in fees()] == [
        (desk.pk, Decimal("62.15"))
    ]
    assert Appointment.objects.get(pk=tomorrow.pk).late_cancellation is True


def test_the_desk_charging_outside_the_window_charges_nothing(desk, later):
    appointment_cancel(appointment=later, by=desk, charge_late_fee=True)

    assert Invoice.objects.count() == 0


def test_only_the_desk_chooses_to_charge(therapist, tomorrow):
    with pytest.raises(ActionRefused, match="^Only the front desk and clinic admins charge"):
        appointment_cancel(appointment=tomorrow, by=therapist.user, charge_late_fee=True)

    assert Appointment.objects.get(pk=tomorrow.pk).status == AppointmentStatus.BOOKED


def test_a_late_fee_of_zero_percent_is_off(settings, ava, tomorrow):
    settings.LATE_CANCELLATION_FEE_PERCENT = 0

    appointment_cancel(appointment=tomorrow, by=ava)

    assert Invoice.objects.count() == 0
    assert Appointment.objects.get(pk=tomorrow.pk).late_cancellation is True


def test_a_free_service_costs_no_fee(ava, therapist):
    free = ServiceFactory(name="Consultation", price="0.00")
    therapist.services.add(free)
    session = session_on(TOMORROW, 10, client=ava, therapist=therapist, service=free)

    appointment_cancel(appointment=session, by=ava)

    assert Invoice.objects.count() == 0


# No-shows


@pytest.fixture
def missed(ava, therapist, service):
    """Ava's 10:00 session this morning: two hours ago, and she did not come."""
    return session_on(TODAY, 10, client=ava, therapist=therapist, service=service)


def test_a_no_show_costs_the_whole_price_with_tax(desk, missed):
    appointment_set_outcome(appointment=missed, by=desk, status=AppointmentStatus.NO_SHOW)

    assert fees(InvoiceKind.NO_SHOW) == [
        (
            "2026-000001",
            missed.pk,
            desk.pk,
            line(f"No-show: {SERVICE} on Tue 1 Dec 2026, 10:00", "110.00", "14.30"),
            Decimal("124.30"),
            None,
        )
    ]


def test_a_no_show_fee_follows_its_percent(settings, therapist, missed):
    settings.NO_SHOW_FEE_PERCENT = 30

    appointment_set_outcome(appointment=missed, by=therapist.user, status="no_show")

    assert [lines for *_, lines, _, _ in fees(InvoiceKind.NO_SHOW)] == [
        line(f"No-show: {SERVICE} on Tue 1 Dec 2026, 10:00", "33.00", "4.29")
    ]


def test_a_no_show_fee_of_zero_percent_is_off(settings, desk, missed):
    settings.NO_SHOW_FEE_PERCENT = 0

    appointment_set_outcome(appointment=missed, by=desk, status=AppointmentStatus.NO_SHOW)

    assert Invoice.objects.count() == 0


def test_undoing_a_no_show_credits_its_fee_with_the_reason(desk, therapist, missed):
    appointment_set_outcome(appointment=missed, by=desk, status=AppointmentStatus.NO_SHOW)

    appointment_set_outcome(appointment=missed, by=therapist.user, status="completed")

    fee, credit = Invoice.objects.filter(kind=InvoiceKind.NO_SHOW).order_by("pk")
    assert (credit.credit_of, credit.total, credit.issued_by, credit.reason) == (
        fee,
        Decimal("-124.30"),
        therapist.user,
        "The no-show was undone: the session is marked completed.",
    )
    assert (fee.status, fee.balance) == (InvoiceStatus.VOID, Decimal("0.00"))


def test_marking_a_no_show_twice_or_again_after_an_undo_charges_once(desk, missed):
    for status in ("no_show", "no_show", "completed", "no_show"):
        appointment_set_outcome(appointment=missed, by=desk, status=status)

    assert [(number, total) for number, _, _, _, total, _ in fees(InvoiceKind.NO_SHOW)] == [
        ("2026-000001", Decimal("124.30")),
        ("2026-000002", Decimal("-124.30")),
    ]


def test_completing_a_session_that_was_never_a_no_show_credits_nothing(desk, missed):
    appointment_set_outcome(appointment=missed, by=desk, status=AppointmentStatus.COMPLETED)

    assert Invoice.objects.count() == 0
