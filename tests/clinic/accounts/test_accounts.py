"""Accounts: sign-up, sign-in by email, sign-out, password change and reset, hashing."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import identify_hasher, make_password
from django.core import mail
from django.test import override_settings
from pytest_django.asserts import assertContains, assertNotContains

from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from tests.factories import PASSWORD, ClientFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plum-orchard-lantern-42"


def signup_data(**overrides) -> dict:
    return {
        "first_name": "Ava",
        "last_name": "Chen",
        "email": "Ava.Chen@Example.ORG",
        "phone": "416-555-0101",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def signed_in_user_id(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


# Sign-up


def test_signup_page_shows_the_form(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "phone",
    ]


def test_signup_creates_a_client_with_a_profile_waiting_for_confirmation(client):
    response = client.post("/accounts/signup/", signup_data())

    user = User.objects.get()
    assert (response.status_code, response["Location"]) == (302, "/accounts/signup/done/")
    assert (user.email, user.first_name, user.last_name, user.role) == (
        "ava.chen@example.org",
        "Ava",
        "Chen",
        Role.CLIENT,
    )
    assert user.check_password(NEW_PASSWORD) is True
    assert user.email_confirmed_at is None
    assert ClientProfile.objects.get(user=user).phone == "416-555-0101"
    assert signed_in_user_id(client) is None


def test_signup_asks_the_new_client_to_check_their_email(client):
    response = client.post("/accounts/signup/", signup_data(), follow=True)

    assertContains(response, "<title>Check your email", count=1)


@pytest.mark.parametrize("email", ["ava@example.org", "AVA@example.org", "Ava@EXAMPLE.org"])
def test_signup_with_a_taken_email_in_any_case_answers_as_for_a_new_one(client, email):
    ClientFactory(email="ava@example.org")

    response = client.post("/accounts/signup/", signup_data(email=email))

    assert (response.status_code, response["Location"]) == (302, "/accounts/signup/done/")
    assert User.objects.count() == 1
    assert signed_in_user_id(client) is None


def test_signup_with_mismatched_passwords_shows_the_error(client):
    response = client.post("/accounts/signup/", signup_data(password2=NEW_PASSWORD + "x"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password2": ["The two password fields didn’t match."]
    }
    assertContains(response, "The two password fields didn’t match.", count=1)
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("password", "errors"),
    [
        ("password", ["This password is too common."]),
        ("x7q", ["This password is too short. It must contain at least 8 characters."]),
        ("83920174", ["This password is entirely numeric."]),
        ("ava.chen.example", ["The password is too similar to the email address."]),
    ],
)
def test_signup_with_a_weak_password_shows_why(client, password, errors):
    response = client.post("/accounts/signup/", signup_data(password1=password, password2=password))

    assert response.status_code == 200
    assert response.context["form"].errors == {"password2": errors}
    assertContains(response, errors[0], count=1)
    assert User.objects.count() == 0


def test_signup_needs_names_and_email(client):
    response = client.post("/accounts/signup/", signup_data(first_name="", last_name="", email=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "first_name": ["This field is required."],
        "last_name": ["This field is required."],
        "email": ["This field is required."],
    }


def test_signup_when_signed_in_goes_home(client):
    client.force_login(ClientFactory())

    response = client.get("/accounts/signup/")

    assert (response.status_code, response["Location"]) == (302, "/")


# Sign-in and sign-out


@pytest.mark.parametrize(
    "typed",
    ["ava@example.org", "AVA@EXAMPLE.ORG", "Ava@Example.Org"],
    ids=["lower", "upper", "mixed"],
)
def test_login_with_email_in_any_case(client, typed):
    user = ClientFactory(email="ava@example.org")

    response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_user_id(client) == user.pk


def test_login_follows_next(client):
    ClientFactory(email="ava@example.org")

    response = client.post(
        "/accounts/login/?next=/appointments/",
        {"username": "ava@example.org", "password": PASSWORD},
    )

    assert (response.status_code, response["Location"]) == (302, "/appointments/")


def test_login_with_a_wrong_password_shows_an_error(client):
    ClientFactory(email="ava@example.org")

    response = client.post(
        "/accounts/login/", {"username": "ava@example.org", "password": "wrong-password"}
    )

    message = (
        "Please enter a correct email address and password. "
        "Note that both fields may be case-sensitive."
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [message]}
    assert signed_in_user_id(client) is None


def test_login_of_an_inactive_account_is_refused(client):
    ClientFactory(email="ava@example.org", is_active=False)

    response = client.post(
        "/accounts/login/", {"username": "ava@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_logout_by_post_signs_out(client):
    client.force_login(ClientFactory())

    response = client.post("/accounts/logout/")

    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_user_id(client) is None


def test_logout_by_get_is_not_allowed(client):
    user = ClientFactory()
    client.force_login(user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert signed_in_user_id(client) == user.pk


# Passwords


def test_password_change_sets_the_new_password(client):
    user = ClientFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    user.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/accounts/password_change/done/")
    assert user.check_password(NEW_PASSWORD) is True
    assert signed_in_user_id(client) == user.pk


def test_password_change_with_a_wrong_old_password_shows_the_error(client):
    user = ClientFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "old_password": ["Your old password was entered incorrectly. Please enter it again."]
    }
    assert user.check_password(PASSWORD) is True


def test_password_change_needs_a_signed_in_user(client):
    response = client.get("/accounts/password_change/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/accounts/password_change/",
    )


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = ClientFactory(email="ava@example.org")

    response = client.post("/accounts/password_reset/", {"email": "AVA@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    user.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/accounts/password_reset/done/")
    assert [message.to for message in mail.outbox] == [["ava@example.org"]]
    assert (done.status_code, done["Location"]) == (302, "/accounts/reset/done/")
    assert user.check_password(NEW_PASSWORD) is True


def test_password_reset_for_an_unknown_email_answers_the_same_and_sends_nothing(client):
    ClientFactory(email="ava@example.org")

    known = client.post("/accounts/password_reset/", {"email": "ava@example.org"}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True)

    assert (
        known.redirect_chain == unknown.redirect_chain == [("/accounts/password_reset/done/", 302)]
    )
    assert known.content == unknown.content
    assertContains(unknown, "If the address belongs to an account", count=1)
    assertNotContains(unknown, "nobody@example.org")
    assert len(mail.outbox) == 1


def test_password_reset_link_that_was_tampered_with_does_not_work(client):
    user = ClientFactory(email="ava@example.org")
    client.post("/accounts/password_reset/", {"email": "ava@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)\S+/", mail.outbox[0].body)

    response = client.get(f"{link.group(1)}not-the-token/")

    assert response.status_code == 200
    assertContains(response, "This link no longer works", count=1)
    user.refresh_from_db()
    assert user.check_password(PASSWORD) is True


# Hashing


def test_real_settings_hash_passwords_with_argon2():
    from clinic.config import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hashes_and_checks_a_password():
    from clinic.config import settings as real_settings

    with override_settings(PASSWORD_HASHERS=real_settings.PASSWORD_HASHERS):
        user = ClientFactory()

        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password(PASSWORD) is True


def test_tests_use_a_fast_hasher():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert identify_hasher(make_password(PASSWORD)).algorithm == "md5"
