"""Sign-up answers the same for a new address and one in use; a new client confirms their
address through a signed link that expires, and may ask for a new one."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from clients.services import client_create
from clinic.accounts.confirmation import email_confirmation_token
from clinic.accounts.models import Role, User
from clinic.demo.people import demo_account
from clinic.messaging.models import Message
from tests.api import api_as
from tests.clinic.messaging.sending import send_due
from tests.clock import frozen_at
from tests.factories import PASSWORD, ClientFactory, DeskFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
SIGNUP = "/accounts/signup/"
DONE = "/accounts/signup/done/"
RESEND = "/account/confirm-email/"
API_RESEND = "/api/v1/me/confirm-email/"
NEW_PASSWORD = "a-long-new-passphrase-42"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/account/confirm-email/[^/\s]+/)")

frozen = frozen_at(NOW)


def sign_up(browser: Client, email: str, **changes):
    form = {
        "first_name": "Ava",
        "last_name": "Chen",
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "phone": "",
        **changes,
    }
    return browser.post(SIGNUP, form, follow=True)


def sent_link() -> str:
    send_due()
    (found,) = [LINK.search(message.body) for message in mail.outbox if LINK.search(message.body)]
    return found.group(1)


# One answer for every address


def test_a_new_address_gets_an_unconfirmed_account_and_the_check_your_email_page(client):
    response = sign_up(client, "Ava@Example.org")

    ava = User.objects.get(email="ava@example.org")
    assert response.redirect_chain == [(DONE, 302)]
    assert response.context["user"].is_authenticated is False
    assert (ava.role, ava.email_confirmed_at, ava.check_password(NEW_PASSWORD)) == (
        Role.CLIENT,
        None,
        True,
    )


def test_an_address_in_use_gets_the_same_answer_and_no_new_account(client):
    owner = ClientFactory(email="ava@example.org")

    new = sign_up(Client(), "bea@example.org")
    used = sign_up(client, "AVA@example.org", first_name="Mallory")

    owner.refresh_from_db()
    assert used.redirect_chain == new.redirect_chain == [(DONE, 302)]
    assert used.content == new.content
    assert User.objects.filter(email__iexact="ava@example.org").count() == 1
    assert (owner.first_name != "Mallory", owner.check_password(PASSWORD)) == (True, True)


def test_the_owner_of_an_address_in_use_is_told_how_to_sign_in_or_reset(client):
    ClientFactory(email="ava@example.org", first_name="Ava")

    sign_up(client, "ava@example.org")
    send_due()

    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["ava@example.org"],
        "Someone tried to sign up with your email address",
    )
    assert "http://127.0.0.1:8000/accounts/login/" in message.body
    assert "http://127.0.0.1:8000/accounts/password_reset/" in message.body
    assert LINK.search(message.body) is None


def test_the_owner_of_a_closed_account_is_not_told(client):
    ClientFactory(email="ava@example.org", is_active=False)

    sign_up(client, "ava@example.org")
    send_due()

    assert mail.outbox == []
    assert Message.objects.get().skip_reason == "The account is closed."


def test_the_owner_is_told_at_most_once_a_day(client, frozen):
    ClientFactory(email="ava@example.org")

    for _ in range(3):
        sign_up(Client(), "ava@example.org")
    frozen.shift(timedelta(days=1))
    sign_up(client, "ava@example.org")

    assert Message.objects.filter(kind="sign_up_attempt").count() == 2


def test_a_form_error_names_no_account(client):
    ClientFactory(email="ava@example.org")

    response = client.post(SIGNUP, {"email": "ava@example.org", "password1": "x"})

    assert response.status_code == 200
    assert "email" not in response.context["form"].errors
    assert b"already" not in response.content


# Confirming the address


def test_the_new_client_is_emailed_a_link_that_confirms_the_address(client):
    sign_up(client, "ava@example.org")
    link = sent_link()

    page = client.get(link)

    ava = User.objects.get(email="ava@example.org")
    assert page.status_code == 200
    assert page.context["confirmed"] is True
    assert ava.email_confirmed_at == NOW
    assert mail.outbox[0].subject == "Confirm your email address for Trigger point clinic"


def test_the_link_works_for_three_days(client, frozen):
    sign_up(client, "ava@example.org")
    link = sent_link()
    frozen.shift(timedelta(days=3) - timedelta(seconds=1))

    assert client.get(link).status_code == 200


def test_an_expired_link_is_refused_and_confirms_nothing(client, frozen):
    sign_up(client, "ava@example.org")
    link = sent_link()
    frozen.shift(timedelta(days=3, seconds=1))

    page = client.get(link)

    assert (page.status_code, page.context["confirmed"]) == (400, False)
    assert User.objects.get(email="ava@example.org").email_confirmed_at is None


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1c2VyIjoxfQ:forged:signature"])
def test_a_forged_link_is_refused(client, token):
    page = client.get(f"/account/confirm-email/{token}/")

    assert (page.status_code, page.context["confirmed"]) == (400, False)


def test_a_link_for_an_address_the_account_no_longer_has_is_refused(client):
    ava = ClientFactory(email="ava@example.org", email_confirmed_at=None)
    token = email_confirmation_token(ava)
    ava.email = "ava.chen@example.org"
    ava.save()

    page = client.get(f"/account/confirm-email/{token}/")

    ava.refresh_from_db()
    assert (page.status_code, ava.email_confirmed_at) == (400, None)


def test_a_confirmation_not_yet_sent_is_skipped_once_the_address_is_confirmed(client):
    sign_up(client, "ava@example.org")
    User.objects.filter(email="ava@example.org").update(email_confirmed_at=NOW)

    send_due()

    assert mail.outbox == []
    assert Message.objects.get(kind="email_confirm").skip_reason == (
        "The email address is confirmed already."
    )


# Asking for a new link


def test_an_unconfirmed_client_sends_a_new_link_from_the_account_page(client):
    ava = ClientFactory(email_confirmed_at=None)
    client.force_login(ava)
    page = client.get("/account/")

    response = client.post(RESEND, follow=True)

    assert 'id="email-unconfirmed"' in page.text
    assert [str(m) for m in response.context["messages"]] == [f"We sent a new link to {ava.email}."]
    assert client.get(sent_link()).status_code == 200


def test_new_links_go_at_most_once_an_hour(client, frozen):
    client.force_login(ClientFactory(email_confirmed_at=None))

    client.post(RESEND)
    client.post(RESEND)
    frozen.shift(timedelta(hours=1))
    client.post(RESEND)

    assert Message.objects.filter(kind="email_confirm").count() == 2


def test_a_confirmed_client_is_told_so_and_sent_nothing(client):
    client.force_login(ClientFactory())

    response = client.post(RESEND, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Your email address is confirmed already."
    ]
    assert Message.objects.exists() is False


def test_the_api_sends_a_new_link():
    ava = ClientFactory(email_confirmed_at=None)

    response = api_as(ava).post(API_RESEND)

    assert (response.status_code, response.json()) == (
        202,
        {"detail": f"We sent a new link to {ava.email}."},
    )
    assert Message.objects.filter(kind="email_confirm", recipient=ava).count() == 1


def test_the_api_refuses_a_confirmed_client_and_staff():
    confirmed = api_as(ClientFactory()).post(API_RESEND)
    desk = api_as(DeskFactory()).post(API_RESEND)
    anonymous = APIClient().post(API_RESEND)

    assert (confirmed.status_code, confirmed.json()) == (
        400,
        {"detail": "Your email address is confirmed already."},
    )
    assert (desk.status_code, anonymous.status_code) == (403, 401)


# Accounts the clinic makes are confirmed


def test_a_client_the_desk_adds_is_confirmed():
    client = client_create(
        first_name="Bea", last_name="Li", email="bea@example.org", phone="", by=DeskFactory()
    )

    assert client.email_confirmed_at == NOW


def test_demo_accounts_are_confirmed():
    user, _ = demo_account("client1@demo.example", Role.CLIENT, "Ava Chen", PASSWORD)

    assert user.email_confirmed_at == NOW
