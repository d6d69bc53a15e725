from django.db import transaction
from django.utils import timezone

from clinic.audit import audit
from clinic.models import AuditEvent, User

from .models import Credential, CredentialStatus


class CredentialDecisionRefused(Exception):
    pass


def _check_decider(*, credential: Credential, by: User) -> None:
    if not by.is_clinic_admin and not by.is_superuser:
        raise CredentialDecisionRefused("Only a clinic admin can decide on credentials.")
    if credential.therapist.user_id == by.pk:
        raise CredentialDecisionRefused("Nobody can decide on their own credential.")


@transaction.atomic
def credential_verify(*, credential: Credential, by: User, ip: str | None = None) -> Credential:
    _check_decider(credential=credential, by=by)
    credential.status = CredentialStatus.VERIFIED
    credential.decided_by = by
    credential.decided_at = timezone.now()
    credential.rejection_reason = ""
    credential.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    audit(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=credential,
        ip=ip,
        detail=credential.status,
    )
    return credential


@transaction.atomic
def credential_reject(
    *, credential: Credential, by: User, reason: str, ip: str | None = None
) -> Credential:
    _check_decider(credential=credential, by=by)
    reason = reason.strip()
    if not reason:
        raise CredentialDecisionRefused("A rejection needs a reason.")
    credential.status = CredentialStatus.REJECTED
    credential.decided_by = by
    credential.decided_at = timezone.now()
    credential.rejection_reason = reason
    credential.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    audit(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=credential,
        ip=ip,
        detail=credential.status,
    )
    return credential
