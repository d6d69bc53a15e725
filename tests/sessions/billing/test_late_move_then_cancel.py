"""Moving a session late, far ahead, then cancelling it: the move was a late change, and
the session remembers it, so the cancel is late too (charged once), with or without a fee."""

import pytest
from pytest_django.asserts import assertContains

from sessions.billing.fees import fee_waive
from sessions.billing.models import Invoice, InvoiceKind
from sessions.models import Appointment, AppointmentMove, AppointmentStatus
from sessions.services import appointment_book, appointment_cancel, appointment_reschedule
from tests.clock import at_clinic

from .conftest import NOW
from .fees import IN_THREE_DAYS, TOMORROW, fees, session_on

pytestmark = pytest.mark.django_db

FAR_AHEAD = at_clinic(IN_THREE_DAYS, 14)


@pytest.fixture
def tomorrow(ava, therapist, service):
    """Ava's session at 10:00 tomorrow: 22 hours away, inside the free 24."""
    return session_on(TOMORROW, 10, client=ava, therapist=therapist, service=service)


def moved_far_ahead_then_cancelled(appointment: Appointment, *, by) -> Appointment:
    appointment_reschedule(appointment=appointment, by=by, start=FAR_AHEAD)
    appointment_cancel(appointment=appointment, by=appointment.client)
    return Appointment.objects.get(pk=appointment.pk)


def test_the_cancel_after_a_late_move_is_late_and_charged_once(ava, tomorrow):
    cancelled = moved_far_ahead_then_cancelled(tomorrow, by=ava)

    assert (cancelled.status, cancelled.late_cancellation) == (AppointmentStatus.CANCELLED, True)
    assert [lines[0][0] for *_, lines, _, _ in fees()] == [
        "Late reschedule: Trigger point therapy (60 min) on Wed 2 Dec 2026, 10:00"
    ]
    assert Appointment.objects.filter(client=ava).missed().count() == 1


def test_without_a_fee_the_cancel_is_still_allowed_and_counts_as_late(settings, ava, tomorrow):
    settings.LATE_CANCELLATION_FEE_PERCENT = 0

    cancelled = moved_far_ahead_then_cancelled(tomorrow, by=ava)

    assert (cancelled.status, cancelled.late_cancellation) == (AppointmentStatus.CANCELLED, True)
    assert Invoice.objects.count() == 0
    assert Appointment.objects.filter(client=ava).missed().count() == 1


def test_the_late_change_counts_towards_needing_approval(settings, ava, therapist, tomorrow):
    settings.LATE_CANCELLATION_FEE_PERCENT = 0
    settings.NO_SHOW_APPROVAL_THRESHOLD = 1
    moved_far_ahead_then_cancelled(tomorrow, by=ava)

    next_booking = appointment_book(
        client=ava, therapist=therapist, service=tomorrow.service, start=FAR_AHEAD
    )

    assert next_booking.status == AppointmentStatus.PENDING_APPROVAL


def test_the_session_remembers_its_late_move(ava, tomorrow):
    appointment_reschedule(appointment=tomorrow, by=ava, start=FAR_AHEAD)

    assert list(
        AppointmentMove.objects.values_list(
            "appointment", "moved_by", "moved_at", "from_start", "to_start", "late"
        )
    ) == [(tomorrow.pk, ava.pk, NOW, at_clinic(TOMORROW, 10), FAR_AHEAD, True)]


def test_a_waived_late_move_fee_is_not_charged_again_by_the_cancel(desk, ava, tomorrow):
    appointment_reschedule(appointment=tomorrow, by=ava, start=FAR_AHEAD)
    fee_waive(invoice=Invoice.objects.get(), by=desk, reason="First time.")

    appointment_cancel(appointment=tomorrow, by=ava)

    charged = Invoice.objects.filter(kind=InvoiceKind.LATE_CANCELLATION, credit_of=None)
    assert charged.count() == 1
    assert Appointment.objects.get(pk=tomorrow.pk).late_cancellation is True


def test_the_clinic_moving_a_session_late_leaves_a_later_cancel_free(desk, ava, tomorrow):
    cancelled = moved_far_ahead_then_cancelled(tomorrow, by=desk)

    assert cancelled.late_cancellation is False
    assert Invoice.objects.count() == 0


def test_a_move_made_in_time_leaves_a_later_cancel_free(ava, therapist, service):
    later = session_on(IN_THREE_DAYS, 10, client=ava, therapist=therapist, service=service)

    cancelled = moved_far_ahead_then_cancelled(later, by=ava)

    assert cancelled.late_cancellation is False
    assert Invoice.objects.count() == 0


def test_on_the_pages_a_late_move_then_a_cancel_is_shown_as_late(client, ava, tomorrow):
    client.force_login(ava)
    moved = client.post(
        f"/appointments/{tomorrow.pk}/reschedule/", {"start": FAR_AHEAD.isoformat()}
    )

    response = client.post(f"/appointments/{tomorrow.pk}/cancel/", {"reason": ""}, follow=True)

    assert moved.status_code == 302
    assert response.redirect_chain == [("/appointments/", 302)]
    assertContains(response, "Cancelled, late", count=1)
    assert Appointment.objects.get(pk=tomorrow.pk).late_cancellation is True
