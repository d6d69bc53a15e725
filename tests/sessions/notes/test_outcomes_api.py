"""GET /api/v1/clients/ID/outcomes/: the pain plot's points, for whom."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.api import api_as
from tests.factories import SessionNoteFactory, pain_chart, pain_mark, signed_note, submit_intake

from .api_requests import NO_CLIENT
from .note_cast import NOW

pytestmark = pytest.mark.django_db


def test_client_outcomes_gives_the_plots_points(cast):
    ava, service = cast["ava"], cast["service"]
    with time_machine.travel(datetime(2026, 11, 2, 14, tzinfo=UTC), tick=False):
        submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7), average=6))
    signed_note(appointment=cast["appointment"], pain_before=6, pain_after=2)
    SessionNoteFactory(  # a draft has no outcome yet
        appointment__client=ava,
        appointment__therapist=cast["people"]["therapist"].therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(hours=3),
    )

    response = api_as(cast["people"]["therapist"]).get(f"/api/v1/clients/{ava.pk}/outcomes/")

    assert (response.status_code, response.json()) == (
        200,
        {
            "points": [
                {"date": "2026-11-02", "kind": "intake", "value": 6},
                {"date": "2026-11-30", "kind": "before", "value": 6},
                {"date": "2026-11-30", "kind": "after", "value": 2},
            ]
        },
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("client", 200),
        ("therapist", 200),
        ("other_therapist", 200),
        ("admin", 200),
        ("other_client", 404),
        ("unrelated_therapist", 404),
    ],
)
def test_client_outcomes_answers_each_role(cast, role, status):
    response = api_as(cast["people"][role]).get(f"/api/v1/clients/{cast['ava'].pk}/outcomes/")

    assert response.status_code == status
    assert response.json() == ({"points": []} if status == 200 else NO_CLIENT)
