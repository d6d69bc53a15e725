"""How many messages a second a real worker sends: 10,000 due reminders (see README.md).

A real `celery worker --beat` subprocess on Redis, sharing the PostgreSQL test database,
filing mail with MessageFileBackend into a temporary folder. Needs PostgreSQL (the worker
is another process) and Redis; without either it skips, saying so.
"""

import time

import pytest
from django.db import connection
from django.utils import timezone

from clinic.messaging.models import Message, MessageState
from clinic.messaging.tasks import dispatch_due_messages
from tests.integration.workers import (
    REDIS_URL,
    WorkerFarm,
    broker_reachable,
    count_states,
    due_reminders,
    forget_queue,
    mail_name,
    publish_to,
    wait_until,
)

MESSAGES = 10_000
TARGET = 150  # messages a second, on a 2-core machine

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def farm(tmp_path, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): the worker shares the database")
    if not broker_reachable(REDIS_URL):
        pytest.skip(f"needs Redis at {REDIS_URL}")
    farm = WorkerFarm(broker_url=REDIS_URL, folder=tmp_path)
    publish_to(REDIS_URL, farm.queue)
    yield farm
    publish_to(None, "celery")
    farm.kill_all()
    forget_queue(REDIS_URL, farm.queue)


@pytest.mark.parametrize("concurrency", [2, 4])
def test_10000_due_reminders_through_a_real_worker(benchmark, farm, concurrency):
    ids = due_reminders(MESSAGES, now=timezone.now())
    # Beat at its production interval: the run is driven by the dispatcher itself.
    farm.start(concurrency=concurrency, MESSAGE_DISPATCH_SECONDS="60").wait_ready()
    sent = Message.objects.filter(state=MessageState.SENT)

    def send_all() -> None:
        dispatch_due_messages.delay()  # as a booking does after its commit
        wait_until(lambda: sent.count() == MESSAGES, timeout=600, every=0.2, what="all sent")

    started = time.perf_counter()
    benchmark.pedantic(send_all, rounds=1, iterations=1)
    rate = MESSAGES / (time.perf_counter() - started)

    assert count_states(ids) == {MessageState.SENT: MESSAGES}
    assert farm.mail_files() == {mail_name(pk) for pk in ids}  # none lost, none extra
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}  # each sent once
    benchmark.extra_info.update(messages=MESSAGES, concurrency=concurrency, per_second=rate)
    print(f"\n{MESSAGES} messages, concurrency {concurrency}: {rate:.0f}/s (target {TARGET})")
