"""GET /api/v1/clients/ID/suggestions/: muscles ranked from the intake, held back or not."""

import pytest

from clients.intake.services import intake_clear
from clinic.audit.models import AuditEvent
from clinic.bodymap.suggestions import NOTE as SUGGESTION_NOTE
from tests.api import api_as
from tests.factories import pain_chart, pain_mark, submit_intake

from .api_requests import NO_CLIENT

pytestmark = pytest.mark.django_db


def suggestions_url(cast) -> str:
    return f"/api/v1/clients/{cast['ava'].pk}/suggestions/"


def test_suggestions_rank_muscles_from_the_current_intake(cast):
    submit_intake(cast["ava"], chart=pain_chart(pain_mark("heel", "R", 9)))
    intake = submit_intake(
        cast["ava"], chart=pain_chart(pain_mark("temple", "L", 4), pain_mark("jaw", "L", 2))
    )

    response = api_as(cast["people"]["therapist"]).get(suggestions_url(cast))

    assert (response.status_code, response.json()) == (
        200,
        {
            "suggestions": [
                {
                    "muscle": "upper_trapezius",
                    "name": "Upper trapezius",
                    "side": "L",
                    "score": 5.0,
                    "regions": ["temple", "jaw"],
                },
                {
                    "muscle": "suboccipitals",
                    "name": "Suboccipitals",
                    "side": "L",
                    "score": 4.0,
                    "regions": ["temple"],
                },
                {
                    "muscle": "temporalis",
                    "name": "Temporalis",
                    "side": "L",
                    "score": 4.0,
                    "regions": ["temple"],
                },
                {
                    "muscle": "masseter",
                    "name": "Masseter",
                    "side": "L",
                    "score": 2.0,
                    "regions": ["jaw"],
                },
                {
                    "muscle": "scm_clavicular",
                    "name": "Sternocleidomastoid, clavicular head",
                    "side": "L",
                    "score": 1.0,
                    "regions": ["jaw"],
                },
            ],
            "note": SUGGESTION_NOTE,
        },
    )
    assert list(
        AuditEvent.objects.filter(action="read").values_list("record_type", "record_id")
    ) == [("intake.Intake", str(intake.pk))]


def test_suggestions_are_held_back_until_a_needed_clearance_is_recorded(cast):
    chart = pain_chart(pain_mark("calf", "L", 6))
    intake = submit_intake(cast["ava"], chart=chart, clot_signs=True)
    api = api_as(cast["people"]["therapist"])

    held_back = api.get(suggestions_url(cast)).json()
    intake_clear(
        intake=intake, by=cast["people"]["therapist"], note="Physician's note of 28 Nov.", ip=None
    )
    cleared = api.get(suggestions_url(cast)).json()

    assert (intake.screening_status, held_back) == (
        "needs_clearance",
        {
            "suggestions": [],
            "note": "Suggestions are held back until the screening's clearance is recorded.",
        },
    )
    assert [(s["muscle"], s["side"], s["score"]) for s in cleared["suggestions"]] == [
        ("gluteus_minimus", "L", 6.0),
        ("gastrocnemius", "L", 6.0),
        ("hamstrings", "L", 3.0),
        ("soleus", "L", 3.0),
    ]
    assert cleared["note"] == SUGGESTION_NOTE


def test_suggestions_without_an_intake_say_so(cast):
    response = api_as(cast["people"]["therapist"]).get(suggestions_url(cast))

    assert (response.status_code, response.json()) == (
        200,
        {"suggestions": [], "note": "No intake yet: nothing to suggest from."},
    )


@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_suggestions_for_anyone_else_is_a_404(cast, role):
    submit_intake(cast["ava"])

    response = api_as(cast["people"][role]).get(suggestions_url(cast))

    assert (response.status_code, response.json()) == (404, NO_CLIENT)
