"""Submitting an intake: versions numbered per client, screened, never changed afterwards."""

import json
from datetime import UTC, datetime

import pytest

from clients.intake.models import Intake, ScreeningStatus
from clients.intake.screening import CAUTIONS, STOP_AND_REFER
from clinic.bodymap.painchart import Mark, PainChart
from tests.factories import ClientFactory, intake_answers, pain_chart, pain_mark, submit_intake

from .data import NOW
from .versions import stored, submit

pytestmark = pytest.mark.django_db

LATER = datetime(2027, 3, 2, 16, 30, tzinfo=UTC)


def test_intake_submit_first_time_makes_version_1(ava):
    chart = pain_chart(pain_mark("temple", "L", 7, "aching", "throbbing"))

    intake = submit(ava, chart=chart, ip="203.0.113.9")

    intake.refresh_from_db()
    assert (intake.client, intake.version, intake.created_at, intake.signed_at) == (
        ava,
        1,
        NOW,
        NOW,
    )
    assert (intake.signature, intake.signed_ip, intake.pain_chart) == (
        "Ava Chen",
        "203.0.113.9",
        chart,
    )
    assert (intake.phone, intake.pain_duration, intake.consent_treatment) == (
        "416-555-0100",
        "chronic",
        True,
    )


def test_intake_chart_reads_the_stored_chart_as_a_pain_chart(ava):
    chart = pain_chart(pain_mark("temple", "L", 7, "aching", "throbbing"), average=4)
    submit(ava, chart=chart)

    intake = Intake.objects.get(client=ava)

    assert intake.chart == PainChart(
        marks=(Mark("temple", "L", 7, ("aching", "throbbing")),),
        worst=8,
        least=2,
        average=4,
        now=4,
    )
    assert intake.chart.to_json() == intake.pain_chart == chart


def test_intake_submit_stores_the_chart_normalised(ava):
    raw = json.dumps({**pain_chart(), "marks": [{"intensity": 3, "side": "R", "region": "heel"}]})

    intake = submit(ava, chart=raw)

    intake.refresh_from_db()
    assert intake.pain_chart == pain_chart(pain_mark("heel", "R", 3))


def test_intake_submit_stores_the_screening(ava):
    intake = submit(ava, answers=intake_answers(clot_signs=True, osteoporosis=True))

    intake.refresh_from_db()
    assert (intake.screening_status, intake.screening_reasons) == (
        ScreeningStatus.NEEDS_CLEARANCE,
        [STOP_AND_REFER["clot_signs"], CAUTIONS["osteoporosis"]],
    )


def test_intake_submit_again_makes_the_next_versions(ava):
    versions = [submit(ava).version for _ in range(3)]

    assert versions == [1, 2, 3]
    assert list(Intake.objects.filter(client=ava).values_list("version", flat=True)) == [
        3,
        2,
        1,
    ]


def test_intake_submit_never_changes_an_earlier_version(ava, frozen):
    first = submit(ava, chart=pain_chart(pain_mark("low_back", "L", 6, "aching")))
    before = stored(first)
    frozen.move_to(LATER)

    second = submit(
        ava,
        answers=intake_answers(phone="416-555-0777", cancer=True, goals="Sleep well."),
        chart=pain_chart(pain_mark("calf", "R", 3), worst=5, least=1, average=3, now=2),
        signature="ava chen",
        ip="198.51.100.4",
    )

    assert stored(first) == before
    assert (second.version, second.created_at, second.phone) == (2, LATER, "416-555-0777")


def test_intake_versions_are_numbered_per_client(ava):
    other = ClientFactory()
    submit(ava)
    submit(ava)

    intake = submit_intake(other)

    assert intake.version == 1


def test_intake_current_for_is_the_latest_version(ava):
    submit(ava)
    latest = submit(ava)

    assert Intake.objects.current_for(ava) == latest


def test_intake_current_for_a_client_without_intake_is_none(ava):
    assert Intake.objects.current_for(ava) is None


@pytest.mark.parametrize("signature", ["Ava Chen", "ava chen", "  AVA   chen ", "Ava\tChen"])
def test_intake_submit_accepts_the_full_name_whatever_case_and_spacing(ava, signature):
    intake = submit(ava, signature=signature)

    assert intake.signature == " ".join(signature.split())
