"""Sending message rows: claim them, check each still makes sense, deliver, record.

Claims are conditional updates under `select_for_update(skip_locked=True)`, so several
dispatchers and workers may run at once and a message is sent at most once.
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from .kinds import TOO_LATE, kind_of, link
from .models import Channel, Message, MessageState
from .recipients import reach_of, recipient_related
from .sms import SmsError, sms_backend

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# A claim older than the lease belongs to a worker that died (5 minutes by default).
LEASE = timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
BATCH = settings.MESSAGE_DISPATCH_BATCH
STALE_STATES = [MessageState.QUEUED, MessageState.SENDING]
SUBJECT = Message._meta.get_field("subject")


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
    """Why this message should not go out now, or "" if it should: too late, about a
    subject no longer as planned, unwanted by its recipient, no way to reach them, or
    pointless by its kind's own rule."""
    kind = kind_of(message.kind)
    if now > message.send_by:
        return TOO_LATE
    if reason := kind.stale(message, now):
        return reason
    reach = reach_of(message.recipient)
    if kind.optional:
        if not reach.reminders:
            return "The client turned reminders off."
        if message.channel not in reach.channels(essential=False):
            return f"The client turned {message.get_channel_display().lower()} off."
    if message.channel == Channel.SMS and not reach.phone:
        return "No phone number for text messages."
    return kind.skip(message, now)


def message_context(message: Message) -> dict:
    """What every message's templates may say, and what its kind adds."""
    context = {
        "message": message,
        "recipient": message.recipient,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "site_url": link(""),
    }
    return {**context, **kind_of(message.kind).context(message)}


def render_text(name: str, context: dict) -> str:
    """A plain-text template (subject, text body, SMS) rendered without HTML escaping, so
    "O'Brien & Co" reads as written. It comes back as a plain str, not as "safe" markup,
    so the HTML part escapes it, once."""
    rendered = get_template(name).template.render(Context(context, autoescape=False))
    return str.__str__(rendered)


def deliver(message: Message, *, mailer=None) -> None:
    kind = kind_of(message.kind)
    context = message_context(message)
    if message.channel == Channel.SMS:
        body = render_text(f"{kind.templates}.sms.txt", context).strip()
        try:
            sms_backend().send(to=reach_of(message.recipient).phone, body=body)
        except SmsError as error:
            if error.transient:
                raise TransientError(str(error)) from error
            raise
        return
    subject = " ".join(render_text(f"{kind.templates}.subject.txt", context).split())
    body = render_text(f"{kind.templates}.txt", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[message.recipient.email],
        headers={"Message-ID": f"<clinic-message-{message.pk}@{_domain()}>"},
    )
    html = render_to_string("messages/email.html", {"subject": subject, "body": body})
    email.attach_alternative(html, "text/html")
    for filename, content, mimetype in kind.attachments(message):
        email.attach(filename, content, mimetype)
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


def _load(ids: list[int]) -> dict[int, Message]:
    """The claimed messages with their recipients and subjects: one query for the messages
    and one per kind of subject, with what each subject's kinds read of it."""
    messages = Message.objects.select_related("recipient", *recipient_related()).in_bulk(ids)
    by_type: dict[int, list[Message]] = defaultdict(list)
    for message in messages.values():
        if message.subject_type_id is not None:
            by_type[message.subject_type_id].append(message)
    for type_id, about in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        related = {name for m in about for name in kind_of(m.kind).subject_related}
        subjects = model._default_manager.select_related(*related).in_bulk(
            {m.subject_id for m in about}
        )
        for message in about:
            if message.subject_id in subjects:  # one gone since reads as None
                SUBJECT.set_cached_value(message, subjects[message.subject_id])
    return messages


def messages_send(*, message_ids: list[int], now: datetime | None = None) -> list[Outcome]:
    """Send a batch: one claim, one load and one mail connection (one SMTP login) for all.

    The rows still queued are claimed together, so a batch retried or redelivered after a
    crash sends none twice; the rows claimed but not yet sent when a worker dies are
    taken again after the lease, which must outlast a whole batch (its size times the
    mail timeout). If the connection can't be opened, or drops, each message records its
    own transient failure and the next one opens a fresh connection.
    """
    now = now or timezone.now()
    messages = _load(_claim_many_for_sending(message_ids, now))
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
