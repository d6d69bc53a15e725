"""The signed and draft note page: what each reader sees, addenda in order."""

import re
from datetime import timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from tests.factories import NoteAddendumFactory
from tests.pages import html

from .page_requests import arrange, send

pytestmark = pytest.mark.django_db


def test_signed_note_page_for_the_client_hides_therapist_remarks_and_the_addendum_form(cast):
    arrange(cast, "signed")

    response = send("note-get-signed", "client", cast)

    assertTemplateUsed(response, "notes/note.html")
    assertNotContains(response, "Private.")
    assertNotContains(response, "/note/addenda/")
    assertNotContains(response, 'id="note-form"')


@pytest.mark.parametrize("role", ["therapist", "other_therapist", "admin"])
def test_signed_note_page_for_therapists_shows_remarks_and_offers_an_addendum(cast, role):
    arrange(cast, "signed")

    response = send("note-get-signed", role, cast)

    assertContains(response, "Private.")
    assertContains(response, f'action="/appointments/{cast["appointment"].pk}/note/addenda/"')
    assertNotContains(response, 'id="note-form"')


def test_signed_note_page_shows_addenda_in_order(cast, frozen):
    note = arrange(cast, "signed")
    for text, author in [
        ("First correction.", "therapist"),
        ("Second, by the other therapist.", "other_therapist"),
        ("Third, by the admin.", "admin"),
    ]:
        NoteAddendumFactory(note=note, author=cast["people"][author], text=text)
        frozen.shift(timedelta(minutes=10))

    response = send("note-get-signed", "client", cast)

    assert re.findall(r'class="[^"]*\baddendum\b[^"]*">(.*?)</div>', html(response)) == [
        f"<strong>Addendum</strong> by {cast['people']['therapist']}, Tue 1 Dec 2026, 10:00: "
        "First correction.",
        f"<strong>Addendum</strong> by {cast['people']['other_therapist']}, Tue 1 Dec 2026, 10:10: "
        "Second, by the other therapist.",
        f"<strong>Addendum</strong> by {cast['people']['admin']}, Tue 1 Dec 2026, 10:20: "
        "Third, by the admin.",
    ]


def test_draft_note_page_for_an_admin_is_read_only(cast):
    arrange(cast, "draft")

    response = send("note-get-draft", "admin", cast)

    assertTemplateUsed(response, "notes/note.html")
    assertContains(response, "Draft plan.")
    assertNotContains(response, 'id="note-form"')
    assertNotContains(response, "/note/addenda/")
