"""Booking's messages: notices of each booking change, reminders before a session, the
intake nudge, and the therapist's next day; planned as rows with the change.

Times follow the clinic's wall clock (a reminder the day before goes at the session's own
time of day, and the therapist's day at 18:00, across a DST change too); due times are
stored in UTC. The follow-ups after a session belong to the apps that make them (notes,
check-ins), which plan theirs when `appointment_booked` or `appointment_moved` is sent.
"""

from datetime import datetime, time, timedelta

from django.conf import settings

from clients.intake.models import Intake
from clients.intake.selectors import intake_flags, intake_is_current, with_intake_state
from clinic.clock import clinic_zone, wall_to_utc
from clinic.messaging.kinds import EMAIL_ONLY, TOO_LATE, Kind, no_attachments, register
from clinic.messaging.models import Message
from clinic.messaging.services import (
    dispatch_after_commit,
    message_plan,
    messages_planned_together,
    messages_skip,
)

from .ics import appointment_ics
from .models import Appointment, AppointmentStatus
from .rules import BookingRules
from .selectors import local_span
from .signals import appointment_booked, appointment_moved

THERAPIST_DAY_AT = time(18)
REMINDER_GRACE = timedelta(hours=12)
APPOINTMENT_RELATED = ("client", "therapist__user", "service")


# What makes a message about a session pointless.


def session_skip(*, before: bool = False, after: bool = False, ending: bool = False):
    """The rule of a message about a session: not once it started (`before`), not after a
    no-show (`after`), never about a cancelled or moved one unless it tells of its
    `ending` (a cancellation, a declined request)."""

    def skip(message: Message, now: datetime) -> str:
        appointment = message.subject
        if appointment is None:
            return "The appointment no longer exists."
        if before and now >= appointment.start:
            return TOO_LATE
        if ending:
            return ""
        if appointment.status == AppointmentStatus.CANCELLED:
            return "The appointment was cancelled."
        if message.subject_time and appointment.start != message.subject_time:
            return "The appointment moved."
        if after and appointment.status == AppointmentStatus.NO_SHOW:
            return "The client did not come to the session."
        return ""

    return skip


def session_context(message: Message) -> dict:
    hours = int(settings.BOOKING_FREE_CANCELLATION.total_seconds() // 3600)
    appointment = message.subject
    return {
        "appointment": appointment,
        "free_cancellation_hours": hours,
        "fee_policy": BookingRules.current().fee_policy(appointment.service),
    }


def invitation(message: Message) -> list[tuple[str, str, str]]:
    """The session as a calendar invitation, or its cancellation."""
    cancelled = message.kind == CANCELLATION.name
    ics = appointment_ics(message.subject, cancelled=cancelled)
    method = "CANCEL" if cancelled else "REQUEST"
    return [("session.ics", ics, f"text/calendar; method={method}; charset=utf-8")]


def _intake_current(message: Message, now: datetime) -> str:
    if intake_is_current(Intake.objects.current_for(message.recipient)):
        return "The intake is current."
    return ""


def _therapist_day(message: Message):
    start, end = local_span(message.day, 1)
    return (
        Appointment.objects.filter(
            therapist__user=message.recipient,
            status__in=(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
            start__gte=start,
            start__lt=end,
        )
        .with_related()
        .order_by("start")
    )


def _therapist_day_skip(message: Message, now: datetime) -> str:
    return "" if _therapist_day(message).exists() else "Nothing booked that day."


def _therapist_day_context(message: Message) -> dict:
    day = list(with_intake_state(_therapist_day(message)))
    for appointment in day:
        appointment.intake_flags = intake_flags(appointment)
    return {"day_appointments": day}


def _booking_for_therapist_stale(message: Message, now: datetime) -> str:
    """A new booking's email to its therapist holds while the session is still to come,
    with them; it says the session's current time, so a move does not make it stale."""
    appointment = message.subject
    if appointment is None:
        return "The appointment no longer exists."
    if now >= appointment.start:
        return TOO_LATE
    if appointment.status == AppointmentStatus.CANCELLED:
        return "The appointment was cancelled."
    if appointment.therapist.user_id != message.recipient_id:
        return "The session moved to another therapist."
    return ""


def _booking_emails_off(message: Message, now: datetime) -> str:
    if message.subject.therapist.booking_emails:
        return ""
    return "The therapist turned new-booking emails off."


def _notice(name: str, label: str, *, ending: bool = False, invite: bool = False) -> Kind:
    """A notice of a booking change: it goes by email at least."""
    return register(
        Kind(
            name=name,
            label=label,
            context=session_context,
            stale=session_skip(before=not ending, ending=ending),
            attachments=invitation if invite else no_attachments,
            essential=True,
            subject_related=APPOINTMENT_RELATED,
        )
    )


def _reminder(name: str, label: str, **rule) -> Kind:
    """A reminder before a session: the client may turn these off."""
    return register(
        Kind(
            name=name,
            label=label,
            context=session_context,
            stale=session_skip(before=True),
            optional=True,
            subject_related=APPOINTMENT_RELATED,
            **rule,
        )
    )


CONFIRMATION = _notice("confirmation", "Booking confirmation", invite=True)
CHANGE = _notice("change", "Change notice", invite=True)
CANCELLATION = _notice("cancellation", "Cancellation notice", ending=True, invite=True)
BOOKING_REQUEST = _notice("booking_request", "Booking awaiting approval")
BOOKING_DECLINED = _notice("booking_declined", "Booking request declined", ending=True)
REMINDER_24H = _reminder("reminder_24h", "Reminder, the day before")
REMINDER_2H = _reminder("reminder_2h", "Reminder, 2 hours before", opt_in=True)
INTAKE_NUDGE = _reminder("intake_nudge", "Intake nudge", skip=_intake_current)
THERAPIST_BOOKING = register(
    Kind(
        name="new_booking",
        label="New booking, to the therapist",
        stale=_booking_for_therapist_stale,
        skip=_booking_emails_off,
        channels=EMAIL_ONLY,
        essential=True,
        subject_related=APPOINTMENT_RELATED,
    )
)
THERAPIST_DAY = register(
    Kind(
        name="therapist_day",
        label="Therapist's next day",
        context=_therapist_day_context,
        skip=_therapist_day_skip,
        channels=EMAIL_ONLY,
    )
)


# Planning, with each booking change.


def same_time_days_later(instant: datetime, days: int) -> datetime:
    """The same clinic wall-clock time `days` later (or earlier), as a UTC instant."""
    zone = clinic_zone()
    local = instant.astimezone(zone)
    return wall_to_utc(local.date() + timedelta(days=days), local.time(), zone)


def plan_about(appointment: Appointment, kind: Kind, **plan) -> None:
    """A message about the session to its client, planned for its current time."""
    message_plan(
        kind=kind,
        recipient=appointment.client,
        subject=appointment,
        subject_time=appointment.start,
        **plan,
    )


def session_key(appointment: Appointment) -> str:
    """A moved session's messages get new rows: the key names its change."""
    return f"{appointment.pk}:s{appointment.sequence}"


def _session_messages(appointment: Appointment, now: datetime) -> None:
    """The reminders of a booked session, at its current time, then the follow-ups of the
    apps that make them."""
    start, a = appointment.start, session_key(appointment)
    day_before = same_time_days_later(start, -1)
    if day_before > now:
        grace = min(day_before + REMINDER_GRACE, start)
        for kind, key in ((REMINDER_24H, "reminder_24h"), (INTAKE_NUDGE, "intake_nudge:24h")):
            plan_about(appointment, kind, due_at=day_before, send_by=grace, key=f"{key}:{a}")
    if start - timedelta(hours=2) > now:
        plan_about(
            appointment,
            REMINDER_2H,
            due_at=start - timedelta(hours=2),
            send_by=start,
            key=f"reminder_2h:{a}",
        )
    _plan_therapist_day(appointment)


def _plan_therapist_day(appointment: Appointment) -> None:
    zone = clinic_zone()
    day = appointment.start.astimezone(zone).date()
    therapist_user = appointment.therapist.user
    message_plan(
        kind=THERAPIST_DAY,
        recipient=therapist_user,
        day=day,
        due_at=wall_to_utc(day - timedelta(days=1), THERAPIST_DAY_AT, zone),
        send_by=wall_to_utc(day, time(8), zone),
        key=f"therapist_day:{therapist_user.pk}:{day.isoformat()}",
    )


def _notify(kind: Kind, appointment: Appointment, now: datetime, suffix: str) -> None:
    plan_about(
        appointment,
        kind,
        due_at=now,
        send_by=max(appointment.start, now + timedelta(hours=1)),
        key=f"{kind.name}:{appointment.pk}:{suffix}",
    )


def _skip_unsent(appointment: Appointment, reason: str, *, keep: tuple = ()) -> None:
    messages_skip(Message.objects.about(appointment), reason=reason, keep_kinds=keep)


def _tell_therapist(appointment: Appointment, now: datetime) -> None:
    """An email to the therapist about their new booking, unless they turned these off."""
    therapist = appointment.therapist
    if not therapist.booking_emails:
        return
    message_plan(
        kind=THERAPIST_BOOKING,
        recipient=therapist.user,
        subject=appointment,
        subject_time=appointment.start,
        due_at=now,
        send_by=max(appointment.start, now + timedelta(hours=1)),
        key=f"{THERAPIST_BOOKING.name}:{appointment.pk}",
    )


def plan_booking_messages(appointment: Appointment, *, now: datetime) -> None:
    """With a new booking: the confirmation (and intake nudge) to the client and the news to
    the therapist now, then the rest."""
    with messages_planned_together():
        _notify(CONFIRMATION, appointment, now, "booked")
        _tell_therapist(appointment, now)
        plan_about(
            appointment,
            INTAKE_NUDGE,
            due_at=now,
            send_by=appointment.start,
            key=f"intake_nudge:booked:{appointment.pk}",
        )
        _session_messages(appointment, now)
        appointment_booked.send(sender=Appointment, appointment=appointment, now=now)
    dispatch_after_commit()


def plan_reschedule_messages(appointment: Appointment, *, now: datetime) -> None:
    """With a move: a change notice now; the session's messages follow the new time."""
    _skip_unsent(
        appointment, "The appointment moved.", keep=(CONFIRMATION.name, THERAPIST_BOOKING.name)
    )
    with messages_planned_together():
        _notify(CHANGE, appointment, now, f"seq{appointment.sequence}")
        _session_messages(appointment, now)
        appointment_moved.send(sender=Appointment, appointment=appointment, now=now)
    dispatch_after_commit()


def plan_cancellation_messages(appointment: Appointment, *, now: datetime) -> None:
    _skip_unsent(appointment, "The appointment was cancelled.")
    _notify(CANCELLATION, appointment, now, "cancelled")
    dispatch_after_commit()


def plan_request_messages(appointment: Appointment, *, now: datetime) -> None:
    """With a booking that awaits approval: only a notice saying so; the confirmation and
    reminders follow the approval."""
    _notify(BOOKING_REQUEST, appointment, now, "requested")
    dispatch_after_commit()


def plan_decline_messages(appointment: Appointment, *, now: datetime) -> None:
    _skip_unsent(appointment, "The request was declined.")
    _notify(BOOKING_DECLINED, appointment, now, "declined")
    dispatch_after_commit()
