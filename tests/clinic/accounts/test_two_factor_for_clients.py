"""Two-step sign-in is offered to clients: no code until they turn it on from their account
page, and the code at every sign-in after."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains

from tests.clock import frozen_at
from tests.factories import ClientFactory
from tests.otp import confirmed_authenticator, totp_code

from .two_factor import NOW, SETUP, VERIFY, sign_in_with_password

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def test_client_without_two_step_sign_in_needs_no_code(client):
    user = ClientFactory()
    sign_in_with_password(client, user)

    assert client.get("/appointments/").status_code == 200


def test_client_enrols_from_the_account_page(client):
    user = ClientFactory()
    sign_in_with_password(client, user)

    page = client.get("/accounts/two-factor/")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    done = client.post(SETUP, {"code": totp_code(device)})

    assertContains(page, "Off. Turn it on", count=1)
    assertContains(page, f'href="{SETUP}"', count=1)
    assert len(done.context["codes"]) == 10
    assert client.get("/appointments/").status_code == 200


def test_enrolled_client_needs_the_code_at_sign_in(client, frozen):
    user = ClientFactory()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)

    before = client.get("/appointments/")
    client.post(VERIFY, {"code": totp_code(device)})
    after = client.get("/appointments/")

    assert (before.status_code, before["Location"]) == (
        302,
        f"{VERIFY}?next=%2Fappointments%2F",
    )
    assert after.status_code == 200


def test_client_without_an_authenticator_is_not_sent_to_the_code_page(client):
    client.force_login(ClientFactory())

    response = client.get(VERIFY)

    assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/")
