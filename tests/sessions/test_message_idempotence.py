"""Planning booking's messages again makes no duplicate rows; one insert per message."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from clinic.messaging.models import Message
from sessions.messages import plan_booking_messages
from sessions.models import Appointment
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientProfileFactory
from tests.sessions.planning import DAY, NOW, PHONE, TEN, book, therapist_days

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_planning_twice_creates_no_duplicates():
    appointment = book(TEN)
    before = sorted(Message.objects.values_list("key", "due_at"))

    plan_booking_messages(appointment, now=NOW + timedelta(minutes=5))

    assert sorted(Message.objects.values_list("key", "due_at")) == before
    assert len(before) == 8


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("by_sms", [False, True])
def test_planning_takes_one_insert_for_all_messages_whatever_the_channels(
    django_assert_num_queries, by_sms
):
    client = ClientProfileFactory(by_sms=by_sms, phone=PHONE).user
    appointment = AppointmentFactory(client=client, start=TEN)
    appointment = Appointment.objects.select_related("client", "therapist__user").get(
        pk=appointment.pk
    )

    ContentType.objects.get_for_model(Appointment)  # read once a process, then cached
    # The client's profile, then one insert for all of them: confirmation, the therapist's
    # news of the booking, intake nudge now, reminder, intake nudge the day before,
    # aftercare, check-in and the therapist's day.
    with django_assert_num_queries(2):
        plan_booking_messages(appointment, now=NOW)

    assert Message.objects.count() == (14 if by_sms else 8)


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
