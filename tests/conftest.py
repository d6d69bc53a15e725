import os
import shutil

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.test.client import ClientMixin, RequestFactory

from clinic.config import celery_app
from clinic.messaging.sms import LocmemBackend
from sessions.models import Appointment
from tests.clinic.messaging.sending import ada_session
from tests.demo_clinic import DEMO_PASSWORD, NOW, seed
from tests.factories import (
    PASSWORD,
)
from tests.otp import sign_in_fully


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite, saying so; browser tests skip without Chromium."""
    on_postgres = connection.vendor == "postgresql"
    # In CI the browser is installed by .ci/run: a missing one must fail there, not skip.
    chromium = shutil.which("chromium") or os.environ.get("CHROMIUM_PATH") or os.environ.get("CI")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "e2e" in item.keywords and not chromium:
            item.add_marker(pytest.mark.skip(reason="needs Chromium (apt-get install chromium)"))


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def force_login_is_fully_verified(monkeypatch):
    """`force_login` and `login` of the test clients sign in as if through the whole sign-in
    (`sign_in_fully`). Tests of the sign-in itself go through the login page and the code
    page."""

    def login(self, **credentials) -> bool:
        # A sign-in attempt as the throttling counts it: with a request, from an address.
        user = authenticate(RequestFactory().post("/accounts/login/"), **credentials)
        if user is None:
            return False
        self.force_login(user, user.backend)
        return True

    monkeypatch.setattr(ClientMixin, "force_login", sign_in_fully)
    monkeypatch.setattr(ClientMixin, "login", login)


@pytest.fixture
def sms(settings) -> list[dict]:
    """Text messages go to LocmemBackend.outbox, emptied for each test."""
    settings.SMS_BACKEND = "clinic.messaging.sms.LocmemBackend"
    LocmemBackend.outbox = []
    yield LocmemBackend.outbox
    LocmemBackend.outbox = []


@pytest.fixture
def eager_celery():
    """Tasks run in the calling process, as soon as they are sent."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.fixture
def appointment() -> Appointment:
    """Ada's one-hour session with Dana O'Brien on Monday 9 March, 10:00 clinic time: what
    the message-sending tests of every app send about (tests/clinic/messaging/sending.py).
    A module may define an `appointment` of its own."""
    return ada_session()


@pytest.fixture(scope="module")
def demo_clinic(django_db_setup, django_db_blocker) -> None:
    """The demo clinic, seeded at tests.demo_clinic.NOW once for the module, in a transaction
    that each test's own rolls back to and that is rolled back after the module's last test.

    Every test of a module that uses it must ask for it (`pytest.mark.usefixtures` in the
    module's `pytestmark`): a test that doesn't would still see the demo when it runs after
    one that does. Tests that need an empty database belong in another module.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(NOW, tick=False):
            seed(password=DEMO_PASSWORD)
        yield
        transaction.set_rollback(True)
