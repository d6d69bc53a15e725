"""Setting up two-step sign-in: a QR code and the secret, confirmed with a code from the app,
which turns it on and shows ten backup codes once."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains

from tests.clock import frozen_at
from tests.factories import ClientFactory
from tests.otp import totp_code

from .two_factor import NOW, SETUP, sign_in_with_password, therapist_user

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client):
    user = therapist_user()
    sign_in_with_password(client, user)

    response = client.get("/schedule/")

    assert (response.status_code, response["Location"]) == (302, f"{SETUP}?next=%2Fschedule%2F")


STAFF_REASON = "Clinic staff sign in with their password and a code from an authenticator app"
CLIENT_REASON = "so a stolen password alone opens nothing"


@pytest.mark.parametrize(
    ("make_user", "says", "not_says"),
    [(therapist_user, STAFF_REASON, CLIENT_REASON), (ClientFactory, CLIENT_REASON, STAFF_REASON)],
)
def test_setup_page_says_why_to_staff_and_to_clients(client, make_user, says, not_says):
    sign_in_with_password(client, make_user())

    response = client.get(SETUP)

    assertContains(response, says, count=1)
    assert not_says not in response.content.decode()


def test_setup_page_shows_a_qr_code_and_the_secret_in_text(client):
    user = therapist_user()
    sign_in_with_password(client, user)

    response = client.get(SETUP)

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = response.context["secret"]
    assert response.status_code == 200
    assert secret.replace(" ", "") == re.search(r"secret=([A-Z2-7]+)", device.config_url)[1]
    assertContains(response, secret, count=1)
    assertContains(response, '<svg viewBox="0 0', count=1)
    assertContains(response, "QR code for your authenticator app", count=1)


def test_setup_keeps_the_same_secret_until_confirmed(client):
    sign_in_with_password(client, therapist_user())

    first = client.get(SETUP).context["secret"]
    second = client.get(SETUP).context["secret"]

    assert first == second


def test_confirming_setup_turns_it_on_and_shows_ten_backup_codes_once(client):
    user = therapist_user()
    sign_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP, {"code": totp_code(device), "next": "/schedule/"})

    device.refresh_from_db()
    codes = response.context["codes"]
    stored = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert response.status_code == 200
    assert device.confirmed is True
    assert len(codes) == 10
    assert sorted(stored) == sorted(codes)
    for code in codes:
        assertContains(response, code, count=1)
    assert client.get("/schedule/").status_code == 200
    assertContains(client.get("/accounts/two-factor/"), "10 unused backup codes", count=1)


def test_setup_with_a_wrong_code_says_so_and_stays_off(client):
    user = therapist_user()
    sign_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    device.refresh_from_db()
    assert response.context["form"].errors == {
        "code": ["That code is not right. Type the code the app shows now."]
    }
    assert device.confirmed is False
    assert StaticDevice.objects.filter(user=user).exists() is False
    assert client.get("/schedule/").status_code == 302
