"""Drafts left unsigned more than 48 hours: which they are, and the schedule's flag."""

import re
from datetime import timedelta

import pytest
import time_machine
from pytest_django.asserts import assertNotContains

from sessions.notes.selectors import overdue_drafts
from sessions.notes.services import note_open
from tests.factories import AppointmentFactory, SessionNoteFactory, signed_note
from tests.pages import html, http_as

from .note_cast import NOW, SESSION_START
from .page_requests import arrange

pytestmark = pytest.mark.django_db


# Unsigned notes older than 48 hours


def test_overdue_drafts_flags_a_draft_only_after_48_hours(draft, therapist):
    with time_machine.travel(SESSION_START + timedelta(hours=48), tick=False):
        at_48_hours = list(overdue_drafts(therapist.user))
    with time_machine.travel(SESSION_START + timedelta(hours=48, seconds=1), tick=False):
        after = list(overdue_drafts(therapist.user))

    assert (at_48_hours, after) == ([], [draft])


def test_overdue_drafts_leaves_out_signed_notes_and_other_therapists_drafts(
    signed, other_therapist, service
):
    others = AppointmentFactory(
        client=signed.appointment.client,
        therapist=other_therapist,
        service=service,
        start=SESSION_START - timedelta(days=7),
    )
    note_open(appointment=others, by=other_therapist.user)
    later = NOW + timedelta(days=5)

    assert list(overdue_drafts(signed.author, now=later)) == []
    assert [n.appointment for n in overdue_drafts(other_therapist.user, now=later)] == [others]


def test_overdue_drafts_oldest_first(therapist, service):
    newer = SessionNoteFactory(
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(days=3),
    )
    older = SessionNoteFactory(
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(days=10),
    )

    assert list(overdue_drafts(therapist.user)) == [older, newer]


# The overdue-drafts flag on the schedule


def test_schedule_flags_drafts_older_than_48_hours(cast):
    old = AppointmentFactory(
        client=cast["ava"],
        therapist=cast["appointment"].therapist,
        service=cast["service"],
        start=NOW - timedelta(hours=48, minutes=1),
    )
    SessionNoteFactory(appointment=old)
    arrange(cast, "draft")  # 24 hours old: not yet

    response = http_as(cast["people"]["therapist"]).get("/schedule/")

    flagged = re.search(
        r'<div class="alert alert-warning" id="overdue-notes">(.*?)</div>', html(response), re.S
    )
    assert flagged is not None
    assert re.findall(r'href="(/appointments/\d+/note/)"', flagged.group(1)) == [
        f"/appointments/{old.pk}/note/"
    ]


def test_schedule_without_overdue_drafts_has_no_flag(cast):
    arrange(cast, "draft")
    signed_note(
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(days=9),
    )

    response = http_as(cast["people"]["therapist"]).get("/schedule/")

    assertNotContains(response, 'id="overdue-notes"')
