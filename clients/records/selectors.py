"""A client's whole record, as it is downloaded or printed.

One plain dict (datetimes left as datetimes) feeds the JSON download, the API, the CSV
and the printable page, so all of them always say the same.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from clients.intake.diff import answer_text
from clients.intake.forms import ANSWER_FIELDS
from clients.intake.models import Intake
from clients.models import ClientProfile
from clinic.accounts.models import User
from clinic.bodymap.painchart import Mark, PainChart
from clinic.bodymap.regions import (
    QUALITY_LABELS,
    REGIONS_BY_ID,
    SIDE_LABELS,
    Quality,
    Side,
)
from clinic.messaging.models import Message
from sessions.checkins.models import CheckIn
from sessions.models import Appointment
from sessions.notes.models import SessionNote
from sessions.notes.selectors import notes_visible_to

PROFILE_FIELDS = ["by_email", "by_sms", "reminders", "reminder_2h"]


@dataclass(frozen=True)
class ClientRecord:
    """A client's record: `data` in plain values (datetimes left as datetimes), what every
    form of it shows; and the clinical records it carries, for the audit trail."""

    data: dict
    intakes: list[Intake]
    notes: list[SessionNote]


def client_record(client: User, *, viewer: User) -> ClientRecord:
    """Everything the clinic keeps about this client that `viewer` may read, newest first
    (the models' own order, as the pages show it): the client reads their signed notes,
    without therapist remarks; an admin, drafts too. A fixed handful of queries however
    long the history."""
    intakes = list(_intakes(client))
    notes = list(notes_visible_to(viewer, client.pk))
    data = {
        "exported_at": timezone.now(),
        "account": _account(client),
        "profile": _profile(ClientProfile.objects.filter(user=client).first()),
        "appointments": [
            _appointment(a) for a in Appointment.objects.filter(client=client).with_related()
        ],
        "intakes": [_intake(intake) for intake in intakes],
        "session_notes": [_note(note) for note in notes],
        "check_ins": [_check_in(c) for c in _check_ins(client)],
        "messages": _messages(client),
    }
    return ClientRecord(data=data, intakes=intakes, notes=notes)


def _account(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
    }


def _profile(profile: ClientProfile | None) -> dict:
    profile = profile or ClientProfile()
    return {"phone": str(profile.phone or ""), **{f: getattr(profile, f) for f in PROFILE_FIELDS}}


def _appointment(appointment: Appointment) -> dict:
    return {
        "id": appointment.pk,
        "start": appointment.start,
        "end": appointment.end,
        "status": appointment.status,
        "status_name": appointment.get_status_display(),
        "service": str(appointment.service),
        "therapist": str(appointment.therapist),
        "cancelled_at": appointment.cancelled_at,
        "cancellation_reason": appointment.cancellation_reason,
        "late_cancellation": appointment.late_cancellation,
    }


def _intakes(user: User):
    return (
        Intake.objects.filter(client=user)
        .with_consents()
        .prefetch_related("clearances__cleared_by")
        .order_by("-version")
    )


def _intake(intake: Intake) -> dict:
    return {
        "version": intake.version,
        "created_at": intake.created_at,
        "signed_at": intake.signed_at,
        "signature": intake.signature,
        "answers": [_answer(intake, name) for name in ANSWER_FIELDS],
        "pain_chart": pain_chart_readable(intake.chart),
        "screening": {
            "status": intake.screening_status,
            "status_name": intake.get_screening_status_display(),
            "reasons": list(intake.screening_reasons),
        },
        "clearances": [
            {"cleared_at": c.cleared_at, "cleared_by": str(c.cleared_by), "note": c.note}
            for c in intake.clearances.all()
        ],
    }


def _answer(intake: Intake, name: str) -> dict:
    question = str(Intake._meta.get_field(name).verbose_name)
    return {
        "field": name,
        "question": question[:1].upper() + question[1:],
        "value": getattr(intake, name),
        "answer": answer_text(intake, name),
    }


def pain_chart_readable(chart: PainChart) -> dict:
    """The chart's marks with the body map's names for regions, sides and qualities."""
    return {"marks": [_mark(mark) for mark in chart.marks], **chart.overall}


def _mark(mark: Mark) -> dict:
    return {
        "region": mark.region,
        "region_name": REGIONS_BY_ID[mark.region].label,
        "side": mark.side,
        "side_name": SIDE_LABELS[Side(mark.side)],
        "place": mark.label,
        "intensity": mark.intensity,
        "qualities": [{"id": q, "name": QUALITY_LABELS[Quality(q)]} for q in mark.qualities],
    }


def _note(note: SessionNote) -> dict:
    appointment = note.appointment
    return {
        "appointment": appointment.pk,
        "date": appointment.start,
        "service": str(appointment.service),
        "therapist": str(appointment.therapist),
        "signed_at": note.signed_at,
        "intake_version": note.intake.version if note.intake else None,
        **note.content,
        "rebook_after_days": note.rebook_after_days,
        "limit_breaches": note.limit_breaches,
        "limit_override_reason": note.limit_override_reason,
        "points": [
            {
                "muscle": point.muscle_name,
                "side": point.get_side_display(),
                "activity": point.get_activity_display(),
                "technique": point.get_technique_display(),
                "pressure": point.pressure,
                "duration_seconds": point.duration_seconds,
                "response": point.get_response_display(),
                "referral_reproduced": point.referral_reproduced,
            }
            for point in note.points.all()
        ],
        "addenda": [
            {"author": str(a.author), "created_at": a.created_at, "text": a.text}
            for a in note.addenda.all()
        ],
    }


def _check_ins(user: User):
    return (
        CheckIn.objects.filter(appointment__client=user)
        .select_related("appointment")
        .order_by("-answered_at")
    )


def _check_in(check_in: CheckIn) -> dict:
    return {
        "appointment": check_in.appointment_id,
        "session_date": check_in.appointment.start,
        "pain_now": check_in.pain_now,
        "comment": check_in.comment,
        "answered_at": check_in.answered_at,
    }


def _messages(user: User) -> list[dict]:
    appointments = ContentType.objects.get_for_model(Appointment).pk
    return [_message(m, appointments) for m in Message.objects.filter(recipient=user)]


def _message(message: Message, appointments: int) -> dict:
    """A message, with the appointment it is about (`appointments`: their content type)."""
    return {
        "kind": message.kind,
        "kind_name": message.kind_label,
        "channel": message.channel,
        "channel_name": message.get_channel_display(),
        "state": message.state,
        "state_name": message.get_state_display(),
        "appointment": message.subject_id if message.subject_type_id == appointments else None,
        "due_at": message.due_at,
        "sent_at": message.sent_at,
    }
