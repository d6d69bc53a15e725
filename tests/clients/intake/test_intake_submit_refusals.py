"""What submitting an intake refuses: every wrong answer at once, and nothing saved."""

import pytest

from clients.intake.models import Intake, IntakeDraft
from clients.intake.services import IntakeInvalid, intake_draft_save, intake_draft_start
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from tests.factories import ClientFactory, intake_answers, pain_chart, pain_mark

from .versions import submit

pytestmark = pytest.mark.django_db

REQUIRED = "This field is required."
NO_CONSENT = "This consent is needed to go on."


def refusal(client, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(IntakeInvalid) as caught:
        submit(client, **kwargs)
    return caught.value.errors


def test_intake_submit_refuses_every_wrong_answer_at_once(ava):
    answers = intake_answers(
        phone="",
        pain_duration="forever",
        goals="  ",
        consent_privacy=False,
    )
    del answers["emergency_contact_name"]

    errors = refusal(
        ava,
        answers=answers,
        chart=pain_chart(pain_mark("elbow", "L", 5)),
        signature="Noah Patel",
    )

    assert errors == {
        "phone": [REQUIRED],
        "emergency_contact_name": [REQUIRED],
        "pain_duration": ["Select a valid choice. forever is not one of the available choices."],
        "goals": [REQUIRED],
        "consent_privacy": [NO_CONSENT],
        "pain_chart": ["Mark 1: unknown body region 'elbow'."],
        "signature": ["Type your full name as on your account: Ava Chen."],
    }


def test_intake_submit_with_no_answers_lists_every_required_one(ava):
    errors = refusal(ava, answers={}, chart={}, signature="")

    assert errors == {
        "phone": [REQUIRED],
        "emergency_contact_name": [REQUIRED],
        "emergency_contact_phone": [REQUIRED],
        "pain_onset": [REQUIRED],
        "pain_duration": [REQUIRED],
        "pain_pattern": [REQUIRED],
        "goals": [REQUIRED],
        "blood_pressure": [REQUIRED],
        "preferred_pressure": [REQUIRED],
        "consent_treatment": [NO_CONSENT],
        "consent_privacy": [NO_CONSENT],
        "pain_chart": ["Give your worst pain in the last 24 hours (0-10)."],
        "signature": ["Type your full name to sign."],
    }


@pytest.mark.parametrize("consent", ["consent_treatment", "consent_privacy"])
def test_intake_submit_refuses_without_consent(ava, consent):
    errors = refusal(ava, answers=intake_answers(**{consent: False}))

    assert errors == {consent: [NO_CONSENT]}


@pytest.mark.parametrize("signature", ["Ava", "Ava Chen-Smith", "Chen Ava", "AvaChen"])
def test_intake_submit_refuses_a_signature_that_is_not_the_full_name(ava, signature):
    errors = refusal(ava, signature=signature)

    assert errors == {"signature": ["Type your full name as on your account: Ava Chen."]}


@pytest.mark.parametrize("signature", ["", "   ", None])
def test_intake_submit_refuses_a_missing_signature(ava, signature):
    errors = refusal(ava, signature=signature)

    assert errors == {"signature": ["Type your full name to sign."]}


def test_intake_submit_refused_saves_nothing_and_keeps_the_draft(ava):
    draft = intake_draft_save(
        draft=intake_draft_start(client=ava), answers={"phone": "416-555-0123"}
    )

    refusal(ava, signature="Someone Else")

    assert (Intake.objects.count(), AuditEvent.objects.count()) == (0, 0)
    assert IntakeDraft.objects.get(pk=draft.pk).answers == {"phone": "416-555-0123"}


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.ADMIN])
def test_intake_submit_by_a_non_client_is_refused(role):
    user = ClientFactory(role=role, first_name="Maya", last_name="Lindqvist")

    errors = refusal(user, signature="Maya Lindqvist")

    assert errors == {"client": ["Only clients fill an intake form."]}
    assert Intake.objects.count() == 0
