"""What changed between two intake versions: answers in the form's order, then the chart."""

import pytest

from clients.intake.diff import Change, intake_changes
from tests.factories import intake_answers, pain_chart, pain_mark

from .versions import submit

pytestmark = pytest.mark.django_db


def test_intake_changes_of_a_first_version_are_none(ava):
    assert intake_changes(None, submit(ava)) == []


def test_intake_changes_of_an_unchanged_version_are_none(ava):
    first = submit(ava)

    assert intake_changes(first, submit(ava)) == []


def test_intake_changes_list_changed_answers_in_form_order(ava):
    first = submit(ava, answers=intake_answers(earlier_treatment=""))
    second = submit(
        ava,
        answers=intake_answers(
            phone="416-555-0777",
            pain_duration="subacute",
            night_pain=True,
            earlier_treatment="Physiotherapy in 2024.",
            preferred_pressure="firm",
        ),
    )

    assert intake_changes(first, second) == [
        Change("Phone", "416-555-0100", "416-555-0777"),
        Change("How long you have had it", "More than 3 months", "6 weeks to 3 months"),
        Change("The pain wakes me at night", "No", "Yes"),
        Change("Earlier episodes and treatment", "—", "Physiotherapy in 2024."),
        Change("Preferred pressure", "Medium", "Firm"),
    ]


def test_intake_changes_list_changed_added_and_removed_marks_and_overall_values(ava):
    first = submit(
        ava,
        chart=pain_chart(
            pain_mark("temple", "L", 7, "aching"),
            pain_mark("low_back", "L", 6),
            pain_mark("sternum", "M", 2, "sharp"),
            worst=8,
            least=2,
            average=5,
            now=4,
        ),
    )
    second = submit(
        ava,
        chart=pain_chart(
            pain_mark("temple", "L", 5, "aching", "throbbing"),
            pain_mark("sternum", "M", 2, "sharp"),
            pain_mark("neck_back", "R", 4, "stiffness", "deep_dull"),
            worst=9,
            least=2,
            average=5,
            now=1,
        ),
    )

    assert intake_changes(first, second) == [
        Change("Pain at Temple, your left", "7/10 (aching)", "5/10 (aching; throbbing)"),
        Change("Pain at Low back, your left", "6/10", "—"),
        Change("Pain at Back of the neck, your right", "—", "4/10 (stiffness; deep, dull)"),
        Change("Worst pain in the last 24 hours", "8/10", "9/10"),
        Change("Pain right now", "4/10", "1/10"),
    ]


def test_intake_changes_ignore_the_consents_and_signature(ava):
    first = submit(ava, signature="Ava Chen")

    second = submit(ava, signature="AVA CHEN")

    assert intake_changes(first, second) == []
