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
