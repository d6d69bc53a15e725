"""Sessions: staff time out when idle, sign-in makes a new session, and a new password or a
deactivation ends every session and the API token of the account."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from pytest_django.asserts import assertContains
from rest_framework.test import APIClient

from clinic.accounts.models import ApiToken, Role
from tests.api import token_for
from tests.clock import frozen_at
from tests.factories import PASSWORD, ClientFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
NEW_PASSWORD = "plum-orchard-lantern-42"


frozen = frozen_at(NOW)


def signed_in(browser: Client) -> bool:
    return SESSION_KEY in browser.session


def session_cookie(browser: Client) -> str:
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


# Idle timeout


def test_therapist_is_signed_out_after_30_idle_minutes(client, frozen):
    client.force_login(TherapistFactory().user)

    frozen.shift(timedelta(minutes=30, seconds=1))
    response = client.get("/schedule/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=%2Fschedule%2F",
    )
    assert signed_in(client) is False
    assertContains(client.get("/accounts/login/"), "You were signed out after 30 minutes idle.")


def test_therapist_working_steadily_stays_signed_in(client, frozen):
    client.force_login(TherapistFactory().user)

    statuses = []
    for _ in range(4):
        frozen.shift(timedelta(minutes=29))
        statuses.append(client.get("/schedule/").status_code)

    assert statuses == [200, 200, 200, 200]


def test_admin_is_signed_out_after_30_idle_minutes(client, frozen):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True))

    frozen.shift(timedelta(minutes=31))
    response = client.get("/admin/")

    assert response.status_code == 302
    assert signed_in(client) is False


def test_front_desk_is_signed_out_after_30_idle_minutes(client, frozen):
    client.force_login(UserFactory(role=Role.DESK))

    frozen.shift(timedelta(minutes=31))
    response = client.get("/appointments/")

    assert response.status_code == 302
    assert signed_in(client) is False


def test_client_keeps_the_session_through_an_idle_afternoon(client, frozen):
    client.force_login(ClientFactory())

    frozen.shift(timedelta(hours=5))
    response = client.get("/appointments/")

    assert response.status_code == 200
    assert signed_in(client) is True


def test_idle_staff_session_no_longer_opens_the_api(client, frozen):
    client.force_login(TherapistFactory().user)

    frozen.shift(timedelta(minutes=31))
    response = client.get("/api/v1/appointments/")

    assert response.status_code == 401
    assert signed_in(client) is False


def test_activity_is_saved_at_most_once_a_minute(client, frozen):
    client.force_login(TherapistFactory().user)
    stamp = client.session["last_activity"]

    frozen.shift(timedelta(seconds=59))
    client.get("/schedule/")
    unchanged = client.session["last_activity"]
    frozen.shift(timedelta(seconds=1))
    client.get("/schedule/")

    assert unchanged == stamp == NOW.timestamp()
    assert client.session["last_activity"] == NOW.timestamp() + 60


# A new session at sign-in


def test_signing_in_gives_a_new_session_key(client):
    user = ClientFactory()
    before = client.session
    before["visited"] = True
    before.save()

    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert session_cookie(client) != before.session_key
    assert Session.objects.filter(session_key=before.session_key).exists() is False
    assert signed_in(client) is True


# Deactivation


def test_deactivation_ends_every_session_of_the_account():
    user = ClientFactory()
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(user)

    user.is_active = False
    user.save()

    responses = [browser.get("/appointments/") for browser in browsers]
    assert [response["Location"] for response in responses] == [
        "/accounts/login/?next=/appointments/"
    ] * 2
    assert [browser.get("/").context["user"].is_authenticated for browser in browsers] == [
        False,
        False,
    ]


def test_deactivation_ends_the_api_token():
    user = ClientFactory()
    token = token_for(user)

    user.is_active = False
    user.save()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/appointments/").status_code == 401
    assert ApiToken.objects.filter(user=user).exists() is False


def test_a_deactivated_account_cannot_sign_in_again(client):
    user = ClientFactory(is_active=False)

    page = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    api = APIClient().post(
        "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, format="json"
    )

    assert page.status_code == 200
    assert signed_in(client) is False
    assert api.status_code == 400


# A new password


def test_changing_the_password_ends_the_other_sessions_and_the_api_token():
    user = ClientFactory()
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    token_for(user)

    here.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert here.get("/appointments/").status_code == 200
    assert elsewhere.get("/appointments/").status_code == 302
    assert signed_in(elsewhere) is False
    assert ApiToken.objects.filter(user=user).exists() is False


def test_a_password_reset_ends_every_session_and_the_api_token(client):
    user = ClientFactory()
    browser = Client()
    browser.force_login(user)
    token_for(user)
    client.post("/accounts/password_reset/", {"email": user.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)

    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert browser.get("/appointments/").status_code == 302
    assert ApiToken.objects.filter(user=user).exists() is False


def test_saving_the_account_without_a_new_password_keeps_the_api_token():
    user = ClientFactory()
    token = token_for(user)

    user.first_name = "Bea"
    user.save()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/appointments/").status_code == 200
