"""The intake form's steps: the draft started, each step's page, a step saved or sent back."""

import json
import re

import pytest
from pytest_django.asserts import assertContains

from clients.intake.forms import CONTACT_FIELDS, HISTORY_FIELDS
from clients.intake.models import IntakeDraft
from tests.factories import intake_answers
from tests.pages import html

from .pages import FALLBACK, FALLBACK_CHART, input_value, is_checked, marked_paths, step_data

pytestmark = pytest.mark.django_db


def test_intake_start_makes_a_draft_and_goes_to_the_first_step(signed_in, ava):
    response = signed_in.post("/intake/new/")

    assert (response.status_code, response["Location"]) == (302, "/intake/new/contact/")
    assert IntakeDraft.objects.get(client=ava).answers == {}


def test_intake_start_by_get_is_not_allowed(signed_in):
    assert signed_in.get("/intake/new/").status_code == 405


def test_intake_step_pages_show_each_step(signed_in):
    signed_in.post("/intake/new/")
    titles = [
        "About you",
        "Where it hurts",
        "Your pain and goals",
        "Your health",
        "Consent and signature",
    ]

    pages = [
        signed_in.get(f"/intake/new/{slug}/")
        for slug in ["contact", "chart", "history", "health", "consent"]
    ]

    assert [page.status_code for page in pages] == [200] * 5
    assert [re.search(r"Step (\d) of 5: ([^<]+)</h2>", html(page)).groups() for page in pages] == [
        (str(number), title) for number, title in enumerate(titles, 1)
    ]


def test_intake_unknown_step_is_a_404(signed_in):
    assert signed_in.get("/intake/new/payment/").status_code == 404


def test_intake_contact_step_saves_the_draft_and_goes_on(signed_in, ava):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/contact/", step_data(CONTACT_FIELDS, intake_answers()))

    assert (response.status_code, response["Location"]) == (302, "/intake/new/chart/")
    assert IntakeDraft.objects.get(client=ava).answers == {
        name: intake_answers()[name] for name in CONTACT_FIELDS
    }


def test_intake_step_with_a_missing_answer_is_a_400_keeping_what_was_typed(signed_in, ava):
    signed_in.post("/intake/new/")
    data = step_data(CONTACT_FIELDS, intake_answers(phone="", emergency_contact_name="Sam Chen"))

    response = signed_in.post("/intake/new/contact/", data)

    assert response.status_code == 400
    assert response.context["form"].errors == {"phone": ["This field is required."]}
    assert input_value(response, "emergency_contact_name") == "Sam Chen"
    assert IntakeDraft.objects.get(client=ava).answers == {}


def test_intake_draft_is_kept_between_steps(signed_in):
    answers = intake_answers(phone="416-555-0142", night_pain=True, goals="Sleep through.")
    signed_in.post("/intake/new/")
    signed_in.post("/intake/new/contact/", step_data(CONTACT_FIELDS, answers))
    signed_in.post("/intake/new/chart/", FALLBACK)
    signed_in.post("/intake/new/history/", step_data(HISTORY_FIELDS, answers))

    contact = signed_in.get("/intake/new/contact/")
    chart = signed_in.get("/intake/new/chart/")
    history = signed_in.get("/intake/new/history/")

    assert input_value(contact, "phone") == "416-555-0142"
    assert (input_value(chart, "pain_temple_L"), input_value(chart, "pain_worst")) == ("7", "8")
    assert json.loads(input_value(chart, "pain_chart").replace("&quot;", '"')) == FALLBACK_CHART
    assert marked_paths(chart) == [("7", "temple", "L"), ("4", "neck_back", "R")]
    assert is_checked(history, "night_pain") is True
    assertContains(history, "Sleep through.</textarea>", count=1)
