"""Sending one message row: claim it, check it still makes sense, deliver, record."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from clients.intake.models import Intake
from clients.intake.selectors import intake_is_current
from clinic.messaging.sms import SmsError, sms_backend
from sessions.checkins.services import check_in_link
from sessions.notes.models import SessionNote
from sessions.waitlist.models import OfferState
from therapists.credentials.alerts import decision_skip_reason, expiry_skip_reason

from .ics import appointment_ics
from .models import Appointment, AppointmentStatus, Channel, Message, MessageKind, MessageState
from .rules import clinic_zone
from .schedule_messages import channels_for

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# A claim older than the lease belongs to a worker that died (5 minutes by default).
LEASE = timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
BATCH = settings.MESSAGE_DISPATCH_BATCH
STALE_STATES = [MessageState.QUEUED, MessageState.SENDING]
AFTER_SESSION = {MessageKind.AFTERCARE, MessageKind.CHECK_IN}
OPTIONAL = {
    MessageKind.REMINDER_24H,
    MessageKind.REMINDER_2H,
    MessageKind.INTAKE_NUDGE,
    MessageKind.AFTERCARE,
    MessageKind.CHECK_IN,
    MessageKind.REBOOK,
}
# About a session still to come: pointless (and confusing) once it has started.
BEFORE_SESSION = {
    MessageKind.BOOKING_REQUEST,
    MessageKind.CONFIRMATION,
    MessageKind.CHANGE,
    MessageKind.REMINDER_24H,
    MessageKind.REMINDER_2H,
    MessageKind.INTAKE_NUDGE,
}


class TransientError(Exception):
    """Delivery failed in a way that may pass (a mail server or network hiccup)."""


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def claim_due(*, now: datetime, limit: int = BATCH) -> list[int]:
    """Claim due rows (and rows whose claim went stale) for sending; several dispatchers
    may run at once, each taking rows the others have not locked."""
    with transaction.atomic():
        due = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(
                Q(state=MessageState.PENDING, due_at__lte=now)
                | Q(state__in=STALE_STATES, claimed_at__lt=now - LEASE)
            )
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        ids = list(due)
        Message.objects.filter(pk__in=ids).update(state=MessageState.QUEUED, claimed_at=now)
    return ids


@dataclass(frozen=True)
class Outcome:
    state: str
    detail: str = ""


NOT_CLAIMED = Outcome("not claimed", "Another task has it, or it is done.")
# What checking and rendering a message reads, loaded with it.
RELATED = (
    "recipient__client_profile",
    "appointment__therapist__user",
    "appointment__service",
    "offer__therapist",
    "offer__entry__service",
    "credential__therapist__user",
)
# Notices about an appointment that is no longer live: sent all the same.
ABOUT_THE_END = {MessageKind.CANCELLATION, MessageKind.BOOKING_DECLINED}
CREDENTIAL_DECISIONS = {MessageKind.CREDENTIAL_VERIFIED, MessageKind.CREDENTIAL_REJECTED}


def message_send(*, message_id: int, now: datetime | None = None) -> Outcome:
    """Send one message: a batch of one."""
    return messages_send(message_ids=[message_id], now=now)[0]


def _send_claimed(message: Message, *, now: datetime, mailer=None) -> Outcome:
    """Check and deliver a message this task holds in `sending`, and record the outcome;
    `mailer` is an open mail connection to reuse."""
    if reason := skip_reason(message, now):
        _finish(message, MessageState.SKIPPED, skip_reason=reason)
        return Outcome(MessageState.SKIPPED, reason)
    try:
        deliver(message, mailer=mailer)
    except TransientError as error:
        if message.attempts >= MAX_ATTEMPTS:
            _finish(message, MessageState.FAILED, last_error=str(error))
            return Outcome(MessageState.FAILED, str(error))
        retry_at = now + backoff(message.attempts)
        Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(
            state=MessageState.PENDING, due_at=retry_at, last_error=str(error)
        )
        return Outcome(MessageState.PENDING, str(error))
    except Exception as error:  # a message that can never go: keep why, don't retry
        log.exception("Message %s failed", message.pk)
        _finish(message, MessageState.FAILED, last_error=f"{type(error).__name__}: {error}")
        return Outcome(MessageState.FAILED, str(error))
    _finish(message, MessageState.SENT, sent_at=timezone.now())
    return Outcome(MessageState.SENT)


def _finish(message: Message, state: str, **fields) -> None:
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(state=state, **fields)


def skip_reason(message: Message, now: datetime) -> str:
    """Why this message should not go out now, or "" if it should."""
    appointment = message.appointment
    # A re-queued message gets a new send_by; one about a session must still precede it.
    started = message.kind in BEFORE_SESSION and appointment and now >= appointment.start
    if now > message.send_by or started:
        return "Too late to be useful."
    if appointment is not None and message.kind not in ABOUT_THE_END:
        if appointment.status == AppointmentStatus.CANCELLED:
            return "The appointment was cancelled."
        if message.appointment_start and appointment.start != message.appointment_start:
            return "The appointment moved."
        if message.kind in AFTER_SESSION and appointment.status == AppointmentStatus.NO_SHOW:
            return "The client did not come to the session."
    profile = getattr(message.recipient, "client_profile", None)
    if message.kind in OPTIONAL and profile is not None:
        if not profile.reminders:
            return "The client turned reminders off."
        if message.channel not in channels_for(message.recipient, essential=False):
            return f"The client turned {message.get_channel_display().lower()} off."
    if message.channel == Channel.SMS and (profile is None or not profile.phone):
        return "No phone number for text messages."
    return _kind_skip_reason(message, now)


def _kind_skip_reason(message: Message, now: datetime) -> str:
    if message.kind == MessageKind.INTAKE_NUDGE and intake_is_current(
        Intake.objects.current_for(message.recipient)
    ):
        return "The intake is current."
    if message.kind == MessageKind.REBOOK:
        booked = Appointment.objects.live().filter(client=message.recipient, start__gt=now)
        if booked.exists():
            return "A session is booked."
    if message.kind == MessageKind.THERAPIST_DAY and not _therapist_day(message).exists():
        return "Nothing booked that day."
    if message.kind == MessageKind.WAITLIST_OFFER and message.offer.state != OfferState.OPEN:
        return f"The offer is {message.offer.get_state_display().lower()}."
    if message.kind == MessageKind.CREDENTIAL_EXPIRING:
        return expiry_skip_reason(message)
    if message.kind in CREDENTIAL_DECISIONS:
        return decision_skip_reason(message)
    return ""


def _therapist_day(message: Message):
    from .selectors import local_span

    start, end = local_span(message.day, 1)
    return (
        Appointment.objects.filter(
            therapist__user=message.recipient,
            status=AppointmentStatus.BOOKED,
            start__gte=start,
            start__lt=end,
        )
        .with_related()
        .order_by("start")
    )


def message_context(message: Message) -> dict:
    context = {
        "message": message,
        "recipient": message.recipient,
        "appointment": message.appointment,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "site_url": settings.SITE_URL.rstrip("/"),
        "free_cancellation_hours": int(settings.BOOKING_FREE_CANCELLATION.total_seconds() // 3600),
    }
    if message.appointment is not None:
        context["plan"] = ""
        if message.kind == MessageKind.AFTERCARE:  # the one message that quotes the plan
            signed = SessionNote.objects.filter(appointment=message.appointment, status="signed")
            note = signed.first()
            context["plan"] = note.plan if note else ""
    if message.offer is not None:
        context["offer"] = message.offer
        offer_path = reverse("waitlist-offer", args=[message.offer.pk])
        context["offer_url"] = context["site_url"] + offer_path
    if message.credential is not None:
        context.update(credential_context(message))
    if message.kind == MessageKind.CHECK_IN:
        context["check_in_url"] = context["site_url"] + check_in_link(message.appointment)
    if message.kind == MessageKind.THERAPIST_DAY:
        from clients.intake.selectors import intake_flags, with_intake_state

        day = list(with_intake_state(_therapist_day(message)))
        for appointment in day:
            appointment.intake_flags = intake_flags(appointment)
        context["day_appointments"] = day
    return context


def credential_context(message: Message) -> dict:
    credential = message.credential
    context = {
        "credential": credential,
        "therapist": credential.therapist,
        "own": credential.therapist.user_id == message.recipient_id,
    }
    if message.kind == MessageKind.CREDENTIAL_EXPIRING:
        sent_on = message.due_at.astimezone(clinic_zone()).date()
        context["days_left"] = (message.day - sent_on).days
    return context


def render_text(name: str, context: dict) -> str:
    """A plain-text template (subject, text body, SMS) rendered without HTML escaping, so
    "O'Brien & Co" reads as written. It comes back as a plain str, not as "safe" markup,
    so the HTML part escapes it, once."""
    rendered = get_template(name).template.render(Context(context, autoescape=False))
    return str.__str__(rendered)


def deliver(message: Message, *, mailer=None) -> None:
    context = message_context(message)
    base = f"messages/{message.kind}"
    if message.channel == Channel.SMS:
        body = render_text(f"{base}.sms.txt", context).strip()
        try:
            sms_backend().send(to=str(message.recipient.client_profile.phone), body=body)
        except SmsError as error:
            if error.transient:
                raise TransientError(str(error)) from error
            raise
        return
    subject = " ".join(render_text(f"{base}.subject.txt", context).split())
    body = render_text(f"{base}.txt", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[message.recipient.email],
        headers={"Message-ID": f"<clinic-message-{message.pk}@{_domain()}>"},
    )
    html = render_to_string("messages/email.html", {"subject": subject, "body": body})
    email.attach_alternative(html, "text/html")
    if message.kind in (MessageKind.CONFIRMATION, MessageKind.CHANGE, MessageKind.CANCELLATION):
        cancelled = message.kind == MessageKind.CANCELLATION
        ics = appointment_ics(message.appointment, cancelled=cancelled)
        method = "CANCEL" if cancelled else "REQUEST"
        email.attach("session.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    try:
        if mailer is None:
            email.send(using="default")
        else:
            mailer.send_messages([email])
    except (smtplib.SMTPException, OSError) as error:
        raise TransientError(f"{type(error).__name__}: {error}") from error


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "clinic.local"


def _claim_many_for_sending(message_ids: list[int], now: datetime) -> list[int]:
    """The claim that makes sending happen at most once: of these rows, take those still
    queued, so a retried or redelivered task finds nothing left to send."""
    with transaction.atomic():
        queued = Message.objects.select_for_update(skip_locked=True).filter(
            pk__in=message_ids, state=MessageState.QUEUED
        )
        ids = list(queued.values_list("pk", flat=True))
        Message.objects.filter(pk__in=ids).update(
            state=MessageState.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return ids


def messages_send(*, message_ids: list[int], now: datetime | None = None) -> list[Outcome]:
    """Send a batch: one claim, one load and one mail connection (one SMTP login) for all.

    The rows still queued are claimed together, so a batch retried or redelivered after a
    crash sends none twice; the rows claimed but not yet sent when a worker dies are
    taken again after the lease, which must outlast a whole batch (its size times the
    mail timeout). If the connection can't be opened, or drops, each message records its
    own transient failure and the next one opens a fresh connection.
    """
    now = now or timezone.now()
    claimed = _claim_many_for_sending(message_ids, now)
    messages = Message.objects.select_related(*RELATED).in_bulk(claimed)
    mailer = mail.mailers["default"]
    try:
        mailer.open()
    except (smtplib.SMTPException, OSError):
        log.warning("Could not open the mail connection; each message will try", exc_info=True)
    outcomes = []
    try:
        for message_id in message_ids:
            if message_id not in messages:
                outcomes.append(NOT_CLAIMED)
                continue
            outcome = _send_claimed(messages[message_id], now=now, mailer=mailer)
            if outcome.state == MessageState.PENDING:  # a transient failure: reconnect
                mailer.close()
            outcomes.append(outcome)
    finally:
        mailer.close()
    return outcomes


def message_requeue(messages, *, now: datetime) -> int:
    """Make failed messages due again (the last error stays until the next attempt)."""
    return messages.filter(state=MessageState.FAILED).update(
        state=MessageState.PENDING, due_at=now, send_by=now + timedelta(days=1), attempts=0
    )
