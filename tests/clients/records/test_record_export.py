"""A client's whole record: the JSON download (page and API), the printable page, who may
have it, the audit event and the queries it takes."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from clients.intake.models import Intake
from clients.intake.services import intake_clear
from clients.records.selectors import client_record
from clinic.audit.models import AuditEvent
from clinic.messaging.models import MessageState
from sessions.checkins.models import CheckIn
from sessions.models import AppointmentStatus
from sessions.notes.models import SessionNote
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    MessageFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
    pain_chart,
    pain_mark,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto.
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
PAST = datetime(2026, 11, 24, 15, tzinfo=UTC)
FUTURE = datetime(2026, 12, 8, 15, tzinfo=UTC)
API = "/api/v1/me/export/"
PAGE_JSON = "/record/export.json"
PRINT = "/record/print/"


frozen = frozen_at(NOW)


@pytest.fixture
def cast(frozen):
    """Ava's history with Maya: two intakes, a signed and a draft note, a check-in, messages;
    and Ben, another client of another therapist."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    ava = ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org")
    ClientProfileFactory(user=ava, phone="+14165550142", by_sms=True)
    maya = TherapistFactory(
        display_name="Maya Lindqvist", user__first_name="Maya", user__last_name="Lindqvist"
    )
    past = AppointmentFactory(client=ava, therapist=maya, service=service, start=PAST)
    Appointment = type(past)
    Appointment.objects.filter(pk=past.pk).update(status=AppointmentStatus.COMPLETED)
    frozen.move_to(NOW - timedelta(days=30))
    submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7, "aching", "throbbing")))
    frozen.move_to(NOW - timedelta(days=10))
    second = submit_intake(
        ava,
        osteoporosis=True,
        fever_or_infection=True,
        chart=pain_chart(pain_mark("sternum", "M", 3), average=4),
    )
    intake_clear(intake=second, by=maya.user, note="GP letter of 3 March.", ip=None)
    frozen.move_to(NOW)
    note = signed_note(
        appointment=past, intake=second, addenda=1, therapist_remarks="Private remark."
    )
    SessionNoteFactory(  # a draft: not the client's to read yet
        appointment=AppointmentFactory(
            client=ava, therapist=maya, service=service, start=PAST + timedelta(days=1)
        ),
        subjective="Draft words.",
    )
    upcoming = AppointmentFactory(client=ava, therapist=maya, service=service, start=FUTURE)
    CheckIn.objects.create(appointment=past, pain_now=2, comment="Much better.")
    MessageFactory(
        appointment=past,
        kind="aftercare",
        state=MessageState.SENT,
        due_at=PAST + timedelta(hours=3),
        sent_at=PAST + timedelta(hours=3, minutes=1),
    )
    MessageFactory(
        appointment=upcoming,
        kind="reminder_24h",
        channel="sms",
        state=MessageState.PENDING,
        due_at=FUTURE - timedelta(days=1),
    )
    ben = ClientFactory(first_name="Ben")
    other = TherapistFactory(display_name="Daniel Okafor")
    AppointmentFactory(client=ben, therapist=other, service=service, start=FUTURE)
    people = {
        "anonymous": None,
        "client": ava,
        "other_client": ben,
        "therapist": maya.user,
        "other_therapist": other.user,
        "admin": AdminFactory(),
    }
    return {"people": people, "ava": ava, "note": note, "past": past, "upcoming": upcoming}


def http_as(user) -> Client:
    http = Client()
    if user is not None:
        http.force_login(user)
    return http


# The JSON's content


def test_export_has_the_account_and_message_preferences(cast):
    record = json.loads(api_as(cast["ava"]).get(API).content)

    assert record["exported_at"] == "2026-12-01T10:00:00-05:00"
    assert record["account"] == {
        "id": cast["ava"].pk,
        "email": "ava@example.org",
        "first_name": "Ava",
        "last_name": "Chen",
        "date_joined": "2026-12-01T10:00:00-05:00",
    }
    assert record["profile"] == {
        "phone": "+14165550142",
        "by_email": True,
        "by_sms": True,
        "reminders": True,
        "reminder_2h": False,
    }


def test_export_has_every_appointment_with_status_service_and_therapist(cast):
    record = json.loads(api_as(cast["ava"]).get(API).content)

    assert [
        (a["start"], a["status"], a["status_name"], a["service"], a["therapist"])
        for a in record["appointments"]
    ] == [
        ("2026-12-08T10:00:00-05:00", "booked", "Booked", "Trigger point therapy (60 min)",
         "Maya Lindqvist"),
        ("2026-11-25T10:00:00-05:00", "booked", "Booked", "Trigger point therapy (60 min)",
         "Maya Lindqvist"),
        ("2026-11-24T10:00:00-05:00", "completed", "Completed", "Trigger point therapy (60 min)",
         "Maya Lindqvist"),
    ]  # fmt: skip


def test_export_has_every_intake_version_with_a_readable_pain_chart(cast):
    record = json.loads(api_as(cast["ava"]).get(API).content)

    assert [i["version"] for i in record["intakes"]] == [2, 1]
    first = record["intakes"][1]
    assert first["pain_chart"] == {
        "marks": [
            {
                "region": "temple",
                "region_name": "Temple",
                "side": "L",
                "side_name": "your left",
                "place": "Temple, your left",
                "intensity": 7,
                "qualities": [
                    {"id": "aching", "name": "Aching"},
                    {"id": "throbbing", "name": "Throbbing"},
                ],
            }
        ],
        "worst": 8,
        "least": 2,
        "average": 5,
        "now": 4,
    }
    assert record["intakes"][0]["pain_chart"]["marks"][0]["place"] == "Breastbone"
    assert first["signature"] == "Ava Chen"
    assert first["signed_at"] == "2026-11-01T10:00:00-05:00"


def test_export_has_the_screening_answers_and_clearances(cast):
    latest = json.loads(api_as(cast["ava"]).get(API).content)["intakes"][0]

    answers = {a["field"]: a for a in latest["answers"]}
    assert answers["osteoporosis"] == {
        "field": "osteoporosis",
        "question": "Osteoporosis",
        "value": True,
        "answer": "Yes",
    }
    assert answers["pain_duration"]["value"] == "chronic"
    assert answers["pain_duration"]["answer"] == "More than 3 months"
    assert latest["screening"] == {
        "status": "needs_clearance",
        "status_name": "Needs clearance",
        "reasons": [
            "Fever or an infection now: no massage until it has passed.",
            "Osteoporosis: gentle pressure, no forceful work over bones.",
        ],
    }
    assert [(c["cleared_by"], c["note"]) for c in latest["clearances"]] == [
        ("Maya Lindqvist", "GP letter of 3 March.")
    ]


def test_export_has_the_signed_notes_as_the_client_reads_them(cast):
    body = api_as(cast["ava"]).get(API).content
    notes = json.loads(body)["session_notes"]

    assert [(n["appointment"], n["intake_version"]) for n in notes] == [(cast["past"].pk, 2)]
    note = notes[0]
    assert (note["pain_before"], note["pain_after"], note["plan"]) == (
        6,
        3,
        "Heat and gentle stretches daily.",
    )
    assert note["points"] == [
        {
            "muscle": "Upper trapezius",
            "side": "Left",
            "activity": "Active",
            "technique": "Ischemic compression",
            "pressure": 3,
            "duration_seconds": 90,
            "response": "Released",
            "referral_reproduced": True,
        }
    ]
    assert [a["text"] for a in note["addenda"]] == ["Correction: the left side, not the right."]
    assert b"Private remark." not in body
    assert b"therapist_remarks" not in body
    assert b"Draft words." not in body


def test_export_has_check_ins_and_messages(cast):
    record = json.loads(api_as(cast["ava"]).get(API).content)

    assert record["check_ins"] == [
        {
            "appointment": cast["past"].pk,
            "session_date": "2026-11-24T10:00:00-05:00",
            "pain_now": 2,
            "comment": "Much better.",
            "answered_at": "2026-12-01T10:00:00-05:00",
        }
    ]
    assert [
        (m["kind"], m["kind_name"], m["channel"], m["state"], m["due_at"], m["sent_at"])
        for m in record["messages"]
    ] == [
        ("reminder_24h", "Reminder, the day before", "sms", "pending",
         "2026-12-07T10:00:00-05:00", None),
        ("aftercare", "Aftercare", "email", "sent", "2026-11-24T13:00:00-05:00",
         "2026-11-24T13:01:00-05:00"),
    ]  # fmt: skip


def test_export_has_nothing_of_another_client(cast):
    record = json.loads(api_as(cast["people"]["other_client"]).get(API).content)

    assert record["account"]["first_name"] == "Ben"
    assert record["profile"]["phone"] == ""
    assert [a["therapist"] for a in record["appointments"]] == ["Daniel Okafor"]
    assert (record["intakes"], record["session_notes"], record["check_ins"]) == ([], [], [])
    assert record["messages"] == []


# The answers


def test_api_export_is_a_json_attachment_never_cached(cast):
    response = api_as(cast["ava"]).get(API)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}-2026-12-01.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_api_export_with_a_session_is_the_same_as_with_a_token(cast):
    by_token = api_as(cast["ava"]).get(API).content
    by_session = http_as(cast["ava"]).get(API).content

    assert by_session == by_token


def test_page_download_is_the_same_file_as_the_api(cast):
    page = http_as(cast["ava"]).get(PAGE_JSON)

    assert page.content == api_as(cast["ava"]).get(API).content
    assert page["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}-2026-12-01.json"'
    )
    assert "no-store" in page["Cache-Control"]


def test_record_page_links_the_download_and_the_printable_page(cast):
    response = http_as(cast["ava"]).get("/record/")

    assertContains(response, f'href="{PAGE_JSON}"')
    assertContains(response, f'href="{PRINT}"')


def test_printable_page_shows_the_whole_record(cast):
    response = http_as(cast["ava"]).get(PRINT)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assertContains(response, '<link rel="stylesheet" href="/static/css/print.css">', html=True)
    assertContains(response, '<script src="/static/js/print.js"></script>', html=True)
    assertContains(response, "Version 2, signed")
    assertContains(response, "<td>Temple, your left</td><td>7/10</td>", html=True)
    assertContains(response, "Aching, Throbbing")
    assertContains(response, "Heat and gentle stretches daily.")
    assertContains(response, "Cleared by Maya Lindqvist")
    assertContains(response, "Much better.")
    assertContains(response, "Reminder, the day before")
    assertNotContains(response, "Private remark.")
    assertNotContains(response, "Draft words.")


# Who may have it

ACCESS = {
    # role: (API, page JSON, printable page)
    "anonymous": (401, 302, 302),
    "client": (200, 200, 200),
    "other_client": (200, 200, 200),  # their own record, never Ava's
    "therapist": (403, 404, 403),
    "other_therapist": (403, 404, 403),
    "admin": (403, 404, 403),
}


@pytest.mark.parametrize("role", ACCESS)
def test_only_a_client_downloads_and_only_their_own_record(cast, role):
    user = cast["people"][role]

    answers = (
        api_as(user).get(API).status_code,
        http_as(user).get(PAGE_JSON).status_code,
        http_as(user).get(PRINT).status_code,
    )

    assert answers == ACCESS[role]
    if role != "client":
        assert AuditEvent.objects.filter(subject=cast["ava"], action="export").count() == 0


def test_anonymous_pages_redirect_to_sign_in(cast):
    assert http_as(None).get(PRINT)["Location"] == "/accounts/login/?next=/record/print/"


def test_an_admins_export_is_the_same_record_with_the_drafts_they_read(cast):
    ava, admin = cast["ava"], cast["people"]["admin"]
    own = json.loads(http_as(ava).get(PAGE_JSON).content)

    response = http_as(admin).get(f"/clients/{ava.pk}/record.json")

    body = json.loads(response.content)
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{ava.pk}-2026-12-01.json"'
    )
    assert list(body) == list(own)
    assert [(n["subjective"], n["signed_at"]) for n in body["session_notes"]] == [
        ("Draft words.", None),
        *[(n["subjective"], n["signed_at"]) for n in own["session_notes"]],
    ]
    assert {k: v for k, v in body.items() if k != "session_notes"} == {
        k: v for k, v in own.items() if k != "session_notes"
    }


# The audit trail and the queries


@pytest.mark.parametrize("path", [API, PAGE_JSON, PRINT])
def test_each_export_writes_the_whole_record_and_each_clinical_record_it_carries(cast, path):
    ava = cast["ava"]
    intakes = Intake.objects.filter(client=ava).order_by("pk")
    note = SessionNote.objects.get(appointment__client=ava, status="signed")  # not the draft

    api_as(ava).get(path) if path == API else http_as(ava).get(path)

    assert sorted(
        AuditEvent.objects.filter(action="export").values_list(
            "actor", "subject", "record_type", "record_id", "detail", "ip", "at"
        )
    ) == [
        (ava.pk, ava.pk, "clinic.User", str(ava.pk), "whole record", "127.0.0.1", NOW),
        *[(ava.pk, ava.pk, "intake.Intake", str(i.pk), "", "127.0.0.1", NOW) for i in intakes],
        (ava.pk, ava.pk, "notes.SessionNote", str(note.pk), "", "127.0.0.1", NOW),
    ]


def add_history(client, therapist, service, n: int) -> None:
    """n more past sessions, each with a signed note (two points, an addendum), a check-in
    and a message, and n more intake versions with a clearance."""
    for day in range(n):
        appointment = AppointmentFactory(
            client=client,
            therapist=therapist,
            service=service,
            start=PAST - timedelta(days=7 * (day + 1)),
        )
        signed_note(appointment=appointment, points=2, addenda=1)
        CheckIn.objects.create(appointment=appointment, pain_now=3)
        MessageFactory(appointment=appointment, kind="check_in")
        intake = submit_intake(client, fever_or_infection=True)
        intake_clear(intake=intake, by=therapist.user, note="Checked.", ip=None)


@pytest.mark.parametrize("more", [0, 4])
def test_the_record_takes_the_same_queries_however_long_the_history(
    cast, django_assert_num_queries, more
):
    ava = cast["ava"]
    add_history(ava, cast["past"].therapist, cast["past"].service, more)

    with django_assert_num_queries(11):
        record = client_record(ava, viewer=ava).data

    assert len(record["session_notes"]) == 1 + more
    assert len(record["intakes"]) == 2 + more


@pytest.mark.parametrize("more", [0, 4])
def test_the_api_export_takes_the_same_queries_however_long_the_history(
    cast, django_assert_num_queries, more
):
    ava = cast["ava"]
    add_history(ava, cast["past"].therapist, cast["past"].service, more)
    api = api_as(ava)

    # the token and its user, the record's 11 reads, the whole record's audit event and
    # its clinical records' (one insert)
    with django_assert_num_queries(14):
        response = api.get(API)

    assert len(json.loads(response.content)["session_notes"]) == 1 + more
