"""The therapist's view of a client's intake: screening, body map, changes, clearance form."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clients.intake.screening import STOP_AND_REFER
from clients.intake.services import intake_clear
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from tests.factories import AdminFactory, pain_chart, pain_mark, submit_intake
from tests.pages import html

from .data import CHART, NOW
from .pages import change_rows, marked_paths

pytestmark = pytest.mark.django_db


def test_client_intake_shows_the_screening_before_the_body_map(as_therapist, ava):
    submit_intake(ava, chart=CHART, clot_signs=True, anticoagulants_or_bleeding=True)

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    page = html(response)
    assert response.status_code == 200
    assert 0 < page.index('id="screening"') < page.index('class="body-map')
    assert re.findall(r"<li>([^<]+)</li>", page[page.index('id="screening"') :])[:2] == [
        STOP_AND_REFER["clot_signs"],
        "Blood thinners or a bleeding disorder: no deep or forceful pressure.",
    ]
    assertContains(response, 'data-status="needs_clearance"', count=1)


def test_client_intake_draws_each_mark_with_its_intensity(as_therapist, ava):
    chart = pain_chart(
        pain_mark("temple", "L", 7),
        pain_mark("temple", "R", 6),
        pain_mark("sternum", "M", 2),
        pain_mark("low_back", "L", 9),
        pain_mark("calf", "R", 0),
        worst=9,
        least=0,
        average=5,
        now=4,
    )
    submit_intake(ava, chart=chart)

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assert sorted(marked_paths(response)) == sorted(
        [
            ("7", "temple", "L"),
            ("6", "temple", "R"),
            ("2", "sternum", "M"),
            ("9", "low_back", "L"),
            ("0", "calf", "R"),
        ]
    )


def test_client_intake_shows_the_changes_since_the_previous_version(as_therapist, ava):
    submit_intake(ava, chart=CHART)
    added = pain_chart(*CHART["marks"], pain_mark("calf", "L", 3, "tingling"))
    submit_intake(ava, chart=added, medications="Ibuprofen.")

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assert change_rows(response) == [
        ("Medications you take", "—", "Ibuprofen."),
        ("Pain at Calf, your left", "—", "3/10 (tingling)"),
    ]


def test_client_intake_without_intake_says_so(as_therapist, ava):
    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assertContains(response, "No intake yet.", count=1)


def test_client_intake_read_is_audited(as_therapist, therapist, ava):
    intake = submit_intake(ava)

    as_therapist.get(f"/clients/{ava.pk}/intake/", REMOTE_ADDR="198.51.100.7")

    assert list(
        AuditEvent.objects.filter(action="read").values_list("actor", "record_id", "at", "ip")
    ) == [(therapist.pk, str(intake.pk), NOW, "198.51.100.7")]


def test_client_intake_offers_the_clearance_form_until_cleared(as_therapist, therapist, ava):
    intake = submit_intake(ava, clot_signs=True)
    form = f'<form method="post" action="/clients/{ava.pk}/intake/clearance/"'
    before = as_therapist.get(f"/clients/{ava.pk}/intake/")

    intake_clear(intake=intake, by=therapist, note="GP letter of 3 March.", ip=None)

    after = as_therapist.get(f"/clients/{ava.pk}/intake/")
    assertContains(before, form, count=1)
    assertNotContains(after, form)
    assertContains(after, "GP letter of 3 March.", count=1)


def test_client_intake_for_the_client_offers_no_clearance_form(signed_in, ava):
    submit_intake(ava, clot_signs=True)

    response = signed_in.get(f"/clients/{ava.pk}/intake/")

    assertNotContains(response, "/intake/clearance/")


@pytest.mark.parametrize(("marks", "versions"), [(1, 1), (12, 5)])
def test_client_intake_queries_do_not_grow(
    as_therapist, ava, django_assert_num_queries, marks, versions
):
    regions = ["temple", "neck_back", "shoulder_top", "low_back", "buttock", "calf"]
    chart = pain_chart(
        *[pain_mark(region, side, 5, "aching") for region in regions for side in "LR"][:marks]
    )
    for _ in range(versions):
        intake = submit_intake(ava, chart=chart, clot_signs=True)
    for _ in range(versions):
        intake_clear(intake=intake, by=AdminFactory(role=Role.ADMIN), note="Seen.", ip=None)

    with django_assert_num_queries(8):  # with the session's second-factor device
        response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assert len(marked_paths(response)) == marks
