"""The audit trail of clinical records: every read and write of one goes through here."""

from collections.abc import Callable, Iterable

from django.db import models
from django.http import HttpRequest

from .models import AuditEvent, User


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (a trusted proxy sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


# Who each kind of record is about, read through relations its callers already loaded
# (select_related or the object the record was created with), so no query per record.
SUBJECT_OF: dict[str, Callable[[models.Model], int | None]] = {
    "clients.Intake": lambda intake: intake.client_id,
    "clients.IntakeClearance": lambda clearance: clearance.intake.client_id,
    "clinic_sessions.SessionNote": lambda note: note.appointment.client_id,
    "clinic_sessions.TreatedPoint": lambda point: point.note.appointment.client_id,
    "clinic_sessions.NoteAddendum": lambda addendum: addendum.note.appointment.client_id,
    "therapists.Credential": lambda credential: credential.therapist.user_id,
    "clinic.User": lambda user: user.pk,
}


def record_subject_id(record: models.Model) -> int | None:
    """The id of the person the record is about (the client, for a clinical record)."""
    subject_of = SUBJECT_OF.get(record._meta.label)
    return subject_of(record) if subject_of else None


def _event(
    *,
    actor: User | None,
    action: str,
    record: models.Model,
    ip: str | None,
    subject: User | None = None,
    detail: str = "",
) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is None or actor.is_authenticated else None,
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        subject_id=subject.pk if subject is not None else record_subject_id(record),
        detail=detail[:200],
        ip=ip,
    )


def audit(
    *,
    actor: User | None,
    action: str,
    record: models.Model,
    ip: str | None,
    subject: User | None = None,
    detail: str = "",
) -> None:
    """One event; `subject` defaults to the person the record is about."""
    _event(actor=actor, action=action, record=record, ip=ip, subject=subject, detail=detail).save()


def audit_records(
    request: HttpRequest, action: str, records: Iterable[models.Model], *, detail: str = ""
) -> None:
    """One event per record, by the request's user, written in a single query."""
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        _event(actor=request.user, action=action, record=record, ip=ip, detail=detail)
        for record in records
    )


def audit_read(request: HttpRequest, *records: models.Model) -> None:
    """One read event per record, written in a single query."""
    audit_records(request, AuditEvent.Action.READ, records)


def audit_authentication(
    request: HttpRequest | None, *, action: str, user: User | None, attempted_email: str = ""
) -> None:
    """A sign-in, sign-out, failed sign-in or lockout of an account.

    Only a sign-in or sign-out has the account as its actor: whoever failed to sign in is
    not known to be the account's owner. An address that names no account is kept in
    `detail`, shortened, since there is no account to point to.
    """
    by_owner = action in (AuditEvent.Action.SIGN_IN, AuditEvent.Action.SIGN_OUT)
    AuditEvent.objects.create(
        actor=user if by_owner else None,
        action=action,
        record_type=User._meta.label,
        record_id=str(user.pk) if user else "",
        subject=user,
        detail="" if user else attempted_email[:100],
        ip=client_ip(request) if request is not None else None,
    )
