"""A credential's life: submitted and changed by its therapist, decided on by an admin.

Every step is kept as a CredentialEvent; a decision is told to the therapist by a message
row, and a verified required credential plans its expiry alerts.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from clinic.accounts.access import is_admin
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.clock import spoken

from .documents import check_document
from .messages import plan_decision_message, plan_expiry_alerts, skip_pending_alerts
from .models import Credential, CredentialEvent, CredentialStatus

if TYPE_CHECKING:  # credentials are below the therapist profile
    from therapists.models import Therapist

# What a therapist states about a credential; a change to any of it needs a new check.
CREDENTIAL_FIELDS = [
    "kind",
    "certification",
    "number",
    "issuing_authority",
    "jurisdiction",
    "issued_on",
    "expires_on",
]


class CredentialDecisionRefused(Exception):
    pass


class CredentialChangeRefused(Exception):
    pass


def _check_decider(*, credential: Credential, by: User) -> None:
    if not is_admin(by):
        raise CredentialDecisionRefused("Only a clinic admin can decide on credentials.")
    if credential.therapist.user_id == by.pk:
        raise CredentialDecisionRefused("Nobody can decide on their own credential.")


def _check_owner(*, therapist: Therapist, by: User) -> None:
    if therapist.user_id != by.pk:
        raise CredentialChangeRefused("Only the therapist can submit their own credentials.")


def _facts(credential: Credential) -> str:
    document = credential.document.name.rsplit("/", 1)[-1] if credential.document else "none"
    return (
        f"{credential.name} no. {credential.number}, {credential.issuing_authority}, "
        f"{credential.jurisdiction}, {spoken(credential.issued_on)} to "
        f"{spoken(credential.expires_on)}, "
        f"document {document}"
    )[:300]


def _record(credential: Credential, action: str, *, by: User, at: datetime, reason: str = ""):
    return CredentialEvent.objects.create(
        credential=credential,
        action=action,
        actor=by,
        at=at,
        reason=reason,
        detail=_facts(credential),
    )


def _check_not_expired(credential: Credential) -> None:
    """Nothing already expired goes to verification: it could never make anyone bookable."""
    if credential.expires_on < timezone.localdate():
        ended = spoken(credential.expires_on)
        raise ValidationError(
            {"expires_on": f"This credential expired on {ended}: add the renewed one instead."}
        )


def _attach(credential: Credential, document: UploadedFile) -> None:
    """Check the upload's content and store it under a name the server makes."""
    try:
        credential.document_type = check_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    credential.document.save(document.name or "document", document, save=False)


@transaction.atomic
def credential_submit(
    *,
    therapist: Therapist,
    by: User,
    fields: dict,
    document: UploadedFile | None = None,
    ip: str | None = None,
) -> Credential:
    """A new credential from its therapist, pending verification."""
    _check_owner(therapist=therapist, by=by)
    now = timezone.now()
    credential = Credential(therapist=therapist, submitted_at=now, **fields)
    credential.full_clean(exclude=["therapist", "document"])
    _check_not_expired(credential)
    if document is not None:
        _attach(credential, document)
    credential.save()
    _record(credential, CredentialEvent.Action.SUBMITTED, by=by, at=now)
    audit(actor=by, action=AuditEvent.Action.CREATE, record=credential, ip=ip)
    return credential


@transaction.atomic
def credential_update(
    *,
    credential: Credential,
    by: User,
    fields: dict,
    document: UploadedFile | None = None,
    ip: str | None = None,
) -> Credential:
    """Change a credential's facts or document; any change sends it back to verification."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    _check_owner(therapist=credential.therapist, by=by)
    changed = [name for name, value in fields.items() if getattr(credential, name) != value]
    if not changed and document is None:
        return credential
    for name in changed:
        setattr(credential, name, fields[name])
    credential.full_clean(exclude=["therapist", "document"])
    _check_not_expired(credential)
    if document is not None:
        _attach(credential, document)
        changed.append("document")
    now = timezone.now()
    credential.status = CredentialStatus.PENDING
    credential.submitted_at = now
    credential.decided_by = None
    credential.decided_at = None
    credential.rejection_reason = ""
    credential.save()
    reason = "Changed: " + ", ".join(name.replace("_", " ") for name in changed) + "."
    _record(credential, CredentialEvent.Action.CHANGED, by=by, at=now, reason=reason)
    audit(actor=by, action=AuditEvent.Action.CHANGE, record=credential, ip=ip, detail=reason)
    skip_pending_alerts(credential)
    return credential


def _decide(
    credential: Credential, *, by: User, status: str, reason: str, ip: str | None
) -> Credential:
    now = timezone.now()
    credential.status = status
    credential.decided_by = by
    credential.decided_at = now
    credential.rejection_reason = reason
    credential.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    action = {
        CredentialStatus.VERIFIED: CredentialEvent.Action.VERIFIED,
        CredentialStatus.REJECTED: CredentialEvent.Action.REJECTED,
    }[status]
    event = _record(credential, action, by=by, at=now, reason=reason)
    audit(actor=by, action=AuditEvent.Action.CHANGE, record=credential, ip=ip, detail=status)
    skip_pending_alerts(credential)
    plan_decision_message(event, now=now)
    plan_expiry_alerts(credential, now=now)
    return credential


@transaction.atomic
def credential_verify(*, credential: Credential, by: User, ip: str | None = None) -> Credential:
    _check_decider(credential=credential, by=by)
    return _decide(credential, by=by, status=CredentialStatus.VERIFIED, reason="", ip=ip)


@transaction.atomic
def credential_reject(
    *, credential: Credential, by: User, reason: str, ip: str | None = None
) -> Credential:
    _check_decider(credential=credential, by=by)
    reason = reason.strip()
    if not reason:
        raise CredentialDecisionRefused("A rejection needs a reason.")
    return _decide(credential, by=by, status=CredentialStatus.REJECTED, reason=reason, ip=ip)
