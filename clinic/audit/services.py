"""The audit trail of clinical records: every read and write of one goes through here."""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from clinic.web.requests import client_ip

from .models import AuditEvent


def _event(
    *,
    actor: models.Model | None,
    action: str,
    record: models.Model,
    ip: str | None,
    subject: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is None or actor.is_authenticated else None,
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        # The person the record is about: each audited model names them in its
        # `audit_subject_id`, read through relations its callers already loaded.
        subject_id=subject.pk if subject is not None else getattr(record, "audit_subject_id", None),
        detail=detail[:200],
        ip=ip,
    )


def audit(
    *,
    actor: models.Model | None,
    action: str,
    record: models.Model,
    ip: str | None,
    subject: models.Model | None = None,
    detail: str = "",
) -> None:
    """One event; `subject` defaults to the person the record is about."""
    _event(actor=actor, action=action, record=record, ip=ip, subject=subject, detail=detail).save()


def audit_many(
    *,
    actor: models.Model | None,
    action: str,
    records: Iterable[models.Model],
    ip: str | None,
    detail: str = "",
) -> None:
    """One event per record, written in a single query."""
    AuditEvent.objects.bulk_create(
        _event(actor=actor, action=action, record=record, ip=ip, detail=detail)
        for record in records
    )


def audit_read(request: HttpRequest, *records: models.Model) -> None:
    """One read event per record, by the request's user, written in a single query."""
    audit_many(
        actor=request.user, action=AuditEvent.Action.READ, records=records, ip=client_ip(request)
    )


def audit_authentication(
    request: HttpRequest | None,
    *,
    action: str,
    user: models.Model | None,
    attempted_email: str = "",
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
        record_type=settings.AUTH_USER_MODEL,
        record_id=str(user.pk) if user else "",
        subject=user,
        detail="" if user else attempted_email[:100],
        ip=client_ip(request) if request is not None else None,
    )
