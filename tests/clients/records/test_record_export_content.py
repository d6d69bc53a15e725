"""What a client's record export holds, and that it holds nothing of anyone else."""

import json

import pytest

from tests.api import api_as

from .export import API

pytestmark = pytest.mark.django_db


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
