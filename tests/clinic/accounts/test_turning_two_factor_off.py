"""Turning two-step sign-in off: clients may, with their password and a code (an audited
change under the sign-in lockout); staff never may."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains

from clinic.accounts.twofactor import backup_codes_renew
from clinic.audit.models import AuditEvent
from tests.clock import frozen_at
from tests.factories import PASSWORD, ClientFactory
from tests.otp import confirmed_authenticator, totp_code

from .two_factor import NOW, TURN_OFF, sign_in_with_password, staff_users

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def enrolled_client(browser: Client):
    """A client with an authenticator and backup codes, signed in with both steps."""
    user = ClientFactory()
    device = confirmed_authenticator(user)
    backup_codes_renew(user=user)
    browser.force_login(user)
    return user, device


def has_devices(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user).exists()
        or StaticDevice.objects.filter(user=user).exists()
    )


def test_enrolled_client_turns_it_off_with_password_and_code(client, frozen):
    user, device = enrolled_client(client)

    page = client.get("/accounts/two-factor/")
    form = client.get(TURN_OFF)
    done = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assertContains(page, f'href="{TURN_OFF}"', count=1)
    assert form.status_code == 200
    assert (done.status_code, done["Location"]) == (302, "/accounts/two-factor/")
    assert not has_devices(user)
    assertContains(client.get("/accounts/two-factor/"), "Off. Turn it on")
    assert client.get("/appointments/").status_code == 200
    assert list(
        AuditEvent.objects.filter(action="change").values_list(
            "actor", "record_type", "record_id", "subject", "detail", "ip", "at"
        )
    ) == [
        (user.pk, "clinic.User", str(user.pk), user.pk, "two-step sign-in turned off",
         "127.0.0.1", NOW)
    ]  # fmt: skip


def test_after_turning_it_off_sign_in_needs_no_code(client, frozen):
    user, device = enrolled_client(client)
    client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})
    client.post("/accounts/logout/")

    sign_in_with_password(client, user)

    assert client.get("/appointments/").status_code == 200


def test_a_backup_code_also_turns_it_off(client):
    user, _ = enrolled_client(client)
    code = StaticToken.objects.filter(device__user=user).first().token

    response = client.post(TURN_OFF, {"password": PASSWORD, "code": code})

    assert response.status_code == 302
    assert not has_devices(user)


@pytest.mark.parametrize(
    ("password", "code", "error"),
    [
        ("wrong", None, "The password is not right."),
        (PASSWORD, "000000", "That code is not right, or it was used already."),
        (PASSWORD, "", "This field is required."),
    ],
)
def test_turning_off_needs_the_password_and_a_right_code(client, frozen, password, code, error):
    user, device = enrolled_client(client)
    code = totp_code(device) if code is None else code

    response = client.post(TURN_OFF, {"password": password, "code": code})

    assertContains(response, error, status_code=400)
    assert TOTPDevice.objects.filter(user=user).exists()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert not AuditEvent.objects.filter(detail="two-step sign-in turned off").exists()


def test_wrong_passwords_when_turning_off_meet_the_sign_in_lockout(client, frozen):
    user, device = enrolled_client(client)

    wrong = [client.post(TURN_OFF, {"password": "guess", "code": "000000"}) for _ in range(5)]
    failures = AuditEvent.objects.filter(action="sign_in_failed", subject=user).count()
    right = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assert [response.status_code for response in wrong] == [400] * 4 + [429]
    assert failures == 5
    assertContains(right, "Too many failed sign-ins. Try again in 15 minutes.", status_code=429)
    assert has_devices(user)


@pytest.mark.parametrize("kind", list(staff_users()))
def test_staff_cannot_turn_it_off(client, frozen, kind):
    user = staff_users()[kind]()
    device = confirmed_authenticator(user)
    backup_codes_renew(user=user)
    client.force_login(user)

    page = client.get("/accounts/two-factor/")
    form = client.get(TURN_OFF)
    response = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assert page.status_code == 200
    assert TURN_OFF not in page.content.decode()
    assert (form.status_code, response.status_code) == (403, 403)
    assert TOTPDevice.objects.filter(user=user).exists()
    assert StaticToken.objects.filter(device__user=user).count() == 10
