"""The record export takes the same number of queries however long the client's history."""

import json
from datetime import timedelta

import pytest

from clients.intake.services import intake_clear
from clients.records.selectors import client_record
from sessions.checkins.models import CheckIn
from tests.api import api_as
from tests.factories import AppointmentFactory, MessageFactory, signed_note, submit_intake

from .export import API, PAST

pytestmark = pytest.mark.django_db


def add_history(client, therapist, service, n: int) -> None:
    """n more past sessions, each with a signed note (two points, an addendum), a check-in
    and a message, and n more intake versions with a clearance."""
    for day in range(n):
        appointment = AppointmentFactory(
            client=client,
            therapist=therapist,
            service=service,
            start=PAST - timedelta(days=7 * (day + 1)),
        )
        signed_note(appointment=appointment, points=2, addenda=1)
        CheckIn.objects.create(appointment=appointment, pain_now=3)
        MessageFactory(appointment=appointment, kind="check_in")
        intake = submit_intake(client, fever_or_infection=True)
        intake_clear(intake=intake, by=therapist.user, note="Checked.", ip=None)


@pytest.mark.parametrize("more", [0, 4])
def test_the_record_takes_the_same_queries_however_long_the_history(
    cast, django_assert_num_queries, more
):
    ava = cast["ava"]
    add_history(ava, cast["past"].therapist, cast["past"].service, more)

    with django_assert_num_queries(11):
        record = client_record(ava, viewer=ava).data

    assert len(record["session_notes"]) == 1 + more
    assert len(record["intakes"]) == 2 + more


@pytest.mark.parametrize("more", [0, 4])
def test_the_api_export_takes_the_same_queries_however_long_the_history(
    cast, django_assert_num_queries, more
):
    ava = cast["ava"]
    add_history(ava, cast["past"].therapist, cast["past"].service, more)
    api = api_as(ava)

    # the token and its user, the record's 11 reads, the whole record's audit event and
    # its clinical records' (one insert)
    with django_assert_num_queries(14):
        response = api.get(API)

    assert len(json.loads(response.content)["session_notes"]) == 1 + more
