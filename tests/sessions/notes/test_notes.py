"""Session notes as services: open, save, sign, lock, addenda, outcomes and the reads on them."""

import datetime
from datetime import UTC, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from clients.records.outcomes import client_outcomes, points_by_muscle, treated_counts
from clients.records.plot import OutcomePoint
from clinic.audit.models import AuditEvent
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import NoteAddendum, NoteStatus, SessionNote, TreatedPoint
from sessions.notes.selectors import notes_visible_to, overdue_drafts
from sessions.notes.services import (
    NoteInvalid,
    NoteRefused,
    note_add_addendum,
    note_open,
    note_save,
    note_sign,
)
from sessions.services import ActionRefused, appointment_set_outcome
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
    TreatedPointFactory,
    pain_chart,
    pain_mark,
    point_fields,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime.datetime(2026, 12, 1, 15, tzinfo=UTC)
# The session: Monday 30 November, 10:00-11:00 in Toronto.
SESSION_START = datetime.datetime(2026, 11, 30, 15, tzinfo=UTC)
IP = "203.0.113.9"

FIELDS = {
    "subjective": "Headaches twice a week.",
    "objective": "Taut band, left upper trapezius.",
    "assessment": "Myofascial pain.",
    "plan": "Stretch twice a day.",
    "rebook_after_days": 14,
    "pain_before": 6,
    "pain_after": 3,
    "therapist_remarks": "Anxious about work.",
}
POINT = point_fields()


frozen = frozen_at(NOW)


@pytest.fixture
def service():
    return ServiceFactory(duration_minutes=60)


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def therapist():
    return TherapistFactory(display_name="Maya Lindqvist")


@pytest.fixture
def appointment(ava, therapist, service):
    return AppointmentFactory(client=ava, therapist=therapist, service=service, start=SESSION_START)


@pytest.fixture
def other_therapist(ava, service):
    """Another therapist of Ava's: she has a live booking with them on 3 December."""
    other = TherapistFactory(display_name="Daniel Okafor")
    AppointmentFactory(
        client=ava,
        therapist=other,
        service=service,
        start=datetime.datetime(2026, 12, 3, 15, tzinfo=UTC),
    )
    return other


@pytest.fixture
def draft(appointment):
    return note_open(appointment=appointment, by=appointment.therapist.user)


@pytest.fixture
def signed(draft):
    note = note_save(note=draft, by=draft.author, fields=FIELDS, points=[POINT])
    return note_sign(note=note, by=draft.author)


def audit_trail(note: SessionNote) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(record_type="notes.SessionNote", record_id=note.pk)
        .order_by("pk")
        .values_list("actor", "action", "ip")
    )


def point_rows(note: SessionNote) -> list[tuple]:
    return list(
        note.points.order_by("pk").values_list(
            "muscle",
            "other_muscle",
            "side",
            "activity",
            "technique",
            "pressure",
            "duration_seconds",
            "response",
            "referral_reproduced",
        )
    )


def note_row(note: SessionNote) -> dict:
    return SessionNote.objects.values().get(pk=note.pk)


# note_open


def test_note_open_makes_a_draft_by_the_sessions_therapist(appointment, therapist):
    note = note_open(appointment=appointment, by=therapist.user, ip=IP)

    assert (note.appointment, note.author, note.status, note.signed_at) == (
        appointment,
        therapist.user,
        NoteStatus.DRAFT,
        None,
    )
    assert audit_trail(note) == [(therapist.user.pk, "create", IP)]


@pytest.mark.parametrize("who", ["client", "other_therapist", "admin"])
def test_note_open_by_anyone_but_the_sessions_therapist_is_refused(
    appointment, other_therapist, who
):
    by = {
        "client": appointment.client,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]

    with pytest.raises(NoteRefused, match="^Only the session's therapist writes its note.$"):
        note_open(appointment=appointment, by=by)

    assert SessionNote.objects.count() == 0


def test_note_open_for_a_cancelled_appointment_is_refused(appointment, therapist):
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()

    with pytest.raises(NoteRefused, match="^A cancelled appointment has no note.$"):
        note_open(appointment=appointment, by=therapist.user)

    assert SessionNote.objects.count() == 0


def test_note_open_links_the_current_intake(appointment, therapist, ava):
    submit_intake(ava)
    current = submit_intake(ava, night_pain=True)

    note = note_open(appointment=appointment, by=therapist.user)

    assert (note.intake, note.intake.version) == (current, 2)


def test_note_open_prefills_subjective_with_the_intakes_changes(appointment, therapist, ava):
    submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7, "aching")))
    submit_intake(
        ava, night_pain=True, chart=pain_chart(pain_mark("temple", "L", 4, "aching"), average=3)
    )

    note = note_open(appointment=appointment, by=therapist.user)

    assert note.subjective == (
        "Changes in intake version 2:\n"
        "- The pain wakes me at night: No -> Yes\n"
        "- Pain at Temple, your left: 7/10 (aching) -> 4/10 (aching)\n"
        "- Average pain in the last 24 hours: 5/10 -> 3/10"
    )


def test_note_open_after_a_first_intake_leaves_subjective_empty(appointment, therapist, ava):
    first = submit_intake(ava)

    note = note_open(appointment=appointment, by=therapist.user)

    assert (note.intake, note.subjective) == (first, "")


def test_note_open_without_an_intake_links_none(appointment, therapist):
    note = note_open(appointment=appointment, by=therapist.user)

    assert (note.intake, note.subjective) == (None, "")


def test_note_open_twice_returns_the_same_note(appointment, therapist):
    first = note_open(appointment=appointment, by=therapist.user)

    again = note_open(appointment=appointment, by=therapist.user)

    assert again == first
    assert SessionNote.objects.count() == 1
    assert audit_trail(first) == [(therapist.user.pk, "create", None)]


def test_note_open_of_a_signed_note_returns_it_unchanged(signed, therapist):
    before = note_row(signed)

    again = note_open(appointment=signed.appointment, by=therapist.user)

    assert (again, note_row(again)) == (signed, before)


# note_save


def test_note_save_stores_fields_and_points(draft, therapist):
    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT], ip=IP)

    row = note_row(note)
    assert {name: row[name] for name in FIELDS} == FIELDS
    assert row["status"] == NoteStatus.DRAFT
    assert point_rows(note) == [
        ("upper_trapezius", "", "L", "active", "ischemic_compression", 3, 90, "released", True)
    ]
    assert audit_trail(note)[-1] == (therapist.user.pk, "change", IP)


def test_note_save_replaces_the_points(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT, POINT])
    second = {**POINT, "muscle": "temporalis", "side": "R", "pressure": 2}

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[second])

    assert [(m, s, p) for m, _, s, _, _, p, *_ in point_rows(note)] == [("temporalis", "R", 2)]
    assert TreatedPoint.objects.count() == 1


def test_note_save_with_no_points_removes_them(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])

    assert point_rows(note) == []


def test_note_save_without_points_keeps_them(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])

    note = note_save(note=draft, by=therapist.user, fields={**FIELDS, "plan": "New."}, points=None)

    assert (note.plan, len(point_rows(note))) == ("New.", 1)


def test_note_save_keeps_a_named_other_muscle(draft, therapist):
    other = {**POINT, "muscle": "other", "other_muscle": "  Coracobrachialis "}

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[other])

    assert [row[:2] for row in point_rows(note)] == [("other", "Coracobrachialis")]
    assert note.points.get().muscle_name == "Coracobrachialis"


def test_note_save_drops_the_other_name_of_a_catalogue_muscle(draft, therapist):
    named = {**POINT, "other_muscle": "Something"}

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[named])

    assert [row[:2] for row in point_rows(note)] == [("upper_trapezius", "")]


def test_note_save_leaves_out_points_marked_for_deletion(draft, therapist):
    points = [POINT, {**POINT, "muscle": "temporalis", "DELETE": True}]

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=points)

    assert [row[0] for row in point_rows(note)] == ["upper_trapezius"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain_before", 11, "Ensure this value is less than or equal to 10."),
        ("pain_before", -1, "Ensure this value is greater than or equal to 0."),
        ("pain_after", 11, "Ensure this value is less than or equal to 10."),
        ("pain_after", "a lot", "Enter a whole number."),
        ("rebook_after_days", 0, "Ensure this value is greater than or equal to 1."),
        ("rebook_after_days", 366, "Ensure this value is less than or equal to 365."),
    ],
)
def test_note_save_refuses_a_bad_field(draft, therapist, field, value, message):
    before = note_row(draft)

    with pytest.raises(NoteInvalid) as refused:
        note_save(note=draft, by=therapist.user, fields={**FIELDS, field: value}, points=[])

    assert refused.value.errors == {field: [message]}
    assert note_row(draft) == before


def choice(value) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


@pytest.mark.parametrize(
    ("field", "value", "errors"),
    [
        ("pressure", 0, {"pressure": [choice(0)]}),
        ("pressure", 6, {"pressure": [choice(6)]}),
        ("pressure", "", {"pressure": ["This field is required."]}),
        (
            "duration_seconds",
            0,
            {"duration_seconds": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            "duration_seconds",
            1801,
            {"duration_seconds": ["Ensure this value is less than or equal to 1800."]},
        ),
        ("muscle", "biceps_of_the_ear", {"muscle": [choice("biceps_of_the_ear")]}),
        ("muscle", "", {"muscle": ["This field is required."]}),
        ("muscle", "other", {"other_muscle": ["Name the muscle."]}),
        ("technique", "cupping", {"technique": [choice("cupping")]}),
        ("side", "X", {"side": [choice("X")]}),
        ("activity", "dormant", {"activity": [choice("dormant")]}),
        ("response", "cured", {"response": [choice("cured")]}),
    ],
)
def test_note_save_refuses_a_bad_point(draft, therapist, field, value, errors):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])
    before = (note_row(draft), point_rows(draft))

    with pytest.raises(NoteInvalid) as refused:
        note_save(
            note=draft,
            by=therapist.user,
            fields={**FIELDS, "plan": "Changed."},
            points=[{**POINT, field: value}],
        )

    assert refused.value.errors == {"points": [errors]}
    assert (note_row(draft), point_rows(draft)) == before


def test_note_save_refuses_an_other_muscle_named_only_by_spaces(draft, therapist):
    point = {**POINT, "muscle": "other", "other_muscle": "   "}

    with pytest.raises(NoteInvalid) as refused:
        note_save(note=draft, by=therapist.user, fields=FIELDS, points=[point])

    assert refused.value.errors == {"points": [{"other_muscle": ["Name the muscle."]}]}


def test_note_save_reports_every_error_at_once(draft, therapist):
    with pytest.raises(NoteInvalid) as refused:
        note_save(
            note=draft,
            by=therapist.user,
            fields={**FIELDS, "pain_before": 11},
            points=[{**POINT, "pressure": 0, "duration_seconds": 1801}],
        )

    assert refused.value.errors == {
        "pain_before": ["Ensure this value is less than or equal to 10."],
        "points": [
            {
                "pressure": [choice(0)],
                "duration_seconds": ["Ensure this value is less than or equal to 1800."],
            }
        ],
    }


def test_note_save_refuses_more_than_60_points(draft, therapist):
    with pytest.raises(NoteInvalid) as refused:
        note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT] * 61)

    assert refused.value.errors == {"points": ["Please submit at most 60 forms."]}
    assert TreatedPoint.objects.count() == 0


@pytest.mark.parametrize("who", ["client", "other_therapist", "admin"])
def test_note_save_by_anyone_but_the_sessions_therapist_is_refused(draft, other_therapist, who):
    by = {
        "client": draft.appointment.client,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]
    before = note_row(draft)

    with pytest.raises(NoteRefused, match="^Only the session's therapist writes its note.$"):
        note_save(note=draft, by=by, fields=FIELDS, points=[POINT])

    assert (note_row(draft), point_rows(draft)) == (before, [])


# note_sign


def test_note_sign_locks_the_note_and_completes_the_session(draft, therapist, frozen):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])
    frozen.shift(timedelta(minutes=5))

    note = note_sign(note=draft, by=therapist.user, ip=IP)

    note.refresh_from_db()
    note.appointment.refresh_from_db()
    assert (note.status, note.signed_at, note.appointment.status) == (
        NoteStatus.SIGNED,
        NOW + timedelta(minutes=5),
        AppointmentStatus.COMPLETED,
    )
    assert audit_trail(note) == [
        (therapist.user.pk, "create", None),
        (therapist.user.pk, "change", None),
        (therapist.user.pk, "sign", IP),
    ]


def test_note_sign_takes_the_time_it_is_given(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])
    when = SESSION_START + timedelta(hours=1)

    note = note_sign(note=draft, by=therapist.user, now=when)

    assert SessionNote.objects.get(pk=note.pk).signed_at == when


def test_note_sign_of_a_no_show_keeps_it_a_no_show(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])
    appointment_set_outcome(
        appointment=draft.appointment, by=therapist.user, status=AppointmentStatus.NO_SHOW
    )

    note_sign(note=draft, by=therapist.user)

    draft.appointment.refresh_from_db()
    assert draft.appointment.status == AppointmentStatus.NO_SHOW


@pytest.mark.parametrize(
    ("missing", "errors"),
    [
        (["pain_before"], {"pain_before": ["Give the pain now, 0-10, before signing."]}),
        (["pain_after"], {"pain_after": ["Give the pain now, 0-10, before signing."]}),
        (
            ["pain_before", "pain_after"],
            {
                "pain_before": ["Give the pain now, 0-10, before signing."],
                "pain_after": ["Give the pain now, 0-10, before signing."],
            },
        ),
    ],
)
def test_note_sign_needs_the_pain_before_and_after(draft, therapist, missing, errors):
    fields = {**FIELDS, **dict.fromkeys(missing, "")}
    note_save(note=draft, by=therapist.user, fields=fields, points=[])

    with pytest.raises(NoteInvalid) as refused:
        note_sign(note=draft, by=therapist.user)

    assert refused.value.errors == errors
    draft.refresh_from_db()
    draft.appointment.refresh_from_db()
    assert (draft.status, draft.signed_at, draft.appointment.status) == (
        NoteStatus.DRAFT,
        None,
        AppointmentStatus.BOOKED,
    )


def test_note_sign_accepts_zero_pain(draft, therapist):
    note_save(
        note=draft,
        by=therapist.user,
        fields={**FIELDS, "pain_before": 0, "pain_after": 0},
        points=[],
    )

    note = note_sign(note=draft, by=therapist.user)

    assert (note.status, note.pain_before, note.pain_after) == (NoteStatus.SIGNED, 0, 0)


@pytest.mark.parametrize("who", ["client", "other_therapist", "admin"])
def test_note_sign_by_anyone_but_the_sessions_therapist_is_refused(draft, other_therapist, who):
    note_save(note=draft, by=draft.author, fields=FIELDS, points=[])
    by = {
        "client": draft.appointment.client,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]

    with pytest.raises(NoteRefused, match="^Only the session's therapist writes its note.$"):
        note_sign(note=draft, by=by)

    assert SessionNote.objects.get(pk=draft.pk).status == NoteStatus.DRAFT


LOCKED = "^The note is signed and locked; add an addendum instead.$"


def test_signed_note_refuses_note_save(signed, therapist):
    before = (note_row(signed), point_rows(signed))

    with pytest.raises(NoteRefused, match=LOCKED):
        note_save(note=signed, by=therapist.user, fields={**FIELDS, "plan": "New."}, points=[])

    assert (note_row(signed), point_rows(signed)) == before


def test_signed_note_refuses_note_sign_again(signed, therapist, frozen):
    before = note_row(signed)
    frozen.shift(timedelta(hours=1))

    with pytest.raises(NoteRefused, match=LOCKED):
        note_sign(note=signed, by=therapist.user)

    assert note_row(signed) == before


def test_signed_note_refuses_save_even_from_a_stale_copy(draft, therapist):
    stale = SessionNote.objects.get(pk=draft.pk)
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])
    note_sign(note=draft, by=therapist.user)

    with pytest.raises(NoteRefused, match=LOCKED):
        note_save(note=stale, by=therapist.user, fields=FIELDS, points=[])

    assert len(point_rows(draft)) == 1


# The database's own locks


def refused_by_the_database(change) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def test_database_refuses_an_update_of_a_signed_note(signed):
    refused_by_the_database(lambda: SessionNote.objects.filter(pk=signed.pk).update(plan="New."))

    assert SessionNote.objects.get(pk=signed.pk).plan == FIELDS["plan"]


def test_database_refuses_saving_a_signed_note_through_the_orm(signed):
    signed.pain_after = 0

    refused_by_the_database(signed.save)

    assert SessionNote.objects.get(pk=signed.pk).pain_after == 3


def test_database_refuses_unsigning_a_signed_note(signed):
    refused_by_the_database(
        lambda: SessionNote.objects.filter(pk=signed.pk).update(
            status=NoteStatus.DRAFT, signed_at=None
        )
    )

    assert SessionNote.objects.get(pk=signed.pk).status == NoteStatus.SIGNED


def test_database_refuses_a_new_point_on_a_signed_note(signed):
    refused_by_the_database(lambda: TreatedPointFactory(note=signed))

    assert TreatedPoint.objects.filter(note=signed).count() == 1


def test_database_refuses_an_update_of_a_signed_notes_point(signed):
    refused_by_the_database(lambda: signed.points.update(pressure=5))

    assert list(signed.points.values_list("pressure", flat=True)) == [3]


def test_database_refuses_moving_a_point_into_a_signed_note(signed, service):
    other = TreatedPointFactory(note__appointment__service=service)

    refused_by_the_database(lambda: TreatedPoint.objects.filter(pk=other.pk).update(note=signed))

    assert TreatedPoint.objects.get(pk=other.pk).note_id == other.note_id


def test_database_refuses_moving_a_point_out_of_a_signed_note(signed, service):
    draft = SessionNoteFactory(appointment__service=service)

    refused_by_the_database(lambda: signed.points.update(note=draft))

    assert TreatedPoint.objects.filter(note=signed).count() == 1


def test_database_refuses_an_update_of_an_addendum(signed, therapist):
    addendum = note_add_addendum(note=signed, by=therapist.user, text="First.")

    refused_by_the_database(
        lambda: NoteAddendum.objects.filter(pk=addendum.pk).update(text="Rewritten.")
    )

    assert NoteAddendum.objects.get(pk=addendum.pk).text == "First."


def test_database_lets_a_draft_and_its_points_change(draft):
    SessionNote.objects.filter(pk=draft.pk).update(plan="New plan.")
    point = TreatedPointFactory(note=draft)
    TreatedPoint.objects.filter(pk=point.pk).update(pressure=5)

    assert SessionNote.objects.get(pk=draft.pk).plan == "New plan."
    assert list(draft.points.values_list("pressure", flat=True)) == [5]


# Addenda


@pytest.mark.parametrize("who", ["author", "other_therapist", "admin"])
def test_addendum_by_the_author_another_therapist_of_the_client_or_an_admin(
    signed, other_therapist, who
):
    by = {
        "author": signed.author,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]
    before = note_row(signed)

    addendum = note_add_addendum(note=signed, by=by, text="  Left side, not right.  ", ip=IP)

    assert list(signed.addenda.values_list("author", "text", "created_at")) == [
        (by.pk, "Left side, not right.", NOW)
    ]
    assert addendum.note == signed
    assert note_row(signed) == before
    assert list(
        AuditEvent.objects.filter(
            record_type="notes.NoteAddendum", record_id=addendum.pk
        ).values_list("actor", "action", "subject", "ip")
    ) == [(by.pk, "create", signed.appointment.client_id, IP)]


@pytest.mark.parametrize("who", ["client", "unrelated_therapist", "other_client"])
def test_addendum_by_someone_who_does_not_treat_the_client_is_refused(signed, who):
    by = {
        "client": signed.appointment.client,
        "unrelated_therapist": TherapistFactory().user,
        "other_client": ClientFactory(),
    }[who]

    with pytest.raises(NoteRefused, match="^Only the client's therapists and admins add addenda.$"):
        note_add_addendum(note=signed, by=by, text="Mine.")

    assert NoteAddendum.objects.count() == 0


def test_addendum_by_a_therapist_whose_booking_was_cancelled_is_refused(signed, other_therapist):
    signed.appointment.client.appointments.filter(therapist=other_therapist).update(
        status=AppointmentStatus.CANCELLED
    )

    with pytest.raises(NoteRefused):
        note_add_addendum(note=signed, by=other_therapist.user, text="Mine.")

    assert NoteAddendum.objects.count() == 0


def test_addendum_to_a_draft_is_refused(draft, therapist):
    message = "^A draft is corrected by editing it; addenda are for signed notes.$"

    with pytest.raises(NoteRefused, match=message):
        note_add_addendum(note=draft, by=therapist.user, text="Too early.")

    assert NoteAddendum.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_addendum_is_refused(signed, therapist, text):
    with pytest.raises(NoteInvalid) as refused:
        note_add_addendum(note=signed, by=therapist.user, text=text)

    assert refused.value.errors == {"text": ["Write the addendum."]}
    assert NoteAddendum.objects.count() == 0


def test_addenda_keep_their_order(signed, therapist, other_therapist, frozen):
    note_add_addendum(note=signed, by=therapist.user, text="First.")
    frozen.shift(timedelta(hours=2))
    note_add_addendum(note=signed, by=other_therapist.user, text="Second.")
    note_add_addendum(note=signed, by=therapist.user, text="Third, same time.")

    listed = list(
        notes_visible_to(therapist.user, signed.appointment.client_id).get().addenda.all()
    )

    assert [(a.text, a.author, a.created_at) for a in listed] == [
        ("First.", therapist.user, NOW),
        ("Second.", other_therapist.user, NOW + timedelta(hours=2)),
        ("Third, same time.", therapist.user, NOW + timedelta(hours=2)),
    ]


# Outcome: completed or no-show


@pytest.mark.parametrize("status", [AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW])
def test_outcome_by_the_sessions_therapist(appointment, therapist, status):
    appointment_set_outcome(appointment=appointment, by=therapist.user, status=status)

    appointment.refresh_from_db()
    assert appointment.status == status


def test_outcome_by_an_admin(appointment):
    appointment_set_outcome(appointment=appointment, by=AdminFactory(), status="no_show")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_outcome_can_be_corrected(appointment, therapist):
    appointment_set_outcome(appointment=appointment, by=therapist.user, status="completed")

    appointment_set_outcome(appointment=appointment, by=therapist.user, status="no_show")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


@pytest.mark.parametrize("who", ["client", "other_therapist"])
def test_outcome_by_anyone_else_is_refused(appointment, other_therapist, who):
    by = {"client": appointment.client, "other_therapist": other_therapist.user}[who]
    message = "^Only the session's therapist or an admin records its outcome.$"

    with pytest.raises(ActionRefused, match=message):
        appointment_set_outcome(appointment=appointment, by=by, status="completed")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_outcome_before_the_start_is_refused(appointment, therapist):
    appointment.start = NOW + timedelta(seconds=1)

    with pytest.raises(ActionRefused, match="^The session has not started yet.$"):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status="no_show")

    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BOOKED


def test_outcome_at_the_start_is_accepted(appointment, therapist):
    appointment_set_outcome(
        appointment=appointment, by=therapist.user, status="no_show", now=SESSION_START
    )

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_outcome_of_a_cancelled_appointment_is_refused(appointment, therapist):
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()

    with pytest.raises(ActionRefused, match="^A cancelled appointment has no outcome.$"):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status="completed")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


@pytest.mark.parametrize("status", ["completed", "no_show"])
def test_outcome_of_a_session_awaiting_approval_is_refused(appointment, therapist, status):
    appointment.status = AppointmentStatus.PENDING_APPROVAL
    appointment.save()
    message = "^This session still awaits approval: an admin approves or declines it before"

    with pytest.raises(ActionRefused, match=message):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status=status)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PENDING_APPROVAL


@pytest.mark.parametrize("status", ["booked", "cancelled", "", "done"])
def test_outcome_must_be_completed_or_no_show(appointment, therapist, status):
    with pytest.raises(ActionRefused, match="^Choose completed or no-show.$"):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status=status)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


# Unsigned notes older than 48 hours


def test_overdue_drafts_flags_a_draft_only_after_48_hours(draft, therapist):
    with time_machine.travel(SESSION_START + timedelta(hours=48), tick=False):
        at_48_hours = list(overdue_drafts(therapist.user))
    with time_machine.travel(SESSION_START + timedelta(hours=48, seconds=1), tick=False):
        after = list(overdue_drafts(therapist.user))

    assert (at_48_hours, after) == ([], [draft])


def test_overdue_drafts_leaves_out_signed_notes_and_other_therapists_drafts(
    signed, other_therapist, service
):
    others = AppointmentFactory(
        client=signed.appointment.client,
        therapist=other_therapist,
        service=service,
        start=SESSION_START - timedelta(days=7),
    )
    note_open(appointment=others, by=other_therapist.user)
    later = NOW + timedelta(days=5)

    assert list(overdue_drafts(signed.author, now=later)) == []
    assert [n.appointment for n in overdue_drafts(other_therapist.user, now=later)] == [others]


def test_overdue_drafts_oldest_first(therapist, service):
    newer = SessionNoteFactory(
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(days=3),
    )
    older = SessionNoteFactory(
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(days=10),
    )

    assert list(overdue_drafts(therapist.user)) == [older, newer]


# Reads: who sees which notes, outcomes, treated places


@pytest.fixture
def notes_of_ava(ava, therapist, other_therapist, service):
    """Ava's notes: a signed one and a draft by her therapist, a draft by the other one."""
    signed_one = signed_note(
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=SESSION_START - timedelta(days=7),
    )
    draft_one = SessionNoteFactory(
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=SESSION_START,
    )
    others_draft = SessionNoteFactory(
        appointment__client=ava,
        appointment__therapist=other_therapist,
        appointment__service=service,
        appointment__start=SESSION_START - timedelta(days=14),
    )
    return {"signed": signed_one, "draft": draft_one, "others_draft": others_draft}


def test_notes_visible_to_each_role(ava, therapist, other_therapist, notes_of_ava):
    n = notes_of_ava
    people = {
        "client": ava,
        "author": therapist.user,
        "other_therapist": other_therapist.user,
        "unrelated_therapist": TherapistFactory().user,
        "other_client": ClientFactory(),
        "admin": AdminFactory(),
    }

    seen = {role: list(notes_visible_to(user, ava.pk)) for role, user in people.items()}

    assert seen == {
        "client": [n["signed"]],
        "author": [n["draft"], n["signed"]],
        "other_therapist": [n["signed"], n["others_draft"]],
        "unrelated_therapist": [],
        "other_client": [],
        "admin": [n["draft"], n["signed"], n["others_draft"]],
    }


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
