"""Messages through a real Celery worker (with embedded beat) on real brokers.

The worker is a subprocess sharing the test database, so these need PostgreSQL. It files
mail with `clinic.messaging.mail.MessageFileBackend`, one file per Message-ID, which the tests read.
Beat dispatches every second here (MESSAGE_DISPATCH_SECONDS) rather than every minute.
"""

import email
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from clinic.clock import clinic_zone
from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment
from sessions.services import appointment_book
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist
from tests.integration.workers import count_states, due_reminders, mail_name, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

UNFINISHED = [MessageState.PENDING, MessageState.QUEUED, MessageState.SENDING]


def book() -> Appointment:
    """A real booking, 10:00 clinic time three days ahead; its confirmation is due now."""
    service = ServiceFactory(duration_minutes=60)
    day = timezone.localdate() + timedelta(days=3)
    return appointment_book(
        client=ClientFactory(),
        therapist=bookable_therapist(service),
        service=service,
        start=datetime.combine(day, time(10), tzinfo=clinic_zone()),
    )


def nothing_due_left() -> bool:
    now = timezone.now()
    due = Message.objects.filter(state__in=UNFINISHED, due_at__lte=now)
    return not due.exists()


def is_sent(message: Message) -> bool:
    message.refresh_from_db()
    return message.state == MessageState.SENT


def filed_id(path) -> str:
    """The Message-ID of a filed message (a torn file would have none)."""
    return email.message_from_bytes(path.read_bytes())["Message-ID"]


@pytest.fixture(params=["redis", "rabbitmq"])
def broker_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


def test_booking_confirmation_is_mailed_once_by_a_real_worker(worker_farm, broker_url):
    farm = worker_farm(broker_url)
    farm.start()

    appointment = book()

    confirmation = Message.objects.about(appointment).get(kind="confirmation")
    wait_until(lambda: is_sent(confirmation), what="the confirmation to be sent")
    wait_until(nothing_due_left, what="every due message to be finished")
    sent = set(Message.objects.filter(state=MessageState.SENT).values_list("pk", flat=True))
    assert confirmation.pk in sent
    assert farm.mail_files() == {mail_name(pk) for pk in sent}
    assert (confirmation.state, confirmation.attempts) == (MessageState.SENT, 1)
    filed = email.message_from_bytes((farm.mail / mail_name(confirmation.pk)).read_bytes())
    assert (filed["To"], filed["Message-ID"]) == (
        appointment.client.email,
        f"<{mail_name(confirmation.pk).removesuffix('.eml')}>",
    )


def test_killed_worker_mid_batch_loses_no_message_and_resends_only_those_in_flight(
    worker_farm, redis_url
):
    """SIGKILL the worker (pool, beat and all) once 60 of 300 are sent, then start another.

    Rows the dead worker held are taken again once their claim is older than the lease
    (10 s here, 5 minutes in production). Only rows in `sending` at the kill can have been
    delivered twice, and the mail folder holds one whole file per Message-ID all the same;
    a write cut short leaves at most a `.tmp` file per pool process, never a torn `.eml`.
    """
    ids = due_reminders(300, now=timezone.now(), pairs=30)
    farm = worker_farm(redis_url, MESSAGE_LEASE_SECONDS="10")
    first = farm.start(concurrency=2)
    sent = Message.objects.filter(state=MessageState.SENT)
    wait_until(lambda: sent.count() >= 60, every=0.02, what="the first 60 to be sent")

    first.kill()
    at_kill = count_states(ids)
    in_flight = set(Message.objects.filter(state=MessageState.SENDING).values_list("pk", flat=True))
    print(f"At the kill: {at_kill}, {len(in_flight)} in flight")
    farm.start()

    wait_until(
        lambda: count_states(ids) == {MessageState.SENT: 300},
        what=f"all 300 to be sent after the kill (states at the kill: {at_kill})",
    )
    assert 60 <= at_kill[MessageState.SENT] < 300
    assert farm.mail_files() == {mail_name(pk) for pk in ids}
    assert len(farm.mail_files("*.tmp")) <= 2
    assert {filed_id(farm.mail / name) for name in farm.mail_files()} == {
        f"<{mail_name(pk).removesuffix('.eml')}>" for pk in ids
    }
    attempts = dict(Message.objects.filter(pk__in=ids).values_list("pk", "attempts"))
    assert attempts == {pk: 2 if pk in in_flight else 1 for pk in ids}


def test_booking_while_the_broker_is_down_is_mailed_once_it_is_back(worker_farm, private_redis):
    farm = worker_farm(private_redis.url, MESSAGE_LEASE_SECONDS="5")
    farm.start().wait_ready()
    private_redis.stop()

    appointment = book()  # the booking stands; only the hand-over to the broker failed

    confirmation = Message.objects.about(appointment).get(kind="confirmation")
    assert confirmation.state in {MessageState.PENDING, MessageState.QUEUED}
    private_redis.start()
    wait_until(lambda: is_sent(confirmation), what="the confirmation once Redis is back")
    wait_until(nothing_due_left, what="every due message to be finished")
    sent = Message.objects.filter(state=MessageState.SENT).values_list("pk", flat=True)
    assert farm.mail_files() == {mail_name(pk) for pk in sent}
    assert confirmation.attempts == 1
