"""Sign-in throttling: 5 failures of one account from one address pause it on every path."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from pytest_django.asserts import assertContains
from rest_framework.test import APIClient

from tests.clock import frozen_at
from tests.factories import PASSWORD, AdminFactory, ClientFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
MESSAGE = "Too many failed sign-ins. Try again in 15 minutes."
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN_URL = "/api/v1/auth/token/"
EMAIL = "ava@example.org"


frozen = frozen_at(NOW)


def page_sign_in(browser: Client, email: str, password: str, url: str = LOGIN, **extra):
    return browser.post(url, {"username": email, "password": password}, **extra)


def api_sign_in(email: str, password: str, **extra):
    return APIClient().post(
        TOKEN_URL, {"email": email, "password": password}, format="json", **extra
    )


def fail(times: int, email: str = EMAIL, url: str = LOGIN, **extra) -> list:
    return [page_sign_in(Client(), email, "wrong-password", url, **extra) for _ in range(times)]


def signed_in(browser: Client) -> bool:
    return SESSION_KEY in browser.session


def test_four_failures_still_let_the_right_password_in(client):
    ClientFactory(email=EMAIL)
    fail(4)

    response = page_sign_in(client, EMAIL, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client) is True


def test_the_fifth_failure_locks_the_login_page(client):
    ClientFactory(email=EMAIL)

    responses = fail(5)

    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    assertContains(responses[-1], MESSAGE, count=1, status_code=429)


def test_locked_account_is_refused_even_the_right_password(client):
    ClientFactory(email=EMAIL)
    fail(5)

    response = page_sign_in(client, EMAIL, PASSWORD)

    assertContains(response, MESSAGE, count=1, status_code=429)
    assert signed_in(client) is False


def test_lockout_says_nothing_about_whether_the_account_exists():
    ClientFactory(email=EMAIL)

    known = fail(6, EMAIL)
    unknown = fail(6, "nobody@example.org")

    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert known[-1].content == unknown[-1].content
    assert known[0].context["form"].errors == unknown[0].context["form"].errors


def test_any_case_of_the_email_counts_as_one_account(client):
    ClientFactory(email=EMAIL)
    for email in ["AVA@example.org", "Ava@Example.org", "ava@EXAMPLE.ORG", " ava@example.org"]:
        page_sign_in(Client(), email, "wrong-password")

    response = page_sign_in(Client(), EMAIL, "wrong-password")

    assert response.status_code == 429


def test_another_address_is_not_locked_out(client):
    ClientFactory(email=EMAIL)
    fail(5)

    response = page_sign_in(client, EMAIL, PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302


def test_a_forwarded_for_header_does_not_escape_the_lockout(client):
    ClientFactory(email=EMAIL)
    fail(5)

    response = page_sign_in(client, EMAIL, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 429


def test_admin_login_locks_after_five_failures_and_refuses_the_right_password(client):
    AdminFactory(email=EMAIL)

    responses = fail(5, url=ADMIN_LOGIN)
    right = page_sign_in(client, EMAIL, PASSWORD, ADMIN_LOGIN)

    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    assertContains(right, MESSAGE, count=1, status_code=429)
    assert signed_in(client) is False


def test_token_api_locks_after_five_failures_and_refuses_the_right_password():
    ClientFactory(email=EMAIL)

    responses = [api_sign_in(EMAIL, "wrong-password") for _ in range(5)]
    right = api_sign_in(EMAIL, PASSWORD)

    assert [response.status_code for response in responses] == [400, 400, 400, 400, 429]
    assert (right.status_code, right.json()) == (429, {"detail": MESSAGE})


def test_token_api_lockout_is_the_same_for_an_unknown_email():
    known = [api_sign_in(EMAIL, "wrong-password") for _ in range(6)]
    ClientFactory(email="bea@example.org")
    unknown = [api_sign_in("bea@example.org", "wrong-password") for _ in range(6)]

    assert [(r.status_code, r.json()) for r in known] == [
        (r.status_code, r.json()) for r in unknown
    ]


def test_failures_on_every_path_add_up(client):
    AdminFactory(email=EMAIL)
    fail(2)
    fail(1, url=ADMIN_LOGIN)
    api_sign_in(EMAIL, "wrong-password")
    api_sign_in(EMAIL, "wrong-password")

    response = page_sign_in(client, EMAIL, PASSWORD)

    assert response.status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, frozen):
    ClientFactory(email=EMAIL)
    fail(5)

    frozen.shift(timedelta(minutes=14))
    still_locked = page_sign_in(Client(), EMAIL, PASSWORD)
    frozen.shift(timedelta(minutes=1, seconds=1))
    open_again = page_sign_in(client, EMAIL, PASSWORD)

    assert still_locked.status_code == 429
    assert open_again.status_code == 302
    assert signed_in(client) is True


def test_the_token_api_opens_again_after_the_cool_off(frozen):
    ClientFactory(email=EMAIL)
    fail(5)

    frozen.shift(timedelta(minutes=15, seconds=1))
    response = api_sign_in(EMAIL, PASSWORD)

    assert response.status_code == 200


def test_a_success_clears_the_earlier_failures(client):
    ClientFactory(email=EMAIL)
    fail(4)
    page_sign_in(Client(), EMAIL, PASSWORD)

    responses = fail(4)

    assert [response.status_code for response in responses] == [200, 200, 200, 200]


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, mailoutbox):
    ClientFactory(email=EMAIL)

    known = client.post("/accounts/password_reset/", {"email": EMAIL}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert [message.to for message in mailoutbox] == [[EMAIL]]
