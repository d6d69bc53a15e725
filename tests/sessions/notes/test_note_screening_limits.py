"""The screening's limits on a session: treated points that break them are signed only with
a written reason, which the note keeps and shows."""

import csv
import io
import json

import pytest
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from clients.intake.screening import LIMITS
from clinic.audit.models import AuditEvent
from clinic.bodymap.regions import REGIONS_BY_ID
from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, Technique
from sessions.notes.services import (
    OVERRIDE_NEEDED,
    NoteInvalid,
    note_limit_breaches,
    note_save,
    note_sign,
)
from tests.factories import point_fields, submit_intake
from tests.pages import http_as

from .api_requests import note_url, post
from .note_cast import FIELDS

pytestmark = pytest.mark.django_db

THINNERS = "Blood thinners or a bleeding disorder: no deep or forceful pressure."
TOO_DEEP = f"Upper trapezius (left): pressure 5/5 is over 2/5. {THINNERS}"
DEEP_TISSUE = f"Upper trapezius (left): deep tissue is to be avoided. {THINNERS}"
REASON = "Asked for firm work; no bruising at the last three sessions."


@pytest.fixture
def on_thinners(ava):
    return submit_intake(ava, anticoagulants_or_bleeding=True)


def saved(draft, *points):
    return note_save(note=draft, by=draft.author, fields=FIELDS, points=list(points))


def test_limits_name_known_techniques_and_regions():
    techniques = {t for limits in LIMITS.values() for t in limits.avoid_techniques}
    regions = {r for limits in LIMITS.values() for r in limits.avoid_regions}

    assert techniques <= set(Technique.values)
    assert regions <= set(REGIONS_BY_ID)


def test_breaches_name_the_point_the_limit_and_the_rule(on_thinners, draft):
    note = saved(
        draft,
        point_fields(pressure=5),
        point_fields(pressure=2, technique="deep_tissue"),
        point_fields(pressure=2),
    )

    assert note_limit_breaches(note) == [TOO_DEEP, DEEP_TISSUE]


def test_breaches_of_a_region_to_avoid(ava, draft):
    submit_intake(ava, pregnancy=True)
    note = saved(draft, point_fields(muscle="iliopsoas", side="R", pressure=2))

    assert note_limit_breaches(note) == [
        "Iliopsoas (right): the lower belly is to be avoided. "
        "Pregnancy or recent birth: follow the provider's advice; position with care."
    ]


def test_breaches_follow_the_clients_current_intake(ava, draft):
    note = saved(draft, point_fields(pressure=5))
    assert note_limit_breaches(note) == []

    submit_intake(ava, anticoagulants_or_bleeding=True)

    assert note_limit_breaches(note) == [TOO_DEEP]


def test_note_sign_past_a_limit_without_a_reason_is_refused(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    with pytest.raises(NoteInvalid) as refused:
        note_sign(note=draft, by=therapist.user, override_reason="   ")

    assert refused.value.errors == {
        "override_reason": [OVERRIDE_NEEDED],
        "limit_breaches": [TOO_DEEP],
    }
    draft.refresh_from_db()
    draft.appointment.refresh_from_db()
    assert (draft.status, draft.appointment.status) == (NoteStatus.DRAFT, AppointmentStatus.BOOKED)


def test_note_sign_past_a_limit_keeps_the_reason_and_audits_it(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    note = note_sign(note=draft, by=therapist.user, override_reason=f"  {REASON} ", ip="10.0.0.9")

    note.refresh_from_db()
    assert (note.status, note.limit_breaches, note.limit_override_reason) == (
        NoteStatus.SIGNED,
        [TOO_DEEP],
        REASON,
    )
    assert AuditEvent.objects.filter(action="sign").values_list("actor", "detail", "ip").get() == (
        therapist.user.pk,
        f"Screening limits overridden: {REASON}",
        "10.0.0.9",
    )


def test_note_sign_within_the_limits_needs_no_reason_and_keeps_none(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=2))

    note = note_sign(note=draft, by=therapist.user, override_reason="Just in case.")

    note.refresh_from_db()
    assert (note.status, note.limit_breaches, note.limit_override_reason) == (
        NoteStatus.SIGNED,
        [],
        "",
    )
    assert AuditEvent.objects.get(action="sign").detail == ""


# The API


def test_api_sign_past_a_limit_without_a_reason_is_a_400(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    response = post(therapist.user, note_url(draft.appointment.pk, "sign/"))

    assert (response.status_code, response.json()) == (
        400,
        {"override_reason": [OVERRIDE_NEEDED], "limit_breaches": [TOO_DEEP]},
    )
    draft.refresh_from_db()
    assert draft.status == NoteStatus.DRAFT


def test_api_sign_past_a_limit_with_a_reason(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    response = post(
        therapist.user, note_url(draft.appointment.pk, "sign/"), {"override_reason": REASON}
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["limit_breaches"], body["limit_override_reason"]) == (
        "signed",
        [TOO_DEEP],
        REASON,
    )


def test_api_sign_with_a_reason_that_is_not_text_is_a_400(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    response = post(
        therapist.user, note_url(draft.appointment.pk, "sign/"), {"override_reason": ["x"]}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"override_reason": ["Write the reason as text."]},
    )


# The pages


def test_editor_embeds_the_limits_for_its_warnings(on_thinners, draft, therapist):
    response = http_as(therapist.user).get(f"/appointments/{draft.appointment.pk}/note/")

    assert response.context["limits"] == [
        {
            "reason": THINNERS,
            "max_pressure": 2,
            "avoid_techniques": ["deep_tissue"],
            "avoid_regions": [],
        }
    ]
    assertContains(response, '<script id="screening-limits" type="application/json">')


def test_sign_page_lists_the_breaches_and_asks_why(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    response = http_as(therapist.user).get(f"/appointments/{draft.appointment.pk}/note/sign/")

    assertContains(response, TOO_DEEP)
    assertContains(response, 'name="override_reason"')


def test_sign_page_within_the_limits_asks_for_no_reason(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=2))

    response = http_as(therapist.user).get(f"/appointments/{draft.appointment.pk}/note/sign/")

    assertContains(response, "Sign and lock the note")
    assertNotContains(response, 'name="override_reason"')


def test_sign_page_past_a_limit_without_a_reason_is_a_400(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))

    response = http_as(therapist.user).post(
        f"/appointments/{draft.appointment.pk}/note/sign/", {"override_reason": ""}
    )

    assertContains(response, escape(OVERRIDE_NEEDED), status_code=400)
    draft.refresh_from_db()
    assert draft.status == NoteStatus.DRAFT


def test_signed_override_shows_on_the_note_and_the_clients_record(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))
    http = http_as(therapist.user)

    signed = http.post(
        f"/appointments/{draft.appointment.pk}/note/sign/", {"override_reason": REASON}
    )
    page = http.get(f"/appointments/{draft.appointment.pk}/note/")
    record = http.get(f"/clients/{draft.appointment.client_id}/")

    assert signed.status_code == 302
    for response in (page, record):
        assertContains(response, "Signed outside the screening's limits.")
        assertContains(response, TOO_DEEP)
        assertContains(response, REASON)


def test_signed_override_is_in_the_records_exports(on_thinners, draft, therapist):
    saved(draft, point_fields(pressure=5))
    note_sign(note=draft, by=therapist.user, override_reason=REASON)
    client = draft.appointment.client

    rows = list(
        csv.DictReader(io.StringIO(http_as(client).get("/record/export.csv").content.decode()))
    )
    [exported] = json.loads(http_as(client).get("/record/export.json").content)["session_notes"]

    assert [(row["limit_breaches"], row["limit_override_reason"]) for row in rows] == [
        (TOO_DEEP, REASON)
    ]
    assert (exported["limit_breaches"], exported["limit_override_reason"]) == ([TOO_DEEP], REASON)


def test_editor_lists_the_sessions_limits(ava, draft, therapist):
    submit_intake(ava, anticoagulants_or_bleeding=True, pregnancy=True)

    response = http_as(therapist.user).get(f"/appointments/{draft.appointment.pk}/note/")

    assert response.context["limit_lines"] == [
        ("Pressure at most 2/5; no deep tissue", THINNERS),
        (
            "Pressure at most 3/5; not the lower belly, upper belly",
            "Pregnancy or recent birth: follow the provider's advice; position with care.",
        ),
    ]
    assertContains(response, "<strong>Pressure at most 2/5; no deep tissue</strong>")
