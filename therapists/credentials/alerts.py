"""Messages about credentials, planned as rows for the reminders' dispatcher to send:
the outcome of a decision, and alerts before a required credential expires."""

from datetime import datetime, time, timedelta

from django.db.models import Q

from clinic.accounts.models import Role, User
from sessions.models import Channel, Message, MessageKind, MessageState
from sessions.rules import clinic_zone, wall_to_utc
from sessions.schedule_messages import send_due_after_commit

from .models import REQUIRED_KINDS, Credential, CredentialEvent, CredentialStatus

ALERT_DAYS_BEFORE = (60, 30, 7, 0)
ALERT_AT = time(9)
DECISION_GRACE = timedelta(days=7)
DECISION_KINDS = {
    CredentialEvent.Action.VERIFIED: MessageKind.CREDENTIAL_VERIFIED,
    CredentialEvent.Action.REJECTED: MessageKind.CREDENTIAL_REJECTED,
}


def plan_decision_message(event: CredentialEvent, *, now: datetime) -> None:
    """Tell the therapist the outcome, by email, as soon as the decision commits."""
    kind = DECISION_KINDS[event.action]
    Message.objects.get_or_create(
        key=f"{kind}:{event.pk}:email",
        defaults={
            "kind": kind,
            "channel": Channel.EMAIL,
            "recipient": event.credential.therapist.user,
            "credential": event.credential,
            "due_at": now,
            "send_by": now + DECISION_GRACE,
        },
    )
    send_due_after_commit()


def alert_recipients(credential: Credential) -> list[User]:
    """The therapist and every active clinic admin."""
    admins = User.objects.filter(Q(role=Role.ADMIN) | Q(is_superuser=True), is_active=True)
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
    created = 0
    for days in ALERT_DAYS_BEFORE:
        day = expires - timedelta(days=days)
        if day < today:
            continue
        due = wall_to_utc(day, ALERT_AT, zone)
        for recipient in recipients:
            _, new = Message.objects.get_or_create(
                key=f"cred_expiring:{credential.pk}:{expires:%Y%m%d}:{days}:{recipient.pk}:email",
                defaults={
                    "kind": MessageKind.CREDENTIAL_EXPIRING,
                    "channel": Channel.EMAIL,
                    "recipient": recipient,
                    "credential": credential,
                    "day": expires,
                    "due_at": due,
                    "send_by": min(due + timedelta(days=1), end_of_validity),
                },
            )
            created += new
    return created


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
    unsent = Message.objects.filter(
        credential=credential,
        kind=MessageKind.CREDENTIAL_EXPIRING,
        state__in=[MessageState.PENDING, MessageState.QUEUED],
    )
    if credential.status == CredentialStatus.VERIFIED:
        unsent = unsent.exclude(day=credential.expires_on)
    unsent.update(state=MessageState.SKIPPED, skip_reason="The credential was renewed or changed.")


def expiry_skip_reason(message: Message) -> str:
    """Why an expiry alert should not go out now, or "" if it should."""
    credential = message.credential
    if credential.status != CredentialStatus.VERIFIED or credential.expires_on != message.day:
        return "The credential was renewed or changed."
    renewed = Credential.objects.valid_on(message.day + timedelta(days=1)).filter(
        therapist_id=credential.therapist_id,
        kind=credential.kind,
        certification=credential.certification,
    )
    if renewed.exists():
        return "The credential was renewed."
    return ""


def decision_skip_reason(message: Message) -> str:
    expected = {
        MessageKind.CREDENTIAL_VERIFIED: CredentialStatus.VERIFIED,
        MessageKind.CREDENTIAL_REJECTED: CredentialStatus.REJECTED,
    }[message.kind]
    if message.credential.status != expected:
        return "The decision has changed since."
    return ""
