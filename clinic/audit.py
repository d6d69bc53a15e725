"""The audit trail of clinical records: every read and write of one goes through here."""

from django.db import models
from django.http import HttpRequest

from .models import AuditEvent, User


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (a trusted proxy sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


def audit(
    *,
    actor: User | None,
    action: str,
    record: models.Model,
    ip: str | None,
    subject: User | None = None,
    detail: str = "",
) -> None:
    AuditEvent.objects.create(
        actor=actor,
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        subject=subject,
        detail=detail[:200],
        ip=ip,
    )


def audit_read(request: HttpRequest, *records: models.Model) -> None:
    """One read event per record, written in a single query."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=request.user,
            action=AuditEvent.Action.READ,
            record_type=record._meta.label,
            record_id=str(record.pk),
            ip=client_ip(request),
        )
        for record in records
    )


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
