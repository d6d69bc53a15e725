"""When each message is due: the rows made with every booking change, in the same
transaction, due in UTC at the clinic's wall-clock times (across DST changes too)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction

from clinic.accounts.models import User
from clinic.config import celery_app
from clinic.messaging.models import Message, MessageState
from sessions.messages import plan_booking_messages
from sessions.models import Appointment
from sessions.notes.services import note_sign
from sessions.services import (
    BookingRefused,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from tests.clock import TORONTO, at_clinic
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    ServiceFactory,
    SessionNoteFactory,
    bookable_therapist,
)
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 17, tzinfo=UTC)  # Sunday 1 March 2026, 12:00 in Toronto (EST)
DAY = date(2026, 3, 4)  # Wednesday, before the change to summer time
TEN = at_clinic(DAY, 10)  # 15:00 UTC
MOVED = "The appointment moved."
CANCELLED = "The appointment was cancelled."
PHONE = "+14165550142"


def book(start: datetime, *, client: User | None = None, like: Appointment | None = None):
    """A one-hour session booked through the rules, by a fresh client unless told, with a
    fresh therapist or the one of `like`."""
    if like is None:
        service = ServiceFactory(duration_minutes=60)
        therapist = bookable_therapist(service)
    else:
        service, therapist = like.service, like.therapist
    return appointment_book(
        client=client or ClientFactory(), therapist=therapist, service=service, start=start
    )


def planned(appointment: Appointment, **filters) -> list[tuple]:
    """(kind, channel, due_at, send_by) of the appointment's messages, by due time."""
    rows = Message.objects.about(appointment).filter(**filters)
    return list(
        rows.order_by("due_at", "kind", "channel").values_list(
            "kind", "channel", "due_at", "send_by"
        )
    )


def kinds(appointment: Appointment, **filters) -> list[tuple[str, str]]:
    """(kind, channel) of the appointment's messages, sorted."""
    rows = Message.objects.about(appointment).filter(**filters)
    return sorted(rows.values_list("kind", "channel"))


def due_of(appointment: Appointment, kind: str) -> tuple[datetime, datetime]:
    return Message.objects.about(appointment).values_list("due_at", "send_by").get(kind=kind)


def therapist_days(therapist: Therapist) -> list[tuple]:
    """(day, channel, due_at, send_by) of the therapist's day messages."""
    rows = Message.objects.filter(recipient=therapist.user, kind="therapist_day")
    return list(rows.order_by("day").values_list("day", "channel", "due_at", "send_by"))


def profile_client(**preferences) -> User:
    return ClientProfileFactory(**preferences).user


# Each kind's due time


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
        (appointment.client_id, TEN, MessageState.PENDING)
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
    ("session", "check_in"),
    [
        pytest.param(
            datetime(2026, 3, 6, 15, tzinfo=UTC),  # Friday 6 March 10:00 EST
            datetime(2026, 3, 9, 14, tzinfo=UTC),  # Monday 9 March 10:00 EDT
            id="spring",
        ),
        pytest.param(
            datetime(2026, 10, 29, 14, tzinfo=UTC),  # Thursday 29 October 10:00 EDT
            datetime(2026, 11, 1, 15, tzinfo=UTC),  # Sunday 1 November 10:00 EST
            id="fall",
        ),
    ],
)
def test_check_in_due_three_days_later_at_the_same_clock_time(session, check_in):
    with time_machine.travel(session - timedelta(days=7), tick=False):
        appointment = book(session)

    assert due_of(appointment, "check_in") == (check_in, check_in + timedelta(days=2))


def test_aftercare_due_two_real_hours_after_the_end_across_the_change():
    # Saturday 7 March 2026, 23:00-00:00 EST; that night 02:00 EST jumps to 03:00 EDT.
    late = AppointmentFactory(
        start=datetime(2026, 3, 8, 4, tzinfo=UTC), end=datetime(2026, 3, 8, 5, tzinfo=UTC)
    )

    plan_booking_messages(late, now=datetime(2026, 3, 7, 12, tzinfo=UTC))

    # Midnight EST plus two hours of real time is 03:00 EDT (07:00 UTC).
    assert due_of(late, "aftercare") == (
        datetime(2026, 3, 8, 7, tzinfo=UTC),
        datetime(2026, 3, 8, 19, tzinfo=UTC),
    )


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


# Channels


# A booking's client messages, by kind (the intake nudge goes now and the day before).
SESSION_KINDS = [
    "aftercare",
    "check_in",
    "confirmation",
    "intake_nudge",
    "intake_nudge",
    "reminder_24h",
]


@pytest.mark.parametrize(
    ("preferences", "channels"),
    [
        pytest.param(None, ["email"], id="no-profile-email"),
        pytest.param({}, ["email"], id="email"),
        pytest.param({"by_email": False, "by_sms": True, "phone": PHONE}, ["sms"], id="sms"),
        pytest.param({"by_sms": True, "phone": PHONE}, ["email", "sms"], id="both"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_every_message_goes_by_each_chosen_channel(preferences, channels):
    client = ClientFactory() if preferences is None else profile_client(**preferences)

    appointment = book(TEN, client=client)

    assert kinds(appointment) == sorted(
        (kind, channel) for kind in SESSION_KINDS for channel in channels
    )


@pytest.mark.parametrize(
    "preferences",
    [
        pytest.param({"by_email": False, "by_sms": False}, id="none"),
        pytest.param({"by_email": False, "by_sms": True, "phone": ""}, id="sms-without-phone"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_no_channel_leaves_only_the_confirmation_by_email(preferences):
    appointment = book(TEN, client=profile_client(**preferences))

    assert kinds(appointment) == [("confirmation", "email")]


@time_machine.travel(NOW, tick=False)
def test_no_channel_still_sends_change_and_cancellation_notices_by_email():
    appointment = book(TEN, client=profile_client(by_email=False, by_sms=False))

    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
    )
    appointment_cancel(appointment=appointment, by=appointment.client)

    assert kinds(appointment) == [
        ("cancellation", "email"),
        ("change", "email"),
        ("confirmation", "email"),
    ]


@time_machine.travel(NOW, tick=False)
def test_therapist_day_goes_by_email_whatever_the_client_chose():
    appointment = book(TEN, client=profile_client(by_email=False, by_sms=True, phone=PHONE))

    assert [row[1] for row in therapist_days(appointment.therapist)] == ["email"]


# One transaction with the booking change


@time_machine.travel(NOW, tick=False)
def test_refused_booking_leaves_no_rows():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, end=time(12))

    with pytest.raises(BookingRefused):
        appointment_book(
            client=ClientFactory(), therapist=therapist, service=service, start=at_clinic(DAY, 14)
        )

    assert Message.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_refused_reschedule_keeps_the_rows_as_they_were():
    appointment = book(TEN)
    before = planned(appointment)

    with pytest.raises(BookingRefused):
        appointment_reschedule(
            appointment=appointment, by=appointment.client, start=at_clinic(DAY, 20)
        )

    assert planned(appointment) == before
    assert kinds(appointment, state=MessageState.SKIPPED) == []


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_booking_rolled_back_takes_its_rows_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        book(TEN)
        assert Message.objects.count() == 7
        raise RuntimeError("the request failed after booking")

    assert Appointment.objects.count() == 0
    assert Message.objects.count() == 0


@pytest.fixture
def eager_celery():
    """Tasks run in the calling process, as soon as they are sent."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_messages_due_at_booking_go_out_only_after_the_commit(eager_celery):
    with transaction.atomic():
        appointment = book(TEN)
        assert mail.outbox == []

    assert [message.subject for message in mail.outbox] == [
        f"Booked: Wed 4 Mar, 10:00 with {appointment.therapist}",
        "Before your session: your intake form",
    ]
    assert kinds(appointment, state=MessageState.SENT) == [
        ("confirmation", "email"),
        ("intake_nudge", "email"),
    ]


@time_machine.travel(NOW, tick=False)
def test_booking_asks_for_a_dispatch_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        book(TEN)

    assert [callback.__name__ for callback in callbacks] == ["_dispatch_now"]


# Reschedule and cancel


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


# Rebook nudge


def signed_with_rebook(days: int | None, *, start: datetime, client: User | None = None):
    appointment = AppointmentFactory(start=start, client=client or ClientFactory())
    note = SessionNoteFactory(appointment=appointment, rebook_after_days=days)
    note_sign(note=note, by=appointment.therapist.user, now=start + timedelta(hours=2))
    return appointment


@pytest.mark.parametrize(
    ("start", "due"),
    [
        pytest.param(
            at_clinic(date(2026, 2, 11), 15), at_clinic(date(2026, 2, 25), 10), id="winter"
        ),
        pytest.param(
            # 14 days after Wednesday 25 February lies past the change: 10:00 EDT.
            datetime(2026, 2, 25, 20, tzinfo=UTC),
            datetime(2026, 3, 11, 14, tzinfo=UTC),
            id="across-the-spring-change",
        ),
    ],
)
def test_signing_a_note_plans_a_rebook_nudge_at_10_local(start, due):
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        appointment = signed_with_rebook(14, start=start)

    assert planned(appointment) == [("rebook", "email", due, due + timedelta(days=7))]


@time_machine.travel(datetime(2026, 2, 11, 22, tzinfo=UTC), tick=False)
def test_signing_a_note_without_an_interval_plans_no_rebook_nudge():
    appointment = signed_with_rebook(None, start=at_clinic(date(2026, 2, 11), 15))

    assert planned(appointment) == []


@time_machine.travel(datetime(2026, 2, 11, 22, tzinfo=UTC), tick=False)
def test_rebook_nudge_follows_the_channels():
    client = profile_client(by_email=False, by_sms=True, phone=PHONE)

    appointment = signed_with_rebook(21, start=at_clinic(date(2026, 2, 11), 15), client=client)

    assert kinds(appointment) == [("rebook", "sms")]


# Idempotent planning


@time_machine.travel(NOW, tick=False)
def test_planning_twice_creates_no_duplicates():
    appointment = book(TEN)
    before = sorted(Message.objects.values_list("key", "due_at"))

    plan_booking_messages(appointment, now=NOW + timedelta(minutes=5))

    assert sorted(Message.objects.values_list("key", "due_at")) == before
    assert len(before) == 7


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("by_sms", [False, True])
def test_planning_takes_one_insert_per_message_whatever_the_channels(
    django_assert_num_queries, by_sms
):
    client = ClientProfileFactory(by_sms=by_sms, phone=PHONE).user
    appointment = AppointmentFactory(client=client, start=TEN)
    appointment = Appointment.objects.select_related("client", "therapist__user").get(
        pk=appointment.pk
    )

    ContentType.objects.get_for_model(Appointment)  # read once a process, then cached
    # The client's profile, then confirmation, intake nudge now, reminder, intake nudge
    # the day before, aftercare, check-in and the therapist's day: one insert each.
    with django_assert_num_queries(8):
        plan_booking_messages(appointment, now=NOW)

    assert Message.objects.count() == (13 if by_sms else 7)


@time_machine.travel(NOW, tick=False)
def test_the_database_refuses_a_duplicate_key():
    appointment = book(TEN)
    existing = Message.objects.get(kind="confirmation")

    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            key=existing.key,
            kind=existing.kind,
            channel=existing.channel,
            recipient=appointment.client,
            subject=appointment,
            due_at=NOW,
            send_by=TEN,
        )


@time_machine.travel(NOW, tick=False)
def test_two_sessions_on_one_day_share_one_therapist_message():
    first = book(TEN)

    book(at_clinic(DAY, 14), like=first)

    assert therapist_days(first.therapist) == [
        (DAY, "email", at_clinic(date(2026, 3, 3), 18), at_clinic(DAY, 8))
    ]
