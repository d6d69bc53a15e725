"""Tokens: exchanging an email and password for a new API token that expires."""

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from clinic.accounts.apitokens import api_token_digest
from clinic.accounts.models import ApiToken
from tests.api import token_for
from tests.clock import frozen_at
from tests.factories import PASSWORD, TherapistFactory
from tests.otp import confirmed_authenticator, totp_code
from tests.sessions.web import APPOINTMENTS_URL, TOKEN_URL

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
frozen = frozen_at(NOW)


def sign_in(user, email: str | None = None):
    return APIClient().post(
        TOKEN_URL, {"email": email or user.email, "password": PASSWORD}, format="json"
    )


def api_with(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def test_token_with_right_password_returns_a_working_token(client_user):
    response = sign_in(client_user)

    listing = api_with(response.json()["token"]).get(APPOINTMENTS_URL)

    assert response.status_code == 200
    assert listing.status_code == 200


def test_a_clients_token_expires_in_720_hours_and_says_so(client_user):
    response = sign_in(client_user)

    assert response.json() == {
        "token": response.json()["token"],
        "expires": "2026-12-31T10:00:00-05:00",
    }


def test_a_therapists_token_expires_in_12_hours():
    user = TherapistFactory().user
    device = confirmed_authenticator(user)

    response = APIClient().post(
        TOKEN_URL,
        {"email": user.email, "password": PASSWORD, "otp": totp_code(device)},
        format="json",
    )

    assert response.json()["expires"] == "2026-12-01T22:00:00-05:00"
    assert ApiToken.objects.get(user=user).expires == NOW + timedelta(hours=12)


def test_only_a_digest_of_the_token_is_kept(client_user):
    token = sign_in(client_user).json()["token"]

    stored = ApiToken.objects.get(user=client_user)

    assert stored.digest == api_token_digest(token)
    assert token not in stored.digest


def test_each_sign_in_gives_a_new_token_and_both_work(client_user):
    first = sign_in(client_user).json()["token"]
    second = sign_in(client_user).json()["token"]

    assert first != second
    assert api_with(first).get(APPOINTMENTS_URL).status_code == 200
    assert api_with(second).get(APPOINTMENTS_URL).status_code == 200


def test_an_expired_token_is_refused(client_user, frozen):
    token = sign_in(client_user).json()["token"]
    frozen.shift(timedelta(hours=720))

    response = api_with(token).get(APPOINTMENTS_URL)

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "The token is not valid or has expired: sign in again."},
    )


def test_a_token_works_until_just_before_it_expires(client_user, frozen):
    token = sign_in(client_user).json()["token"]
    frozen.shift(timedelta(hours=720) - timedelta(seconds=1))

    assert api_with(token).get(APPOINTMENTS_URL).status_code == 200


def test_a_new_sign_in_clears_expired_tokens(client_user, frozen):
    sign_in(client_user)
    frozen.shift(timedelta(hours=721))

    sign_in(client_user)

    assert ApiToken.objects.filter(user=client_user).count() == 1


def test_signing_out_of_the_api_ends_the_accounts_tokens(client_user):
    token = sign_in(client_user).json()["token"]
    other = token_for(client_user)

    response = api_with(token).delete(TOKEN_URL)

    assert response.status_code == 204
    assert api_with(token).get(APPOINTMENTS_URL).status_code == 401
    assert api_with(other).get(APPOINTMENTS_URL).status_code == 401


def test_signing_out_of_the_api_needs_a_token():
    assert APIClient().delete(TOKEN_URL).status_code == 401


def test_signing_out_of_the_website_ends_the_api_tokens(client, client_user):
    token = token_for(client_user)
    client.force_login(client_user)

    client.post("/accounts/logout/")

    assert api_with(token).get(APPOINTMENTS_URL).status_code == 401


def test_token_email_is_case_insensitive(client_user):
    response = sign_in(client_user, email=client_user.email.upper())

    assert response.status_code == 200
    assert ApiToken.objects.filter(user=client_user).count() == 1


def test_token_with_wrong_password_is_refused_with_a_message(client_user):
    response = APIClient().post(
        TOKEN_URL, {"email": client_user.email, "password": "not-the-password"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The email or password is not right."}
    assert ApiToken.objects.count() == 0


def test_token_for_unknown_email_gives_the_same_answer_as_a_wrong_password():
    response = APIClient().post(
        TOKEN_URL, {"email": "nobody@example.org", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The email or password is not right."}


def test_token_with_malformed_json_is_a_400():
    response = APIClient().post(TOKEN_URL, data='{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert response.json()["detail"].startswith("JSON parse error")


def test_token_with_missing_fields_names_each_field():
    response = APIClient().post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_bad_token_is_a_401():
    response = api_with("not-a-real-token").get(APPOINTMENTS_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": "The token is not valid or has expired: sign in again."}
