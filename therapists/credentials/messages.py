"""Messages about credentials, planned as rows for the dispatcher to send: the outcome of
a decision, and alerts before a required credential expires."""

from datetime import datetime, time, timedelta

from clinic.accounts.access import ADMINS
from clinic.accounts.models import User
from clinic.clock import clinic_zone, wall_to_utc
from clinic.messaging.kinds import EMAIL_ONLY, Kind, register
from clinic.messaging.models import Message
from clinic.messaging.services import (
    dispatch_after_commit,
    message_plan,
    messages_plan_new,
    messages_skip,
)

from .models import REQUIRED_KINDS, Credential, CredentialEvent, CredentialStatus

ALERT_DAYS_BEFORE = (60, 30, 7, 0)
ALERT_AT = time(9)
DECISION_GRACE = timedelta(days=7)
CHANGED = "The credential was renewed or changed."


def _credential_context(message: Message) -> dict:
    credential = message.subject
    context = {
        "credential": credential,
        "therapist": credential.therapist,
        "own": credential.therapist.user_id == message.recipient_id,
    }
    if message.kind == CREDENTIAL_EXPIRING.name:
        sent_on = message.due_at.astimezone(clinic_zone()).date()
        context["days_left"] = (message.day - sent_on).days
    return context


def _expiry_skip(message: Message, now: datetime) -> str:
    """An alert of an expiry the credential no longer has, or that a renewal covers."""
    credential = message.subject
    if credential is None:
        return CHANGED
    if credential.status != CredentialStatus.VERIFIED or credential.expires_on != message.day:
        return CHANGED
    renewed = Credential.objects.valid_on(message.day + timedelta(days=1)).filter(
        therapist_id=credential.therapist_id,
        kind=credential.kind,
        certification=credential.certification,
    )
    return "The credential was renewed." if renewed.exists() else ""


def _decision_skip(status: str):
    def skip(message: Message, now: datetime) -> str:
        credential = message.subject
        if credential is None or credential.status != status:
            return "The decision has changed since."
        return ""

    return skip


def _credential_kind(name: str, label: str, skip) -> Kind:
    return register(
        Kind(
            name=name,
            label=label,
            context=_credential_context,
            skip=skip,
            channels=EMAIL_ONLY,
            subject_related=("therapist__user",),
        )
    )


CREDENTIAL_VERIFIED = _credential_kind(
    "cred_verified", "Credential verified", _decision_skip(CredentialStatus.VERIFIED)
)
CREDENTIAL_REJECTED = _credential_kind(
    "cred_rejected", "Credential rejected", _decision_skip(CredentialStatus.REJECTED)
)
CREDENTIAL_EXPIRING = _credential_kind("cred_expiring", "Credential expiry alert", _expiry_skip)
DECISION_KINDS = {
    CredentialEvent.Action.VERIFIED: CREDENTIAL_VERIFIED,
    CredentialEvent.Action.REJECTED: CREDENTIAL_REJECTED,
}


def plan_decision_message(event: CredentialEvent, *, now: datetime) -> None:
    """Tell the therapist the outcome, by email, as soon as the decision commits."""
    kind = DECISION_KINDS[event.action]
    message_plan(
        kind=kind,
        recipient=event.credential.therapist.user,
        subject=event.credential,
        due_at=now,
        send_by=now + DECISION_GRACE,
        key=f"{kind.name}:{event.pk}",
    )
    dispatch_after_commit()


def alert_recipients(credential: Credential) -> list[User]:
    """The therapist and every active clinic admin."""
    admins = User.objects.filter(ADMINS, is_active=True)
    therapist_user = credential.therapist.user
    return [therapist_user, *admins.exclude(pk=therapist_user.pk).order_by("pk")]


def plan_expiry_alerts(credential: Credential, *, now: datetime) -> int:
    """Rows for the alerts still ahead: 60, 30 and 7 days before expiry and on the day,
    at 09:00 clinic time, to each recipient. Planning again adds nothing; returns how many
    rows are new."""
    if credential.kind not in REQUIRED_KINDS or credential.status != CredentialStatus.VERIFIED:
        return 0
    zone = clinic_zone()
    today = now.astimezone(zone).date()
    expires = credential.expires_on
    end_of_validity = wall_to_utc(expires + timedelta(days=1), time(0), zone)
    recipients = alert_recipients(credential)
    alerts = [
        (days, wall_to_utc(expires - timedelta(days=days), ALERT_AT, zone))
        for days in ALERT_DAYS_BEFORE
        if expires - timedelta(days=days) >= today
    ]
    return messages_plan_new(
        {
            "kind": CREDENTIAL_EXPIRING,
            "recipient": recipient,
            "subject": credential,
            "day": expires,
            "due_at": due,
            "send_by": min(due + timedelta(days=1), end_of_validity),
            "key": f"cred_expiring:{credential.pk}:{expires:%Y%m%d}:{days}:{recipient.pk}",
        }
        for days, due in alerts
        for recipient in recipients
    )


def plan_due_expiry_alerts(*, now: datetime) -> int:
    """The beat task's sweep: alerts for every verified required credential expiring within
    60 days (admins added since the verification get theirs too)."""
    today = now.astimezone(clinic_zone()).date()
    expiring = Credential.objects.filter(
        kind__in=REQUIRED_KINDS,
        status=CredentialStatus.VERIFIED,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=max(ALERT_DAYS_BEFORE)),
    ).select_related("therapist__user")
    return sum(plan_expiry_alerts(credential, now=now) for credential in expiring)


def skip_pending_alerts(credential: Credential) -> None:
    """A credential that changed or was decided again: its unsent alerts no longer hold."""
    unsent = Message.objects.about(credential).filter(kind=CREDENTIAL_EXPIRING.name)
    if credential.status == CredentialStatus.VERIFIED:
        unsent = unsent.exclude(day=credential.expires_on)
    messages_skip(unsent, reason=CHANGED)
