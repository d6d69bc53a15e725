"""The API token with two-step sign-in: staff and enrolled clients add a one-time code."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from clinic.accounts.apitokens import api_token_digest
from clinic.accounts.models import ApiToken
from clinic.accounts.twofactor import backup_codes_renew
from tests.clock import frozen_at
from tests.factories import PASSWORD, ClientFactory
from tests.otp import confirmed_authenticator, totp_code

from .two_factor import NOW, therapist_user

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


frozen = frozen_at(NOW)


def token_request(user, **extra):
    return APIClient().post(
        TOKEN_URL, {"email": user.email, "password": PASSWORD, **extra}, format="json"
    )


def test_token_for_staff_needs_the_code(frozen):
    user = therapist_user()
    confirmed_authenticator(user)

    response = token_request(user)

    assert response.status_code == 400
    assert response.json() == {"otp": ["This account needs a one-time code: add `otp`."]}


def test_token_for_staff_with_a_wrong_code_is_refused(frozen):
    user = therapist_user()
    device = confirmed_authenticator(user)

    response = token_request(user, otp=f"{(int(totp_code(device)) + 1) % 1_000_000:06d}")

    assert response.status_code == 400
    assert response.json() == {"otp": ["The one-time code is not right, or it was used already."]}


def test_token_for_staff_with_the_code_is_given(frozen):
    user = therapist_user()
    device = confirmed_authenticator(user)

    response = token_request(user, otp=totp_code(device))

    assert response.status_code == 200
    assert ApiToken.objects.get(user=user).digest == api_token_digest(response.json()["token"])


def test_token_for_staff_with_a_backup_code_is_given():
    user = therapist_user()
    confirmed_authenticator(user)
    code = backup_codes_renew(user=user)[0]

    response = token_request(user, otp=code)

    assert response.status_code == 200


def test_token_for_staff_without_an_authenticator_is_refused_until_set_up():
    response = token_request(therapist_user(), otp="123456")

    assert response.status_code == 400
    assert response.json() == {"otp": ["Set up two-step sign-in on the website first."]}


def test_token_for_a_client_without_two_step_sign_in_needs_no_code():
    assert token_request(ClientFactory()).status_code == 200


def test_token_for_an_enrolled_client_needs_the_code(frozen):
    user = ClientFactory()
    device = confirmed_authenticator(user)

    without = token_request(user)
    frozen.shift(timedelta(seconds=30))
    with_code = token_request(user, otp=totp_code(device))

    assert without.status_code == 400
    assert with_code.status_code == 200
