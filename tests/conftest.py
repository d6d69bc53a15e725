import os
import shutil

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db import connection, transaction
from django.test.client import ClientMixin, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY

from clinic.accounts.access import is_clinic_staff
from clinic.accounts.twofactor import has_second_factor
from clinic.audit.receivers import SIGN_IN_AUDIT, audit_sign_in
from clinic.config import celery_app
from clinic.messaging.sms import LocmemBackend
from sessions.models import Appointment
from tests.clinic.messaging.sending import ada_session
from tests.demo_clinic import DEMO_PASSWORD, NOW, seed
from tests.factories import (
    PASSWORD,
)
from tests.otp import confirmed_authenticator


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
    """`force_login` and `login` of the test clients sign in as if through the whole sign-in:
    with the second step done for those who need one (a confirmed authenticator app in the
    session), and without the sign-in's audit event, which belongs to the real sign-in's own
    tests. Tests of the sign-in itself go through the login page and the code page."""
    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        user_logged_in.disconnect(dispatch_uid=SIGN_IN_AUDIT)
        try:
            original(self, user, backend)
        finally:
            user_logged_in.connect(audit_sign_in, dispatch_uid=SIGN_IN_AUDIT)
        if is_clinic_staff(user) or has_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = confirmed_authenticator(user).persistent_id
            session.save()

    def login(self, **credentials) -> bool:
        # A sign-in attempt as the throttling counts it: with a request, from an address.
        user = authenticate(RequestFactory().post("/accounts/login/"), **credentials)
        if user is None:
            return False
        self.force_login(user, user.backend)
        return True

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
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
