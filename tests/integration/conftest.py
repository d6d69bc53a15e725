"""Fixtures for tests that run real Celery workers on real brokers (see workers.py)."""

import os

import pytest
from django.conf import settings

from tests.integration.workers import (
    RABBITMQ_URL,
    REDIS_URL,
    PrivateRedis,
    WorkerFarm,
    broker_reachable,
    forget_queue,
    publish_to,
)


def reachable_or_skip(url: str, name: str) -> str:
    """The broker's URL; without it, skip, saying so (in CI, .ci/run starts it: fail there)."""
    if not broker_reachable(url):
        reason = f"needs {name} at {url.rpartition('@')[2]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def redis_url() -> str:
    return reachable_or_skip(REDIS_URL, "Redis")


@pytest.fixture
def rabbitmq_url() -> str:
    return reachable_or_skip(RABBITMQ_URL, "RabbitMQ")


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own, which the test may stop and start again."""
    server = PrivateRedis(folder=tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker_farm(tmp_path, transactional_db):
    """Make a `WorkerFarm` for a broker; this process publishes to the same broker and
    queue meanwhile. Every worker is killed, and the queue removed, at the end; a failing
    test shows the workers' logs.

    It depends on `transactional_db`, so the workers are gone before the tables are
    flushed: they share the test database, and need its rows committed.
    """
    farms: list[WorkerFarm] = []

    def make(broker_url: str, **env: str) -> WorkerFarm:
        farm = WorkerFarm(broker_url=broker_url, folder=tmp_path, env=env)
        farms.append(farm)
        publish_to(broker_url, farm.queue)
        return farm

    yield make
    publish_to(None, settings.CELERY_TASK_DEFAULT_QUEUE)
    for farm in farms:
        farm.kill_all()
        print(farm.logs())  # shown by pytest only if the test failed
        if broker_reachable(farm.broker_url):
            forget_queue(farm.broker_url, farm.queue)
