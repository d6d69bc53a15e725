"""When each message is due: rows made in the same transaction as the booking change.

Times follow the clinic's wall clock (a reminder the day before goes at the session's own
time of day, and the therapist's day at 18:00, across a DST change too); due times are
stored in UTC. Nothing here talks to the broker: the dispatcher finds due rows.
"""

from datetime import datetime, time, timedelta

from django.db import transaction

from clinic.accounts.models import User
from sessions.notes.models import SessionNote
from sessions.waitlist.models import WaitlistOffer

from .models import Appointment, Channel, Message, MessageKind, MessageState
from .rules import clinic_zone, wall_to_utc

THERAPIST_DAY_AT = time(18)
REBOOK_AT = time(10)
AFTERCARE_DELAY = timedelta(hours=2)
CHECK_IN_AFTER_DAYS = 3
# How late each kind may still go out; later it is skipped, not sent late.
GRACE = {
    MessageKind.AFTERCARE: timedelta(hours=12),
    MessageKind.CHECK_IN: timedelta(days=2),
    MessageKind.REBOOK: timedelta(days=7),
}
REMINDER_GRACE = timedelta(hours=12)


def same_time_days_later(instant: datetime, days: int) -> datetime:
    """The same clinic wall-clock time `days` later (or earlier), as a UTC instant."""
    zone = clinic_zone()
    local = instant.astimezone(zone)
    return wall_to_utc(local.date() + timedelta(days=days), local.time(), zone)


def channels_for(user: User, *, essential: bool) -> list[str]:
    """The client's chosen channels; an essential message goes by email at least."""
    profile = getattr(user, "client_profile", None)
    if profile is None:
        return [Channel.EMAIL]
    chosen = [Channel.EMAIL] * profile.by_email + [Channel.SMS] * bool(
        profile.by_sms and profile.phone
    )
    return chosen or ([Channel.EMAIL] if essential else [])


def _plan(
    *,
    kind: str,
    recipient: User,
    due_at: datetime,
    send_by: datetime,
    key: str,
    appointment: Appointment | None = None,
    offer: WaitlistOffer | None = None,
    day=None,
    essential: bool = False,
) -> None:
    """One row per channel; planning the same message again changes nothing."""
    _insert_new(
        Message(
            key=f"{key}:{channel}",
            kind=kind,
            channel=channel,
            recipient=recipient,
            appointment=appointment,
            appointment_start=appointment.start if appointment else None,
            offer=offer,
            day=day,
            due_at=due_at,
            send_by=send_by,
        )
        for channel in channels_for(recipient, essential=essential)
    )


def _insert_new(rows) -> None:
    """Insert the rows whose key is new, in one statement; rows already planned stay as
    they are (a booking plans several messages: one query each, not a lookup and an insert
    in a savepoint each)."""
    Message.objects.bulk_create(list(rows), ignore_conflicts=True)


def _session_messages(appointment: Appointment, now: datetime) -> None:
    """The reminders and follow-ups of a booked session, at its current time."""
    client, start = appointment.client, appointment.start
    a = f"{appointment.pk}:s{appointment.sequence}"  # a moved session gets new rows
    day_before = same_time_days_later(start, -1)
    if day_before > now:
        grace = min(day_before + REMINDER_GRACE, start)
        _plan(
            kind=MessageKind.REMINDER_24H,
            recipient=client,
            due_at=day_before,
            send_by=grace,
            appointment=appointment,
            key=f"reminder_24h:{a}",
        )
        _plan(
            kind=MessageKind.INTAKE_NUDGE,
            recipient=client,
            due_at=day_before,
            send_by=grace,
            appointment=appointment,
            key=f"intake_nudge:24h:{a}",
        )
    profile = getattr(client, "client_profile", None)
    if profile is not None and profile.reminder_2h and start - timedelta(hours=2) > now:
        _plan(
            kind=MessageKind.REMINDER_2H,
            recipient=client,
            due_at=start - timedelta(hours=2),
            send_by=start,
            appointment=appointment,
            key=f"reminder_2h:{a}",
        )
    aftercare = appointment.end + AFTERCARE_DELAY
    _plan(
        kind=MessageKind.AFTERCARE,
        recipient=client,
        due_at=aftercare,
        send_by=aftercare + GRACE[MessageKind.AFTERCARE],
        appointment=appointment,
        key=f"aftercare:{a}",
    )
    check_in = same_time_days_later(start, CHECK_IN_AFTER_DAYS)
    _plan(
        kind=MessageKind.CHECK_IN,
        recipient=client,
        due_at=check_in,
        send_by=check_in + GRACE[MessageKind.CHECK_IN],
        appointment=appointment,
        key=f"check_in:{a}",
    )
    _plan_therapist_day(appointment)  # fmt: skip


def _plan_therapist_day(appointment: Appointment) -> None:
    zone = clinic_zone()
    day = appointment.start.astimezone(zone).date()
    therapist_user = appointment.therapist.user
    due = wall_to_utc(day - timedelta(days=1), THERAPIST_DAY_AT, zone)
    _insert_new(
        [
            Message(
                key=f"therapist_day:{therapist_user.pk}:{day.isoformat()}:email",
                kind=MessageKind.THERAPIST_DAY,
                channel=Channel.EMAIL,
                recipient=therapist_user,
                day=day,
                due_at=due,
                send_by=wall_to_utc(day, time(8), zone),
            )
        ]
    )


def _notice(kind: str, appointment: Appointment, now: datetime, suffix: str) -> None:
    _plan(kind=kind, recipient=appointment.client, due_at=now,
          send_by=max(appointment.start, now + timedelta(hours=1)), appointment=appointment,
          key=f"{kind}:{appointment.pk}:{suffix}", essential=True)  # fmt: skip


def _skip_pending(appointment: Appointment, reason: str, *, keep: tuple = ()) -> None:
    Message.objects.filter(
        appointment=appointment, state__in=[MessageState.PENDING, MessageState.QUEUED]
    ).exclude(kind__in=keep).update(state=MessageState.SKIPPED, skip_reason=reason)


def plan_booking_messages(appointment: Appointment, *, now: datetime) -> None:
    """With a new booking: the confirmation (and intake nudge) now, then the rest."""
    _notice(MessageKind.CONFIRMATION, appointment, now, "booked")
    _plan(kind=MessageKind.INTAKE_NUDGE, recipient=appointment.client, due_at=now,
          send_by=appointment.start, appointment=appointment,
          key=f"intake_nudge:booked:{appointment.pk}")  # fmt: skip
    _session_messages(appointment, now)
    send_due_after_commit()


def plan_reschedule_messages(appointment: Appointment, *, now: datetime) -> None:
    """With a move: a change notice now; the session's messages follow the new time."""
    _skip_pending(appointment, "The appointment moved.", keep=(MessageKind.CONFIRMATION,))
    _notice(MessageKind.CHANGE, appointment, now, f"seq{appointment.sequence}")
    _session_messages(appointment, now)
    send_due_after_commit()


def plan_cancellation_messages(appointment: Appointment, *, now: datetime) -> None:
    _skip_pending(appointment, "The appointment was cancelled.")
    _notice(MessageKind.CANCELLATION, appointment, now, "cancelled")
    send_due_after_commit()


def plan_request_messages(appointment: Appointment, *, now: datetime) -> None:
    """With a booking that awaits approval: only a notice saying so; the confirmation and
    reminders follow the approval."""
    _notice(MessageKind.BOOKING_REQUEST, appointment, now, "requested")
    send_due_after_commit()


def plan_decline_messages(appointment: Appointment, *, now: datetime) -> None:
    _skip_pending(appointment, "The request was declined.")
    _notice(MessageKind.BOOKING_DECLINED, appointment, now, "declined")
    send_due_after_commit()


def plan_offer_message(offer: WaitlistOffer, *, now: datetime) -> None:
    """The waitlist offer goes out at once, and not after the offer expires."""
    _plan(kind=MessageKind.WAITLIST_OFFER, recipient=offer.entry.client, due_at=now,
          send_by=offer.expires_at, offer=offer, key=f"waitlist_offer:{offer.pk}",
          essential=True)  # fmt: skip
    send_due_after_commit()


def plan_rebook_nudge(note: SessionNote) -> None:
    """When the plan says when to come back: a nudge then, unless something is booked."""
    if not note.rebook_after_days:
        return
    appointment = note.appointment
    zone = clinic_zone()
    day = appointment.start.astimezone(zone).date() + timedelta(days=note.rebook_after_days)
    due = wall_to_utc(day, REBOOK_AT, zone)
    _plan(kind=MessageKind.REBOOK, recipient=appointment.client, due_at=due,
          send_by=due + GRACE[MessageKind.REBOOK], appointment=appointment,
          key=f"rebook:{appointment.pk}")  # fmt: skip


def send_due_after_commit() -> None:
    """Hand the messages due now to the workers once the booking has committed.

    If the broker is down the booking still stands: the rows stay pending and the
    dispatcher sends them when it is back.
    """
    transaction.on_commit(_dispatch_now, robust=True)


def _dispatch_now() -> None:
    from .tasks import dispatch_due_messages

    # No publish retries: with the broker down the request must not hang on it.
    dispatch_due_messages.apply_async(retry=False)
