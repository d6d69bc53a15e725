"""One address trying passwords over many accounts is paused, and wrong old passwords on
the password-change page count as failed sign-ins of that account."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from pytest_django.asserts import assertContains
from rest_framework.test import APIClient

from tests.clock import frozen_at
from tests.factories import PASSWORD, ClientFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
MESSAGE = "Too many failed sign-ins. Try again in 15 minutes."
LOGIN = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"
CHANGE = "/accounts/password_change/"
NEW_PASSWORD = "a-new-long-passphrase-42"
ADDRESS = "203.0.113.7"
LIMIT = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT

frozen = frozen_at(NOW)


def spray(times: int, address: str = ADDRESS) -> list:
    """One password tried on `times` accounts, each tried once, from one address."""
    return [
        Client(REMOTE_ADDR=address).post(
            LOGIN, {"username": f"person{n}@example.org", "password": "Spring2026!"}
        )
        for n in range(times)
    ]


def api_sign_in(email: str, password: str, address: str = ADDRESS):
    body = {"email": email, "password": password}
    return APIClient(REMOTE_ADDR=address).post(TOKEN_URL, body, format="json")


def change_password(browser: Client, old: str):
    return browser.post(
        CHANGE,
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_the_address_limit_is_higher_than_one_accounts():
    assert (settings.AXES_FAILURE_LIMIT, LIMIT) == (5, 20)


def test_one_password_over_many_accounts_is_paused_at_the_address_limit():
    responses = spray(LIMIT)

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    assertContains(responses[-1], MESSAGE, count=1, status_code=429)


def test_a_paused_address_is_refused_the_right_password_of_another_account(client):
    ava = ClientFactory()
    spray(LIMIT)

    page = Client(REMOTE_ADDR=ADDRESS).post(LOGIN, {"username": ava.email, "password": PASSWORD})
    api = api_sign_in(ava.email, PASSWORD)

    assertContains(page, MESSAGE, count=1, status_code=429)
    assert (api.status_code, api.json()) == (429, {"detail": MESSAGE})


def test_spraying_through_the_token_api_is_paused_too():
    responses = [api_sign_in(f"person{n}@example.org", "Spring2026!") for n in range(LIMIT)]

    assert [r.status_code for r in responses] == [400] * (LIMIT - 1) + [429]


def test_another_address_is_not_paused():
    ava = ClientFactory()
    spray(LIMIT)

    response = api_sign_in(ava.email, PASSWORD, address="198.51.100.20")

    assert response.status_code == 200


def test_fewer_failures_than_the_address_limit_let_others_in():
    ava = ClientFactory()
    spray(LIMIT - 1)

    assert api_sign_in(ava.email, PASSWORD).status_code == 200


def test_a_sign_in_from_the_address_does_not_forget_its_failures_on_other_accounts():
    ava = ClientFactory()
    spray(LIMIT - 1)
    api_sign_in(ava.email, PASSWORD)

    last = spray(1)

    assert last[0].status_code == 429


def test_the_address_opens_again_after_the_cool_off(frozen):
    ava = ClientFactory()
    spray(LIMIT)
    frozen.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))

    assert api_sign_in(ava.email, PASSWORD).status_code == 200


# The password-change page


def test_a_wrong_old_password_is_refused_with_a_message(client):
    client.force_login(ClientFactory())

    response = change_password(client, "not-my-password")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "old_password": ["Your old password was entered incorrectly. Please enter it again."]
    }


def test_five_wrong_old_passwords_lock_the_account_out(client):
    ava = ClientFactory()
    client.force_login(ava)

    responses = [change_password(client, "not-my-password") for _ in range(5)]
    token = api_sign_in(ava.email, PASSWORD, address="127.0.0.1")

    assert [r.status_code for r in responses] == [200] * 4 + [429]
    assertContains(responses[-1], MESSAGE, count=1, status_code=429)
    assert token.status_code == 429


def test_during_the_lockout_the_right_old_password_is_refused(client):
    ava = ClientFactory()
    client.force_login(ava)
    for _ in range(5):
        change_password(client, "not-my-password")

    response = change_password(client, PASSWORD)

    ava.refresh_from_db()
    assertContains(response, MESSAGE, count=1, status_code=429)
    assert ava.check_password(PASSWORD) is True


def test_the_right_old_password_changes_it(client):
    ava = ClientFactory()
    client.force_login(ava)
    change_password(client, "not-my-password")

    response = change_password(client, PASSWORD)

    ava.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/accounts/password_change/done/")
    assert ava.check_password(NEW_PASSWORD) is True
