"""`manage.py seed_demo` shows credentials in every state, therapist 3's licence expiring
10 days from the day it runs, and a session to rescue on the queue."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from clinic.accounts.models import User
from clinic.messaging.models import Message
from tests.clock import frozen_at
from tests.demo_clinic import NOW
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]

TODAY = date(2026, 12, 1)


frozen = frozen_at(NOW)


def licence_of(number: int) -> Credential:
    return Credential.objects.get(
        kind=CredentialKind.LICENCE, therapist__user__email=f"therapist{number}@demo.clinic"
    )


def test_seed_demo_has_pending_verified_rejected_expiring_and_expired_credentials():
    statuses = set(Credential.objects.values_list("status", flat=True))
    expired = Credential.objects.filter(status="verified", expires_on__lt=TODAY)
    expiring = Credential.objects.filter(
        status="verified", expires_on__gte=TODAY, expires_on__lte=date(2026, 12, 31)
    )

    assert statuses == {"pending", "verified", "rejected"}
    assert [c.therapist.user.email for c in expired] == ["therapist5@demo.clinic"]
    assert sorted((c.therapist.user.email, c.kind) for c in expiring) == [
        ("therapist1@demo.clinic", CredentialKind.FIRST_AID),
        ("therapist3@demo.clinic", CredentialKind.LICENCE),
    ]
    assert Credential.objects.filter(document="").count() == 0


def test_seed_demo_therapist_three_is_bookable_until_the_licence_expires_in_10_days():
    licence = licence_of(3)
    three = Therapist.objects.get(user__email="therapist3@demo.clinic")

    assert (licence.status, licence.expires_on) == (CredentialStatus.VERIFIED, date(2026, 12, 11))
    assert three in Therapist.objects.bookable()
    assert three in Therapist.objects.bookable(on=date(2026, 12, 11))
    assert three not in Therapist.objects.bookable(on=date(2026, 12, 12))


def test_seed_demo_plans_therapist_threes_expiry_alerts():
    alerts = (
        Message.objects.about(licence_of(3))
        .filter(kind="cred_expiring")
        .values_list("recipient__email", "day")
    )

    assert sorted(alerts) == sorted(
        [(email, date(2026, 12, 11)) for email in ["admin@demo.clinic", "therapist3@demo.clinic"]]
        * 2
    )


def test_seed_demo_queue_shows_the_pending_credentials_and_a_session_to_rescue():
    browser = Client()
    browser.force_login(User.objects.get(email="admin@demo.clinic"))

    response = browser.get("/therapists/credentials/")

    pending = [(c.therapist.display_name, c.name) for c in response.context["pending"]]
    assert sorted(pending) == [
        ("Daniel Okafor", "Myofascial release"),
        ("Liam Tremblay", "Licence"),
        ("Liam Tremblay", "Trigger point therapy"),
    ]
    [at_risk] = re.findall(
        r'<table[^>]*id="sessions-at-risk".*?<tbody>(.*?)</tbody>', response.content.decode(), re.S
    )
    assert re.findall(r'href="mailto:([^"]+)"', at_risk) == ["client4@demo.clinic"]
    assert "Sofia Marchetti" in at_risk


def test_seed_demo_twice_keeps_one_history_per_credential():
    before = {c.pk: c.events.count() for c in Credential.objects.all()}

    call_command("seed_demo", stdout=StringIO())

    assert {c.pk: c.events.count() for c in Credential.objects.all()} == before
    assert set(before.values()) <= {1, 2}
