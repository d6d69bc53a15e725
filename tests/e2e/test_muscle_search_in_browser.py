"""The note editor's muscle search adds the muscle that best matches what was typed, by
Enter or by "Add a point"; only text that matches no muscle becomes "Other"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.signin import signed_in_as
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, bookable_therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def note_editor(live_http, page):
    """The draft note of a session that began three hours ago, open in its editor."""
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    appointment = AppointmentFactory(
        client=ClientFactory(),
        therapist=therapist,
        service=service,
        start=timezone.now() - timedelta(hours=3),
    )
    signed_in_as(page, live_http.url, therapist.user)
    page.goto(live_http.url + reverse("note", args=[appointment.pk]))
    page.get_by_role("button", name="Write the note").click()
    return page


def add_by_search(page, text: str, by: str) -> None:
    search = page.get_by_label("Find a muscle")
    search.fill(text)
    if by == "Enter":
        search.press("Enter")
    else:
        page.get_by_role("button", name="Add a point").click()


def test_search_adds_the_best_matching_muscle(note_editor):
    page = note_editor
    typed = [
        ("trap", "Enter"),  # the start of a word of "Upper trapezius"
        ("Gluteus med", "button"),  # the start of the name
        ("glut min", "Enter"),  # the start of a word, for each word typed
        ("lumborum", "button"),  # a whole word inside the name
        ("Digastric", "Enter"),  # no muscle of the catalogue: another one
    ]

    for text, by in typed:
        add_by_search(page, text, by)

    rows = page.locator("#point-rows .point-row")
    expect(rows).to_have_count(len(typed))
    muscles = rows.locator("select[name$='-muscle']").evaluate_all(
        "(selects) => selects.map((select) => select.value)"
    )
    expect(rows.nth(4).locator("input[name$='-other_muscle']")).to_have_value("Digastric")
    assert muscles == [
        "upper_trapezius",
        "gluteus_medius",
        "gluteus_minimus",
        "quadratus_lumborum",
        "other",
    ]
