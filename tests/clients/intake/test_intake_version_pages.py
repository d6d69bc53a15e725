"""The client's intake pages: the versions, one with its changes, a new one, who may open them."""

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clients.intake.models import Intake
from clinic.audit.models import AuditEvent
from tests.factories import (
    ClientFactory,
    TherapistFactory,
    intake_answers,
    pain_chart,
    pain_mark,
    submit_intake,
)
from tests.pages import html

from .data import CHART, NOW
from .pages import change_rows, fill_intake, input_value, is_checked, marked_paths

pytestmark = pytest.mark.django_db

LATER = datetime(2026, 12, 8, 15, tzinfo=UTC)


def test_intake_home_without_intake_invites_to_fill_it(signed_in):
    response = signed_in.get("/intake/")

    assertContains(response, "Fill in your intake", count=1)
    assertNotContains(response, 'id="versions"')


def test_intake_home_lists_every_version_newest_first(signed_in, ava, frozen):
    submit_intake(ava)
    frozen.move_to(LATER)
    submit_intake(ava)

    response = signed_in.get("/intake/")

    assert re.findall(
        r'<a href="/intake/v(\d)/">Version \d</a> &middot; ([^<]+)</li>', html(response)
    ) == [
        ("2", "Tue 8 Dec 2026"),
        ("1", "Tue 1 Dec 2026"),
    ]
    assertContains(response, "Start a new version", count=1)


def test_intake_home_of_an_intake_over_a_year_old_asks_to_renew(signed_in, ava, frozen):
    submit_intake(ava)
    frozen.move_to(NOW + timedelta(days=366))
    signed_in.force_login(ava)

    response = signed_in.get("/intake/")

    assertContains(response, "Your intake is more than a year old: please renew it.", count=1)


def test_intake_version_page_shows_the_screening_the_map_and_the_changes(signed_in, ava):
    submit_intake(ava, chart=CHART)
    changed = pain_chart(pain_mark("temple", "L", 5, "aching"), worst=9, least=2, average=5, now=4)
    submit_intake(ava, chart=changed, phone="416-555-0777", osteoporosis=True)

    response = signed_in.get("/intake/v2/")

    assert response.status_code == 200
    assertContains(response, 'data-status="caution"', count=1)
    assert marked_paths(response) == [("5", "temple", "L")]
    assert change_rows(response) == [
        ("Phone", "416-555-0100", "416-555-0777"),
        ("Osteoporosis", "No", "Yes"),
        ("Pain at Temple, your left", "7/10 (aching; throbbing)", "5/10 (aching)"),
        ("Pain at Back of the neck, your right", "4/10 (stiffness)", "—"),
        ("Worst pain in the last 24 hours", "8/10", "9/10"),
    ]


def test_intake_version_page_of_a_first_version_has_no_changes(signed_in, ava):
    submit_intake(ava)

    response = signed_in.get("/intake/v1/")

    assertNotContains(response, 'id="changes"')


def test_intake_version_page_of_a_missing_version_is_a_404(signed_in, ava):
    submit_intake(ava)

    assert signed_in.get("/intake/v2/").status_code == 404


def test_intake_version_page_never_shows_another_clients_version(signed_in):
    submit_intake(ClientFactory())

    assert signed_in.get("/intake/v1/").status_code == 404


def test_intake_pages_read_are_audited(signed_in, ava):
    intake = submit_intake(ava)
    before = AuditEvent.objects.count()

    signed_in.get("/intake/")
    signed_in.get("/intake/v1/")

    assert (
        list(
            AuditEvent.objects.order_by("pk").values_list("actor", "action", "record_id", "ip")[
                before:
            ]
        )
        == [(ava.pk, "read", str(intake.pk), "127.0.0.1")] * 2
    )


def test_intake_second_version_starts_from_the_first(signed_in, ava):
    submit_intake(ava, chart=CHART, phone="416-555-0142", night_pain=True, osteoporosis=True)
    signed_in.post("/intake/new/")

    contact = signed_in.get("/intake/new/contact/")
    chart = signed_in.get("/intake/new/chart/")
    history = signed_in.get("/intake/new/history/")
    health = signed_in.get("/intake/new/health/")
    consent = signed_in.get("/intake/new/consent/")

    assert input_value(contact, "phone") == "416-555-0142"
    assert marked_paths(chart) == [("7", "temple", "L"), ("4", "neck_back", "R")]
    assert input_value(chart, "pain_worst") == "8"
    assert (is_checked(history, "night_pain"), is_checked(health, "osteoporosis")) == (True, True)
    assert (is_checked(consent, "consent_treatment"), is_checked(consent, "consent_privacy")) == (
        False,
        False,
    )


def test_intake_second_version_signed_leaves_the_first_as_it_was(signed_in, ava):
    first = submit_intake(ava, chart=CHART)
    before = Intake.objects.filter(pk=first.pk).values().get()

    fill_intake(signed_in, intake_answers(phone="416-555-0777"), {"pain_chart": json.dumps(CHART)})

    assert Intake.objects.filter(pk=first.pk).values().get() == before
    assert list(Intake.objects.filter(client=ava).values_list("version", "phone")) == [
        (2, "416-555-0777"),
        (1, "416-555-0100"),
    ]


@pytest.mark.parametrize("path", ["/intake/", "/intake/new/contact/", "/intake/v1/"])
def test_intake_pages_are_for_clients_only(client, path):
    client.force_login(TherapistFactory().user)

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/intake/", "/intake/new/contact/", "/intake/v1/"])
def test_intake_pages_anonymous_go_to_login(client, path):
    response = client.get(path)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={quote(path)}",
    )
