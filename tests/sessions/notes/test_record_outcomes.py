"""A client's pain outcomes and treated places, read from signed notes and intakes."""

import datetime
from datetime import UTC

import pytest
import time_machine

from clients.records.outcomes import client_outcomes, points_by_muscle, treated_counts
from clients.records.plot import OutcomePoint
from sessions.notes.models import SessionNote
from tests.factories import (
    SessionNoteFactory,
    TreatedPointFactory,
    pain_chart,
    pain_mark,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db


def test_client_outcomes_by_date_from_signed_notes_and_intakes(ava, therapist, service, frozen):
    with time_machine.travel(datetime.datetime(2026, 11, 2, 14, tzinfo=UTC), tick=False):
        submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7), average=6))
    signed_note(
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        # 23:30 in Toronto on 9 November: the clinic's date, not UTC's.
        appointment__start=datetime.datetime(2026, 11, 10, 4, 30, tzinfo=UTC),
        pain_before=7,
        pain_after=4,
    )
    signed_note(
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=datetime.datetime(2026, 11, 2, 16, tzinfo=UTC),
        pain_before=8,
        pain_after=5,
    )
    SessionNoteFactory(  # a draft: not an outcome yet
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=datetime.datetime(2026, 11, 20, 16, tzinfo=UTC),
    )
    signed_note(appointment__service=service)  # someone else's

    outcomes = client_outcomes(ava.pk)

    day = datetime.date
    assert outcomes == [
        OutcomePoint(day(2026, 11, 2), "intake", 6),
        OutcomePoint(day(2026, 11, 2), "before", 8),
        OutcomePoint(day(2026, 11, 2), "after", 5),
        OutcomePoint(day(2026, 11, 9), "before", 7),
        OutcomePoint(day(2026, 11, 9), "after", 4),
    ]


def test_client_outcomes_without_records_is_empty(ava):
    assert client_outcomes(ava.pk) == []


def test_treated_counts_by_where_each_muscles_points_lie(service):
    first = signed_note(appointment__service=service, points=0)
    second = SessionNoteFactory(appointment__service=service)
    for note, muscle, side in [
        (second, "upper_trapezius", "L"),
        (second, "supraspinatus", "L"),  # also lies in the top of the shoulder
        (second, "upper_trapezius", "R"),
        (second, "gluteus_medius", "R"),
        (second, "other", "L"),  # not in the catalogue: no place on the map
        (second, "rhomboids", "M"),  # a midline point: no side to shade
    ]:
        TreatedPointFactory(note=note, muscle=muscle, side=side, other_muscle="Serratus posterior")

    counts = treated_counts([first, second])

    assert counts == {
        ("shoulder_top", "L"): 2,
        ("shoulder_top", "R"): 1,
        ("buttock", "R"): 1,
    }


def test_points_by_muscle_counts_and_keeps_the_last_response(therapist, service):
    def note_at(day: int, *points: tuple[str, str, str]) -> SessionNote:
        note = SessionNoteFactory(
            appointment__therapist=therapist,
            appointment__service=service,
            appointment__start=datetime.datetime(2026, 11, day, 15, tzinfo=UTC),
        )
        for muscle, side, response in points:
            TreatedPointFactory(note=note, muscle=muscle, side=side, response=response)
        return note

    notes = [  # newest first, as the record lists them
        note_at(20, ("upper_trapezius", "L", "released")),
        note_at(
            13,
            ("upper_trapezius", "L", "no_change"),
            ("temporalis", "R", "partly_released"),
        ),
        note_at(6, ("upper_trapezius", "L", "partly_released"), ("temporalis", "R", "released")),
    ]

    assert points_by_muscle(notes) == [
        ("Upper trapezius (left)", 3, "Released"),
        ("Temporalis (right)", 2, "Partly released"),
    ]


def test_points_by_muscle_names_other_muscles(service):
    note = SessionNoteFactory(appointment__service=service)
    TreatedPointFactory(note=note, muscle="other", other_muscle="Coracobrachialis", side="R")

    assert points_by_muscle([note]) == [("Coracobrachialis (right)", 1, "Released")]
