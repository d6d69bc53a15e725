"""The pain report: the average pain before and after, from signed notes, per therapist."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.models import AppointmentStatus
from sessions.reports import queries
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, SessionNoteFactory, TherapistFactory, signed_note

from .reporting import csv_rows

pytestmark = pytest.mark.django_db


def arrange_pain_notes():
    maya = TherapistFactory(display_name="Maya")
    noah = TherapistFactory(display_name="Noah")

    def note(therapist, day, before, after, *, signed=True):
        appointment = AppointmentFactory(
            therapist=therapist, start=at_clinic(day, 10), status=AppointmentStatus.COMPLETED
        )
        make = signed_note if signed else SessionNoteFactory
        return make(appointment=appointment, pain_before=before, pain_after=after)

    note(maya, date(2026, 11, 2), 6, 3)
    note(maya, date(2026, 11, 9), 8, 4)
    note(noah, date(2026, 11, 10), 5, 5)
    note(noah, date(2026, 11, 11), 7, 1, signed=False)  # a draft: not counted
    note(noah, date(2026, 10, 1), 9, 0)  # before the range


def test_pain_reduction_averages_signed_notes_per_therapist_and_overall():
    arrange_pain_notes()

    rows = queries.pain_reduction(date(2026, 11, 1), date(2026, 11, 30))

    assert rows == [
        queries.PainRow("Maya", 2, Decimal("7.00"), Decimal("3.50"), Decimal("3.50")),
        queries.PainRow("Noah", 1, Decimal("5.00"), Decimal("5.00"), Decimal("0.00")),
        queries.PainRow("All therapists", 3, Decimal("6.33"), Decimal("4.00"), Decimal("2.33")),
    ]


def test_pain_csv_has_the_same_rows(admin_client):
    arrange_pain_notes()

    response = admin_client.get("/reports/pain.csv?first=2026-11-01&last=2026-11-30")

    assert csv_rows(response) == [
        ["Therapist", "Sessions", "Average before", "Average after", "Average reduction"],
        ["Maya", "2", "7.00", "3.50", "3.50"],
        ["Noah", "1", "5.00", "5.00", "0.00"],
        ["All therapists", "3", "6.33", "4.00", "2.33"],
    ]


def test_pain_reduction_without_signed_notes_is_empty():
    assert queries.pain_reduction(date(2026, 11, 1), date(2026, 11, 30)) == []
