"""The intake's consents: their texts in full on the form, and the version of each agreed to
kept with the signature (page, API), named wherever the intake is shown or exported."""

import json

import pytest
from pytest_django.asserts import assertContains

from clients.consent.models import ConsentDocument, ConsentKind
from clients.consent.services import consent_document_publish
from clients.intake.models import Intake
from clients.intake.services import IntakeInvalid, intake_submit
from clinic.clock import clinic_zone, spoken
from tests.factories import intake_answers, pain_chart, pain_mark

from .api import OWN, api, submission
from .pages import FALLBACK, fill_intake, input_value, is_checked
from .versions import submit

pytestmark = pytest.mark.django_db

CHANGED = "This text has changed since you read it (now version 2): read it again and tick the box."


def current(kind: str) -> ConsentDocument:
    return ConsentDocument.objects.current(kind)


def agreed(intake: Intake) -> tuple:
    return (intake.consent_treatment_document, intake.consent_privacy_document)


def test_consent_step_shows_both_texts_in_full_with_their_versions(signed_in):
    treatment = consent_document_publish(
        kind=ConsentKind.TREATMENT, text="I agree to be treated.\n\nI may stop at any time."
    )
    privacy = current(ConsentKind.PRIVACY)
    signed_in.post("/intake/new/")

    response = signed_in.get("/intake/new/consent/")

    assertContains(response, "<p>I agree to be treated.</p>\n\n<p>I may stop at any time.</p>")
    for paragraph in privacy.text.split("\n\n"):
        assertContains(response, f"<p>{paragraph}</p>".replace("'", "&#x27;"))
    assertContains(response, '<h2 class="h5" id="consent-consent_treatment-title">Consent to')
    assertContains(
        response,
        f"Version 2, published {spoken(treatment.published_at.astimezone(clinic_zone()).date())}",
    )
    assert (
        input_value(response, "consent_treatment_version"),
        input_value(response, "consent_privacy_version"),
    ) == ("2", "1")
    assertContains(response, 'on <a href="/privacy/">its own page</a>')


def test_signing_on_the_page_keeps_the_versions_read(signed_in, ava):
    response = fill_intake(
        signed_in,
        intake_answers(),
        FALLBACK,
        consent_treatment_version="1",
        consent_privacy_version="1",
    )

    assert response.status_code == 302
    assert agreed(Intake.objects.get(client=ava)) == (
        current(ConsentKind.TREATMENT),
        current(ConsentKind.PRIVACY),
    )


def test_signing_after_a_text_changed_is_a_400_showing_the_new_text(signed_in, ava):
    new = consent_document_publish(kind=ConsentKind.PRIVACY, text="The revised notice.")

    response = fill_intake(
        signed_in,
        intake_answers(),
        FALLBACK,
        consent_treatment_version="1",
        consent_privacy_version="1",
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"consent_privacy": [CHANGED]}
    assertContains(response, "<p>The revised notice.</p>", status_code=400)
    assert input_value(response, "consent_privacy_version") == "2"
    assert (is_checked(response, "consent_treatment"), is_checked(response, "consent_privacy")) == (
        True,
        False,
    )
    assert Intake.objects.filter(client=ava).exists() is False

    again = signed_in.post(
        "/intake/new/consent/",
        {
            "consent_treatment": "on",
            "consent_privacy": "on",
            "signature": "Ava Chen",
            "consent_treatment_version": "1",
            "consent_privacy_version": "2",
        },
    )

    assert again.status_code == 302
    assert Intake.objects.get(client=ava).consent_privacy_document == new


def test_signing_with_a_garbled_version_is_a_400(signed_in, ava):
    response = fill_intake(signed_in, intake_answers(), FALLBACK, consent_treatment_version="first")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The consent texts you read were not recognised: read them again."
    ]
    assert Intake.objects.filter(client=ava).exists() is False


def test_submit_without_the_versions_read_keeps_the_current_ones(ava):
    new = consent_document_publish(kind=ConsentKind.TREATMENT, text="Second wording.")

    intake = submit(ava)

    assert agreed(intake) == (new, current(ConsentKind.PRIVACY))


def test_submit_with_a_version_no_longer_current_is_refused(ava):
    consent_document_publish(kind=ConsentKind.TREATMENT, text="Second wording.")

    with pytest.raises(IntakeInvalid) as refused:
        intake_submit(
            client=ava,
            answers=intake_answers(),
            chart=pain_chart(pain_mark("temple", "L", 7)),
            signature="Ava Chen",
            ip=None,
            consent_versions={"treatment": 1, "privacy": 1},
        )

    assert refused.value.errors == {"consent_treatment": [CHANGED]}


def test_api_signing_keeps_the_versions_read(ava):
    new = consent_document_publish(kind=ConsentKind.PRIVACY, text="Second notice.")
    body = submission(consent_treatment_version=1, consent_privacy_version=2)

    response = api(ava).post(OWN, body, format="json")

    assert response.status_code == 201
    assert (
        response.json()["consent_treatment_version"],
        response.json()["consent_privacy_version"],
    ) == (1, 2)
    assert agreed(Intake.objects.get(client=ava)) == (current(ConsentKind.TREATMENT), new)


def test_api_signing_after_a_text_changed_is_a_400(ava):
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Second notice.")
    body = submission(consent_treatment_version=1, consent_privacy_version=1)

    response = api(ava).post(OWN, body, format="json")

    assert (response.status_code, response.json()) == (400, {"consent_privacy": [CHANGED]})
    assert Intake.objects.filter(client=ava).exists() is False


@pytest.mark.parametrize("version", ["one", 0, True, 1.5, [1], 10**26, "9" * 26, "²"])
def test_api_signing_with_a_version_not_a_number_is_a_400(ava, version):
    body = submission(consent_treatment_version=version)

    response = api(ava).post(OWN, body, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"consent_treatment_version": ["Give the version number of the text read."]},
    )


def test_api_intake_of_before_texts_were_kept_gives_null_versions(ava, intake):
    Intake.objects.filter(pk=intake.pk).update(
        consent_treatment_document=None, consent_privacy_document=None
    )

    body = api(ava).get(OWN).json()

    assert (body["consent_treatment_version"], body["consent_privacy_version"]) == (None, None)


def test_intake_version_page_names_the_versions_agreed_to(signed_in, intake):
    privacy = current(ConsentKind.PRIVACY)

    response = signed_in.get("/intake/v1/")

    day = spoken(privacy.published_at.astimezone(clinic_zone()).date())
    assertContains(response, f"Agreed to version 1 (published {day})", count=2)
    assertContains(response, '<a href="/privacy/v1/">read it</a>', count=1)


def test_therapist_s_intake_page_names_the_versions_agreed_to(as_therapist, ava, intake):
    consent_document_publish(kind=ConsentKind.TREATMENT, text="Second wording.")
    submit(ava)

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assertContains(response, 'Consent to treatment</dt><dd class="col-sm-8">Agreed to version 2')


def test_intake_signed_before_texts_were_kept_says_so(signed_in, intake):
    Intake.objects.filter(pk=intake.pk).update(
        consent_treatment_document=None, consent_privacy_document=None
    )

    response = signed_in.get("/intake/v1/")

    assertContains(response, "Agreed; the wording was not recorded", count=2)


def test_record_export_names_the_versions_agreed_to(ava, intake):
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Second notice.")
    submit(ava)

    record = json.loads(api(ava).get("/api/v1/me/export/").content)

    consents = [
        [(a["field"], a["answer"]) for a in version["answers"] if a["field"].startswith("consent")]
        for version in record["intakes"]
    ]
    assert consents == [
        [("consent_treatment", "Yes, to version 1"), ("consent_privacy", "Yes, to version 2")],
        [("consent_treatment", "Yes, to version 1"), ("consent_privacy", "Yes, to version 1")],
    ]
