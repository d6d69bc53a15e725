"""Signing the intake form: the consent step makes a version, or says what is missing."""

import json

import pytest
from pytest_django.asserts import assertContains

from clients.intake.models import Intake, IntakeDraft
from clients.intake.screening import STOP_AND_REFER
from tests.factories import intake_answers

from .data import CHART, NOW
from .pages import FALLBACK, FALLBACK_CHART, fill_intake, marked_paths

pytestmark = pytest.mark.django_db


def test_intake_full_flow_signs_version_1_and_goes_home(signed_in, ava):
    answers = intake_answers(clot_signs=True, night_pain=True, preferred_pressure="light")

    response = fill_intake(signed_in, answers, FALLBACK, signature="  ava   chen ")

    assert (response.status_code, response["Location"]) == (302, "/intake/")
    intake = Intake.objects.get(client=ava)
    assert (intake.version, intake.signature, intake.signed_at, intake.signed_ip) == (
        1,
        "ava chen",
        NOW,
        "127.0.0.1",
    )
    assert {name: getattr(intake, name) for name in answers} == answers
    assert intake.pain_chart == FALLBACK_CHART
    assert (intake.screening_status, intake.screening_reasons) == (
        "needs_clearance",
        [STOP_AND_REFER["clot_signs"]],
    )
    assert IntakeDraft.objects.filter(client=ava).exists() is False


def test_intake_full_flow_with_the_body_map_json(signed_in, ava):
    chart_post = {"pain_chart": json.dumps(CHART)}

    fill_intake(signed_in, intake_answers(), chart_post)

    assert Intake.objects.get(client=ava).pain_chart == CHART


def test_intake_signed_shows_the_thanks_on_the_home_page(signed_in):
    response = fill_intake(signed_in, intake_answers(), FALLBACK)

    page = signed_in.get(response["Location"])

    assertContains(page, "Thank you: version 1 of your intake is signed.", count=1)
    assertContains(page, '<a href="/intake/v1/">Version 1</a> &middot; Tue 1 Dec 2026', count=1)
    assert marked_paths(page) == [("7", "temple", "L"), ("4", "neck_back", "R")]


def test_intake_consent_without_consents_is_a_400(signed_in):
    answers = intake_answers(consent_treatment=False, consent_privacy=False)

    response = fill_intake(signed_in, answers, FALLBACK)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "consent_treatment": ["This consent is needed to go on."],
        "consent_privacy": ["This consent is needed to go on."],
    }
    assert Intake.objects.count() == 0


def test_intake_consent_with_the_wrong_signature_is_a_400_keeping_the_draft(signed_in, ava):
    response = fill_intake(signed_in, intake_answers(), FALLBACK, signature="Noah Patel")

    assert response.status_code == 400
    assert response.context["form"].errors["signature"] == [
        "Type your full name as on your account: Ava Chen."
    ]
    assert Intake.objects.count() == 0
    assert IntakeDraft.objects.get(client=ava).answers["pain_chart"] == FALLBACK_CHART


def test_intake_consent_with_earlier_steps_skipped_names_them(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post(
        "/intake/new/consent/",
        {"consent_treatment": "on", "consent_privacy": "on", "signature": "Ava Chen"},
    )

    assertContains(
        response,
        "Please go back and check: About you; Where it hurts; Your pain and goals; Your health.",
        count=1,
        status_code=400,
    )
    assert Intake.objects.count() == 0
