"""Backup codes: each signs in once, and new ones (asked for with a POST) replace the old."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken

from clinic.accounts.twofactor import backup_codes_renew
from tests.clock import frozen_at
from tests.otp import confirmed_authenticator

from .two_factor import NOW, VERIFY, sign_in_with_password, therapist_user

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def test_a_backup_code_signs_in_once(client):
    user = therapist_user()
    confirmed_authenticator(user)
    code = backup_codes_renew(user=user)[0]
    sign_in_with_password(client, user)

    first = client.post(VERIFY, {"code": code.upper()})
    client.post("/accounts/logout/")
    sign_in_with_password(client, user)
    second = client.post(VERIFY, {"code": code})

    assert first.status_code == 302
    assert second.status_code == 400
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_backup_codes_replace_the_old_ones(client):
    user = therapist_user()
    old = backup_codes_renew(user=user)
    client.force_login(user)

    response = client.post("/accounts/two-factor/backup-codes/")

    new = response.context["codes"]
    stored = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert response.status_code == 200
    assert sorted(stored) == sorted(new)
    assert set(old) & set(new) == set()


def test_new_backup_codes_need_post(client):
    client.force_login(therapist_user())

    assert client.get("/accounts/two-factor/backup-codes/").status_code == 405
