"""The test clients' own sign-in (`force_login`, `login`): past the second step, unaudited."""

import pytest

from clinic.audit.models import AuditEvent
from tests.clock import frozen_at
from tests.factories import PASSWORD

from .two_factor import NOW, therapist_user

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def test_force_login_in_tests_signs_staff_in_verified_and_without_an_audit_event(client):
    user = therapist_user()

    client.force_login(user)

    assert client.get("/schedule/").status_code == 200
    assert AuditEvent.objects.count() == 0


def test_login_in_tests_checks_the_password_and_signs_in_verified(client):
    user = therapist_user()

    refused = client.login(username=user.email, password="wrong-password")
    accepted = client.login(username=user.email, password=PASSWORD)

    assert (refused, accepted) == (False, True)
    assert client.get("/schedule/").status_code == 200
