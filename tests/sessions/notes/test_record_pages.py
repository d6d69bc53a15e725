"""The record pages: the pain plot, heat map and notes each reader sees, and their audit."""

import re
from datetime import timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clinic.audit.models import AuditEvent
from tests.factories import SessionNoteFactory, pain_chart, pain_mark, submit_intake
from tests.pages import html

from .note_cast import NOW
from .page_requests import arrange, send

pytestmark = pytest.mark.django_db


def test_client_record_shows_the_pain_plot_and_the_heat_map(cast):
    submit_intake(cast["ava"], chart=pain_chart(pain_mark("temple", "L", 7), average=6))
    arrange(cast, "signed")

    response = send("client-record", "therapist", cast)

    page = html(response)
    plot = re.search(r'<section class="mb-4" id="pain-plot">(.*?)</section>', page, re.S)
    assert plot is not None
    assert 'class="pain-plot-svg"' in plot.group(1)
    assert re.findall(r'<path class="([^"]*)" id="bm-heat-back-shoulder_top-L"', page) == [
        "bm-region bm-heat heat-1"
    ]
    assert re.findall(r'<path class="[^"]*\bbm-heat\b[^"]*" id="([^"]+)"', page) == [
        "bm-heat-back-shoulder_top-L"
    ]
    assertContains(response, "<td>Upper trapezius (left)</td><td>1</td><td>Released</td>")


def test_my_record_shows_the_plot_and_heat_map_and_no_therapist_remarks(cast):
    arrange(cast, "signed")
    SessionNoteFactory(  # a draft of a later session: not the client's to read yet
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(hours=3),
        plan="Unsigned plan.",
    )

    response = send("my-record", "client", cast)

    assertContains(response, 'id="pain-plot"')
    assertContains(response, 'id="bm-heat-back-shoulder_top-L"')
    assertContains(response, "Heat and gentle stretches daily.")
    assertNotContains(response, "Private.")
    assertNotContains(response, "Unsigned plan.")
    assertContains(response, 'href="/record/export.csv"')


def test_client_record_of_a_client_writes_reads_to_the_audit_trail(cast):
    intake = submit_intake(cast["ava"])
    note = arrange(cast, "signed")
    admin = cast["people"]["admin"]

    send("client-record", "admin", cast)

    assert sorted(
        AuditEvent.objects.filter(action="read").values_list("actor", "record_type", "record_id")
    ) == [
        (admin.pk, "intake.Intake", str(intake.pk)),
        (admin.pk, "notes.SessionNote", str(note.pk)),
    ]
