"""The database's own locks: a signed note, its points and addenda cannot be changed."""

import pytest
from django.db import IntegrityError, transaction

from sessions.notes.models import NoteAddendum, NoteStatus, SessionNote, TreatedPoint
from sessions.notes.services import note_add_addendum
from tests.factories import SessionNoteFactory, TreatedPointFactory

from .note_cast import FIELDS

pytestmark = pytest.mark.django_db


def refused_by_the_database(change) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def test_database_refuses_an_update_of_a_signed_note(signed):
    refused_by_the_database(lambda: SessionNote.objects.filter(pk=signed.pk).update(plan="New."))

    assert SessionNote.objects.get(pk=signed.pk).plan == FIELDS["plan"]


def test_database_refuses_saving_a_signed_note_through_the_orm(signed):
    signed.pain_after = 0

    refused_by_the_database(signed.save)

    assert SessionNote.objects.get(pk=signed.pk).pain_after == 3


def test_database_refuses_unsigning_a_signed_note(signed):
    refused_by_the_database(
        lambda: SessionNote.objects.filter(pk=signed.pk).update(
            status=NoteStatus.DRAFT, signed_at=None
        )
    )

    assert SessionNote.objects.get(pk=signed.pk).status == NoteStatus.SIGNED


def test_database_refuses_a_new_point_on_a_signed_note(signed):
    refused_by_the_database(lambda: TreatedPointFactory(note=signed))

    assert TreatedPoint.objects.filter(note=signed).count() == 1


def test_database_refuses_an_update_of_a_signed_notes_point(signed):
    refused_by_the_database(lambda: signed.points.update(pressure=5))

    assert list(signed.points.values_list("pressure", flat=True)) == [3]


def test_database_refuses_moving_a_point_into_a_signed_note(signed, service):
    other = TreatedPointFactory(note__appointment__service=service)

    refused_by_the_database(lambda: TreatedPoint.objects.filter(pk=other.pk).update(note=signed))

    assert TreatedPoint.objects.get(pk=other.pk).note_id == other.note_id


def test_database_refuses_moving_a_point_out_of_a_signed_note(signed, service):
    draft = SessionNoteFactory(appointment__service=service)

    refused_by_the_database(lambda: signed.points.update(note=draft))

    assert TreatedPoint.objects.filter(note=signed).count() == 1


def test_database_refuses_an_update_of_an_addendum(signed, therapist):
    addendum = note_add_addendum(note=signed, by=therapist.user, text="First.")

    refused_by_the_database(
        lambda: NoteAddendum.objects.filter(pk=addendum.pk).update(text="Rewritten.")
    )

    assert NoteAddendum.objects.get(pk=addendum.pk).text == "First."


def test_database_lets_a_draft_and_its_points_change(draft):
    SessionNote.objects.filter(pk=draft.pk).update(plan="New plan.")
    point = TreatedPointFactory(note=draft)
    TreatedPoint.objects.filter(pk=point.pk).update(pressure=5)

    assert SessionNote.objects.get(pk=draft.pk).plan == "New plan."
    assert list(draft.points.values_list("pressure", flat=True)) == [5]
