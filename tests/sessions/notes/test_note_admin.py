"""The Django admin shows notes read-only: it adds, changes and deletes none."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from sessions.notes.models import SessionNote
from tests.pages import http_as

from .page_requests import FIELDS, arrange, form_data, snapshot

pytestmark = pytest.mark.django_db


def admin_url(note: SessionNote) -> str:
    return f"/admin/notes/sessionnote/{note.pk}/change/"


@pytest.mark.parametrize("state", ["draft", "signed"])
def test_admin_change_view_of_a_note_is_read_only(cast, state):
    note = arrange(cast, state)
    admin = http_as(cast["people"]["admin"])

    response = admin.get(admin_url(note))

    assert response.status_code == 200
    assertNotContains(response, 'name="_save"')
    assertNotContains(response, 'name="plan"')
    assertContains(response, note.plan)


@pytest.mark.parametrize("state", ["draft", "signed"])
def test_admin_post_to_a_notes_change_view_changes_nothing(cast, state):
    note = arrange(cast, state)
    before = snapshot()

    response = http_as(cast["people"]["admin"]).post(
        admin_url(note),
        {
            **form_data({**FIELDS, "plan": "Changed by the admin.", "status": "draft"}),
            "_save": "Save",
        },
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_admin_cannot_add_or_delete_notes(cast):
    note = arrange(cast, "signed")
    before = snapshot()
    admin = http_as(cast["people"]["admin"])

    add = admin.get("/admin/notes/sessionnote/add/")
    delete = admin.post(f"/admin/notes/sessionnote/{note.pk}/delete/", {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)
    assert snapshot() == before
