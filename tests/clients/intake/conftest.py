"""The intake tests' people and intakes: Ava, her therapist, each signed in, her intakes."""

import pytest
from django.test import Client

from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    intake_answers,
    submit_intake,
)

from .data import CHART, NOW
from .versions import submit

frozen = frozen_at(NOW)


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def therapist(ava):
    therapist = TherapistFactory()
    AppointmentFactory(client=ava, therapist=therapist)
    return therapist.user


@pytest.fixture
def signed_in(client, ava):
    client.force_login(ava)
    return client


@pytest.fixture
def as_therapist(therapist):
    http = Client()
    http.force_login(therapist)
    return http


@pytest.fixture
def intake(ava):
    return submit_intake(ava, chart=CHART)


@pytest.fixture
def needs_clearance(ava):
    return submit(ava, answers=intake_answers(clot_signs=True))
