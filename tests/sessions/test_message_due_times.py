"""When booking's messages are due: at the clinic's wall-clock times, across DST changes too."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from clinic.messaging.models import Message, MessageState
from tests.clock import TORONTO, at_clinic
from tests.sessions.planning import (
    DAY,
    NOW,
    TEN,
    book,
    due_of,
    kinds,
    planned,
    profile_client,
    therapist_days,
)

pytestmark = pytest.mark.django_db


MARCH_9_11_EDT = datetime(2026, 3, 9, 15, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_booking_plans_each_kind_at_its_time():
    appointment = book(TEN)

    assert planned(appointment) == [
        ("confirmation", "email", NOW, TEN),
        ("intake_nudge", "email", NOW, TEN),
        # The day before at the session's own clock time; at most 12 hours late.
        ("intake_nudge", "email", at_clinic(date(2026, 3, 3), 10), at_clinic(date(2026, 3, 3), 22)),
        ("reminder_24h", "email", at_clinic(date(2026, 3, 3), 10), at_clinic(date(2026, 3, 3), 22)),
        # Two hours after the session ends (11:00), at most 12 hours late.
        ("aftercare", "email", at_clinic(DAY, 13), at_clinic(date(2026, 3, 5), 1)),
        # Three days later at the same clock time, at most 48 hours late (11:00 EDT by then).
        ("check_in", "email", at_clinic(date(2026, 3, 7), 10), MARCH_9_11_EDT),
    ]
    assert therapist_days(appointment.therapist) == [
        (DAY, "email", at_clinic(date(2026, 3, 3), 18), at_clinic(DAY, 8))
    ]


@time_machine.travel(NOW, tick=False)
def test_booking_rows_record_the_planned_start_and_recipient():
    appointment = book(TEN)

    rows = Message.objects.about(appointment)

    assert {(row.recipient_id, row.subject_time, row.state) for row in rows} == {
        (appointment.client_id, TEN, MessageState.PENDING),
        (appointment.therapist.user_id, TEN, MessageState.PENDING),  # the new booking's news
    }


@pytest.mark.parametrize(
    ("session", "reminder"),
    [
        pytest.param(
            # Monday 9 March 2026, 10:00 EDT: the day before is the change day itself.
            datetime(2026, 3, 9, 14, tzinfo=UTC),
            datetime(2026, 3, 8, 14, tzinfo=UTC),  # Sunday 10:00 EDT, not 15:00
            id="spring-session-the-day-after-the-change",
        ),
        pytest.param(
            # Sunday 8 March 2026, 10:00 EDT: the day before is still on EST.
            datetime(2026, 3, 8, 14, tzinfo=UTC),
            datetime(2026, 3, 7, 15, tzinfo=UTC),  # Saturday 10:00 EST, not 09:00 (start-24h)
            id="spring-session-on-the-change-day",
        ),
        pytest.param(
            # Monday 2 November 2026, 10:00 EST.
            datetime(2026, 11, 2, 15, tzinfo=UTC),
            datetime(2026, 11, 1, 15, tzinfo=UTC),  # Sunday 1 November 10:00 EST
            id="fall-session-the-day-after-the-change",
        ),
        pytest.param(
            # Sunday 1 November 2026, 10:00 EST: the day before is still on EDT.
            datetime(2026, 11, 1, 15, tzinfo=UTC),
            datetime(2026, 10, 31, 14, tzinfo=UTC),  # Saturday 10:00 EDT, not 11:00 (start-24h)
            id="fall-session-on-the-change-day",
        ),
    ],
)
def test_reminder_24h_due_at_the_same_clock_time_the_day_before(session, reminder):
    with time_machine.travel(session - timedelta(days=7), tick=False):
        appointment = book(session)

    assert due_of(appointment, "reminder_24h") == (
        reminder,
        reminder + timedelta(hours=12),
    )


@pytest.mark.parametrize(
    ("session", "due", "send_by"),
    [
        pytest.param(
            datetime(2026, 3, 9, 14, tzinfo=UTC),  # Monday 9 March 10:00 EDT
            datetime(2026, 3, 8, 22, tzinfo=UTC),  # Sunday 18:00 EDT
            datetime(2026, 3, 9, 12, tzinfo=UTC),  # Monday 08:00 EDT
            id="spring-day-before-is-the-change",
        ),
        pytest.param(
            datetime(2026, 3, 8, 14, tzinfo=UTC),  # Sunday 8 March 10:00 EDT
            datetime(2026, 3, 7, 23, tzinfo=UTC),  # Saturday 18:00 EST
            datetime(2026, 3, 8, 12, tzinfo=UTC),  # Sunday 08:00 EDT
            id="spring-session-on-the-change-day",
        ),
        pytest.param(
            datetime(2026, 11, 2, 15, tzinfo=UTC),  # Monday 2 November 10:00 EST
            datetime(2026, 11, 1, 23, tzinfo=UTC),  # Sunday 18:00 EST
            datetime(2026, 11, 2, 13, tzinfo=UTC),  # Monday 08:00 EST
            id="fall-day-before-is-the-change",
        ),
        pytest.param(
            datetime(2026, 11, 1, 15, tzinfo=UTC),  # Sunday 1 November 10:00 EST
            datetime(2026, 10, 31, 22, tzinfo=UTC),  # Saturday 18:00 EDT
            datetime(2026, 11, 1, 13, tzinfo=UTC),  # Sunday 08:00 EST
            id="fall-session-on-the-change-day",
        ),
    ],
)
def test_therapist_day_due_at_18_the_day_before(session, due, send_by):
    with time_machine.travel(session - timedelta(days=7), tick=False):
        appointment = book(session)

    day = session.astimezone(TORONTO).date()
    assert therapist_days(appointment.therapist) == [(day, "email", due, send_by)]


@pytest.mark.parametrize(
    ("now", "reminded"),
    [
        pytest.param(at_clinic(date(2026, 3, 3), 9, 59), True, id="a-minute-more-than-a-day"),
        pytest.param(at_clinic(date(2026, 3, 3), 10), False, id="exactly-a-day"),
        pytest.param(at_clinic(date(2026, 3, 3), 16), False, id="less-than-a-day"),
    ],
)
def test_reminder_24h_only_when_booked_more_than_a_day_ahead(now, reminded):
    with time_machine.travel(now, tick=False):
        appointment = book(TEN)

    expected = [("reminder_24h", "email")] if reminded else []
    assert kinds(appointment, kind="reminder_24h") == expected
    nudges = kinds(appointment, kind="intake_nudge")
    assert nudges == [("intake_nudge", "email")] * (2 if reminded else 1)


@time_machine.travel(NOW, tick=False)
def test_reminder_2h_planned_with_the_preference():
    appointment = book(TEN, client=profile_client(reminder_2h=True))

    assert due_of(appointment, "reminder_2h") == (at_clinic(DAY, 8), TEN)


@time_machine.travel(NOW, tick=False)
def test_reminder_2h_not_planned_without_the_preference():
    appointment = book(TEN, client=profile_client(reminder_2h=False))

    assert kinds(appointment, kind="reminder_2h") == []


@time_machine.travel(at_clinic(DAY, 7, 30), tick=False)
def test_reminder_2h_not_planned_when_booked_less_than_two_hours_ahead():
    appointment = book(at_clinic(DAY, 9, 30), client=profile_client(reminder_2h=True))

    assert kinds(appointment, kind="reminder_2h") == []
