"""`manage.py seed_demo` gives the five demo clients a signed intake each."""

from io import StringIO

import pytest
from django.core.management import call_command

from clients.intake.models import Intake, ScreeningStatus
from clinic.accounts.models import User
from clinic.bodymap.painchart import PainChart
from tests.clock import frozen_at
from tests.demo_clinic import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]

CLIENTS = [f"client{n}@demo.clinic" for n in range(1, 6)]


frozen = frozen_at(NOW)


def seed() -> None:
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())


def intake_of(number: int) -> Intake:
    return Intake.objects.current_for(User.objects.get(email=f"client{number}@demo.clinic"))


def marked_regions(intake: Intake) -> set[str]:
    return {mark.region for mark in intake.chart.marks}


def marked_places(intake: Intake) -> set[tuple[str, str]]:
    return {mark.place for mark in intake.chart.marks}


def test_seed_demo_gives_each_client_a_current_signed_intake():
    intakes = [intake_of(number) for number in range(1, 6)]

    assert [(intake.client.email, intake.version) for intake in intakes] == [
        (email, 1) for email in CLIENTS
    ]
    assert [intake.signature for intake in intakes] == [
        intake.client.get_full_name() for intake in intakes
    ]
    assert {intake.created_at for intake in intakes} == {NOW}


def test_seed_demo_client_1_has_tension_headache_at_the_temples_and_neck():
    intake = intake_of(1)

    assert {("temple", "L"), ("temple", "R"), ("neck_back", "L"), ("neck_back", "R")} == {
        place for place in marked_places(intake) if place[0] in {"temple", "neck_back"}
    }
    assert marked_regions(intake) == {"temple", "neck_back", "shoulder_top", "occiput"}
    assert intake.pain_onset.startswith("Tension headaches at the temples")


def test_seed_demo_client_2_has_low_back_and_buttock_pain():
    intake = intake_of(2)

    assert marked_regions(intake) == {"low_back", "buttock", "sacroiliac", "thigh_back"}
    assert intake.pain_onset.startswith("Low back and right buttock pain")


def test_seed_demo_client_3_needs_clearance_for_signs_of_a_clot():
    intake = intake_of(3)

    assert (intake.screening_status, intake.screening_reasons) == (
        ScreeningStatus.NEEDS_CLEARANCE,
        ["Signs of a blood clot in a leg: refer to a physician before any massage."],
    )
    assert intake.clearances.exists() is False


def test_seed_demo_other_clients_are_clear_or_caution():
    statuses = [intake_of(number).screening_status for number in (1, 2, 4, 5)]

    assert statuses == ["clear", "caution", "caution", "clear"]


def test_seed_demo_charts_are_valid_pain_charts():
    charts = [intake_of(number).pain_chart for number in range(1, 6)]

    assert [PainChart.parse(chart).to_json() for chart in charts] == charts


def test_seed_demo_twice_keeps_one_version_each():
    first = list(Intake.objects.order_by("pk").values())

    seed()

    assert list(Intake.objects.order_by("pk").values()) == first
    assert sorted(Intake.objects.values_list("client__email", "version")) == [
        (email, 1) for email in CLIENTS
    ]
