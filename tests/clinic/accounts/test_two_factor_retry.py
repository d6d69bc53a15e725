"""A right code typed just after a wrong one is taken; many wrong codes in a row pause the
device for a while, and the answer says how long."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from clinic.accounts.twofactor import SECOND_FACTOR_FAILURE_LIMIT, SECOND_FACTOR_PAUSE
from tests.clock import frozen_at
from tests.factories import PASSWORD, ClientFactory
from tests.otp import confirmed_authenticator, totp_code

from .two_factor import NOW, TURN_OFF, VERIFY, sign_in_with_password, therapist_user

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PAUSED = "Too many wrong codes. Wait 60 seconds, then try again."

frozen = frozen_at(NOW)


def wrong_code(device) -> str:
    return f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"


def token_request(user, otp: str):
    body = {"email": user.email, "password": PASSWORD, "otp": otp}
    return APIClient().post(TOKEN_URL, body, format="json")


def test_the_right_code_just_after_a_wrong_one_is_taken_on_the_page(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)

    wrong = client.post(VERIFY, {"code": wrong_code(device)})
    right = client.post(VERIFY, {"code": totp_code(device), "next": "/schedule/"})

    assert wrong.status_code == 400
    assert (right.status_code, right["Location"]) == (302, "/schedule/")


def test_the_right_code_just_after_a_wrong_one_is_taken_by_the_api():
    user = therapist_user()
    device = confirmed_authenticator(user)

    wrong = token_request(user, wrong_code(device))
    right = token_request(user, totp_code(device))

    assert wrong.status_code == 400
    assert right.status_code == 200


def test_wrong_codes_in_a_row_pause_the_page_and_say_how_long(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)
    for _ in range(SECOND_FACTOR_FAILURE_LIMIT):
        client.post(VERIFY, {"code": wrong_code(device)})

    paused = client.post(VERIFY, {"code": totp_code(device)})

    assert paused.status_code == 429
    assert paused.context["form"].errors == {"code": [PAUSED]}
    assert client.get("/schedule/").status_code == 302


def test_the_pause_ends_and_the_right_code_is_taken(client, frozen):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)
    for _ in range(SECOND_FACTOR_FAILURE_LIMIT):
        client.post(VERIFY, {"code": wrong_code(device)})
    frozen.shift(SECOND_FACTOR_PAUSE - timedelta(seconds=20))
    still_paused = client.post(VERIFY, {"code": totp_code(device)})
    frozen.shift(timedelta(seconds=20))

    response = client.post(VERIFY, {"code": totp_code(device), "next": "/schedule/"})

    assert still_paused.context["form"].errors == {
        "code": ["Too many wrong codes. Wait 20 seconds, then try again."]
    }
    assert (response.status_code, response["Location"]) == (302, "/schedule/")


def test_wrong_codes_in_a_row_pause_the_api():
    user = therapist_user()
    device = confirmed_authenticator(user)
    for _ in range(SECOND_FACTOR_FAILURE_LIMIT):
        token_request(user, wrong_code(device))

    paused = token_request(user, totp_code(device))

    assert (paused.status_code, paused.json()) == (429, {"otp": [PAUSED]})


def test_wrong_codes_in_a_row_pause_turning_two_step_sign_in_off(client):
    user = ClientFactory()
    device = confirmed_authenticator(user)
    client.force_login(user)
    for _ in range(SECOND_FACTOR_FAILURE_LIMIT):
        client.post(TURN_OFF, {"password": PASSWORD, "code": wrong_code(device)})

    paused = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assert paused.status_code == 429
    assert paused.context["form"].errors == {"code": [PAUSED]}
