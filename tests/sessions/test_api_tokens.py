"""Tokens: exchanging an email and password for the API's token."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from tests.sessions.web import APPOINTMENTS_URL, TOKEN_URL

pytestmark = pytest.mark.django_db


def test_token_with_right_password_returns_a_working_token(client_user):
    api = APIClient()

    response = api.post(
        TOKEN_URL, {"email": client_user.email, "password": PASSWORD}, format="json"
    )
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get(APPOINTMENTS_URL)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=client_user).key}
    assert listing.status_code == 200


def test_token_email_is_case_insensitive(client_user):
    response = APIClient().post(
        TOKEN_URL, {"email": client_user.email.upper(), "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=client_user).key}


def test_token_with_wrong_password_is_refused_with_a_message(client_user):
    response = APIClient().post(
        TOKEN_URL, {"email": client_user.email, "password": "not-the-password"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The email or password is not right."}
    assert Token.objects.count() == 0


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
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api.get(APPOINTMENTS_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
