"""The consent texts in a real Chromium: the privacy page and the intake's consent step are
axe-clean, and a keyboard alone reads a text, ticks its box and signs."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from clients.consent.models import ConsentKind
from clients.consent.services import consent_document_publish
from clients.intake.models import Intake
from clients.intake.services import intake_draft_save, intake_draft_start
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import ClientFactory, intake_answers, pain_chart, pain_mark

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_TEXT = "\n\n".join(f"Paragraph {n} of what the client agrees to." for n in range(1, 30))


@pytest.fixture
def texts():
    """Both texts published (the database is emptied between these tests)."""
    return {
        kind: consent_document_publish(kind=kind, text=LONG_TEXT)
        for kind in (ConsentKind.TREATMENT, ConsentKind.PRIVACY)
    }


@pytest.fixture
def at_consent_step():
    """A client whose draft has every step answered but the consent."""
    client = ClientFactory(first_name="Ada", last_name="Lovelace")
    draft = intake_draft_start(client=client)
    answers = intake_answers(consent_treatment=False, consent_privacy=False)
    intake_draft_save(
        draft=draft, answers={**answers, "pain_chart": pain_chart(pain_mark("temple", "L", 7))}
    )
    return client


def test_privacy_page_has_no_axe_violations(live_http, page: Page, texts):
    page.goto(live_http.url + reverse("privacy"))

    expect(page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    assert axe_violations(page) == []


def test_an_earlier_privacy_notice_has_no_axe_violations(live_http, page: Page, texts):
    consent_document_publish(kind=ConsentKind.PRIVACY, text=LONG_TEXT + "\n\nA new paragraph.")
    page.goto(live_http.url + reverse("privacy-version", args=[1]))

    expect(page.get_by_role("link", name="Read the current version (2)")).to_be_visible()
    assert axe_violations(page) == []


def test_consent_step_is_axe_clean_and_signed_by_keyboard(live_http, page, texts, at_consent_step):
    sign_in(page, live_http.url, at_consent_step.email)
    page.goto(live_http.url + reverse("intake-step", args=["consent"]))
    assert axe_violations(page) == []

    treatment = page.get_by_role("region", name="Consent to treatment, version 1")
    treatment.focus()
    page.keyboard.press("End")  # the text scrolls from the keyboard
    expect(treatment.get_by_text("Paragraph 29 of")).to_be_in_viewport()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator("#id_consent_privacy").focus()
    page.keyboard.press("Space")
    page.locator("#id_signature").fill("Ada Lovelace")
    page.keyboard.press("Enter")

    expect(page.get_by_text("version 1 of your intake is signed")).to_be_visible()
    intake = Intake.objects.get(client=at_consent_step)
    assert (intake.consent_treatment_document, intake.consent_privacy_document) == (
        texts[ConsentKind.TREATMENT],
        texts[ConsentKind.PRIVACY],
    )
