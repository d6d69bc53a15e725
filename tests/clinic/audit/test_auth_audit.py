"""Every sign-in, sign-out, failed sign-in and lockout writes one audit event."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from clinic.audit.models import AuditEvent
from tests.clock import frozen_at
from tests.factories import PASSWORD, AdminFactory, ClientFactory, TherapistFactory
from tests.otp import confirmed_authenticator, totp_code

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
EMAIL = "ava@example.org"
FIELDS = ("actor", "subject", "action", "record_type", "record_id", "detail", "ip", "at")


frozen = frozen_at(NOW)


def events(after: int = 0) -> list[tuple]:
    return list(AuditEvent.objects.filter(pk__gt=after).order_by("pk").values_list(*FIELDS))


def event(user, action: str, *, by_owner: bool, detail: str = "") -> tuple:
    pk = user.pk if user else None
    actor = pk if by_owner else None
    return (actor, pk, action, "clinic.User", str(pk) if user else "", detail, "127.0.0.1", NOW)


def sign_in(browser: Client, email: str, password: str = PASSWORD, url="/accounts/login/"):
    return browser.post(url, {"username": email, "password": password})


def test_a_sign_in_writes_one_event(client):
    user = ClientFactory(email=EMAIL)

    sign_in(client, EMAIL)

    assert events() == [event(user, "sign_in", by_owner=True)]


def test_a_sign_in_to_the_admin_writes_one_event(client):
    admin = AdminFactory(email=EMAIL)

    sign_in(client, EMAIL, url="/admin/login/")

    assert events() == [event(admin, "sign_in", by_owner=True)]


def test_a_sign_out_writes_one_event(client):
    user = ClientFactory(email=EMAIL)
    sign_in(client, EMAIL)

    client.post("/accounts/logout/")

    assert events()[1:] == [event(user, "sign_out", by_owner=True)]


def test_a_failed_sign_in_of_an_account_writes_one_event(client):
    user = ClientFactory(email=EMAIL)

    sign_in(client, "AVA@example.org", "wrong-password")

    assert events() == [event(user, "sign_in_failed", by_owner=False)]


def test_a_failed_sign_in_of_an_unknown_email_keeps_the_email_shortened(client):
    long_email = "x" * 120 + "@example.org"

    sign_in(client, "nobody@example.org", "wrong-password")
    sign_in(client, long_email, "wrong-password")

    assert events() == [
        event(None, "sign_in_failed", by_owner=False, detail="nobody@example.org"),
        event(None, "sign_in_failed", by_owner=False, detail=long_email[:100]),
    ]


def test_a_lockout_writes_one_event_beside_the_failure_that_caused_it():
    user = ClientFactory(email=EMAIL)

    for _ in range(5):
        sign_in(Client(), EMAIL, "wrong-password")

    failed = event(user, "sign_in_failed", by_owner=False)
    # The lockout is recorded while the fifth failure is being handled, just before it.
    assert events() == [failed] * 4 + [event(user, "lockout", by_owner=False), failed]


def test_a_lockout_of_an_unknown_email_names_only_the_email():
    for _ in range(5):
        sign_in(Client(), "nobody@example.org", "wrong-password")

    assert events()[-2] == event(None, "lockout", by_owner=False, detail="nobody@example.org")


def test_a_token_sign_in_writes_one_event():
    user = ClientFactory(email=EMAIL)

    APIClient().post("/api/v1/auth/token/", {"email": EMAIL, "password": PASSWORD}, format="json")

    assert events() == [event(user, "sign_in", by_owner=True)]


def test_a_failed_token_sign_in_writes_one_event():
    user = ClientFactory(email=EMAIL)

    APIClient().post("/api/v1/auth/token/", {"email": EMAIL, "password": "nope"}, format="json")

    assert events() == [event(user, "sign_in_failed", by_owner=False)]


def test_a_wrong_one_time_code_writes_one_failed_sign_in(client):
    user = TherapistFactory().user
    device = confirmed_authenticator(user)
    sign_in(client, user.email)
    signed_in = AuditEvent.objects.latest("pk").pk

    client.post(
        "/accounts/two-factor/verify/",
        {"code": f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"},
    )

    assert events(after=signed_in) == [event(user, "sign_in_failed", by_owner=False)]


def test_the_code_step_adds_no_second_sign_in_event(client):
    user = TherapistFactory().user
    device = confirmed_authenticator(user)

    sign_in(client, user.email)
    client.post("/accounts/two-factor/verify/", {"code": totp_code(device)})

    assert events() == [event(user, "sign_in", by_owner=True)]


def test_an_idle_timeout_writes_one_sign_out(client, frozen):
    user = TherapistFactory().user
    client.force_login(user)

    frozen.shift(timedelta(minutes=31))
    client.get("/schedule/")

    assert [(e[0], e[2]) for e in events()] == [(user.pk, "sign_out")]
