"""Booking's messages when a session moves or is cancelled: old ones skipped, a notice planned."""

from datetime import date, timedelta

import pytest
import time_machine

from clinic.messaging.models import Message, MessageState
from sessions.services import appointment_cancel, appointment_reschedule
from tests.clock import at_clinic
from tests.sessions.planning import DAY, NOW, TEN, book, due_of, kinds, planned, therapist_days

pytestmark = pytest.mark.django_db

MOVED = "The appointment moved."
CANCELLED = "The appointment was cancelled."


@time_machine.travel(NOW, tick=False)
def test_reschedule_skips_the_old_rows_and_plans_new_ones():
    appointment = book(TEN)
    new_start = at_clinic(date(2026, 3, 5), 14)  # Thursday 14:00 EST

    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=new_start
    )

    assert appointment.sequence == 1
    old = Message.objects.about(appointment).filter(subject_time=TEN)
    assert sorted(old.values_list("kind", "state", "skip_reason")) == [
        ("aftercare", "skipped", MOVED),
        ("check_in", "skipped", MOVED),
        # Kept pending by the move; it is skipped as moved when its send comes.
        ("confirmation", "pending", ""),
        ("intake_nudge", "skipped", MOVED),
        ("intake_nudge", "skipped", MOVED),
        # The therapist's news of the booking says its current time when it goes.
        ("new_booking", "pending", ""),
        ("reminder_24h", "skipped", MOVED),
    ]
    assert planned(appointment, subject_time=new_start) == [
        ("change", "email", NOW, new_start),
        ("intake_nudge", "email", at_clinic(DAY, 14), at_clinic(date(2026, 3, 5), 2)),
        ("reminder_24h", "email", at_clinic(DAY, 14), at_clinic(date(2026, 3, 5), 2)),
        ("aftercare", "email", at_clinic(date(2026, 3, 5), 17), at_clinic(date(2026, 3, 6), 5)),
        ("check_in", "email", at_clinic(date(2026, 3, 8), 14), at_clinic(date(2026, 3, 10), 14)),
    ]
    assert Message.objects.get(kind="change").key == f"change:{appointment.pk}:seq1:email"


@time_machine.travel(NOW, tick=False)
def test_reschedule_leaves_sent_rows_alone():
    appointment = book(TEN)
    Message.objects.filter(kind="confirmation").update(state=MessageState.SENT)

    appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(date(2026, 3, 5), 14)
    )

    assert Message.objects.get(kind="confirmation").state == MessageState.SENT


@time_machine.travel(NOW, tick=False)
def test_each_reschedule_plans_a_change_notice_with_its_sequence():
    appointment = book(TEN)

    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
    )
    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 11)
    )

    changes = Message.objects.filter(kind="change").order_by("key")
    assert list(changes.values_list("key", "state", "subject_time")) == [
        (f"change:{appointment.pk}:seq1:email", "skipped", at_clinic(DAY, 14)),
        (f"change:{appointment.pk}:seq2:email", "pending", at_clinic(DAY, 11)),
    ]
    assert appointment.sequence == 2


@time_machine.travel(NOW, tick=False)
def test_reschedule_to_another_day_plans_that_days_therapist_message():
    appointment = book(TEN)

    appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(date(2026, 3, 5), 14)
    )

    # The old day's message stays: it is skipped when due if nothing else is booked then.
    assert therapist_days(appointment.therapist) == [
        (DAY, "email", at_clinic(date(2026, 3, 3), 18), at_clinic(DAY, 8)),
        (date(2026, 3, 5), "email", at_clinic(DAY, 18), at_clinic(date(2026, 3, 5), 8)),
    ]


@time_machine.travel(NOW, tick=False)
def test_cancel_skips_pending_rows_and_plans_a_cancellation_notice():
    appointment = book(TEN)

    appointment_cancel(appointment=appointment, by=appointment.client)

    assert kinds(appointment, state=MessageState.SKIPPED, skip_reason=CANCELLED) == [
        ("aftercare", "email"),
        ("check_in", "email"),
        ("confirmation", "email"),
        ("intake_nudge", "email"),
        ("intake_nudge", "email"),
        ("reminder_24h", "email"),
    ]
    assert planned(appointment, state=MessageState.PENDING) == [("cancellation", "email", NOW, TEN)]


def test_late_cancellation_notice_may_still_go_an_hour_later():
    with time_machine.travel(NOW, tick=False):
        appointment = book(TEN)
    late = TEN - timedelta(minutes=30)

    with time_machine.travel(late, tick=False):
        appointment_cancel(appointment=appointment, by=appointment.client)

    assert due_of(appointment, "cancellation") == (late, late + timedelta(hours=1))
