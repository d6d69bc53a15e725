"""Booking, rescheduling and cancelling: the rules every page and API call goes through."""

import math
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.accounts.access import is_admin, runs_front_desk
from clinic.accounts.models import User
from clinic.catalogue.models import Service
from clinic.clock import clinic_zone
from therapists.models import Therapist

from .availability import load_calendars
from .messages import (
    plan_booking_messages,
    plan_cancellation_messages,
    plan_decline_messages,
    plan_request_messages,
    plan_reschedule_messages,
)
from .models import Appointment, AppointmentMove, AppointmentSeries, AppointmentStatus
from .rules import BookingRules, is_on_grid
from .signals import (
    appointment_cancelled,
    appointment_missed,
    appointment_missed_undone,
    appointment_moved_late,
    time_freed,
)

THERAPIST_OVERLAP_CONSTRAINT = "appointment_therapist_no_overlap"
CLIENT_OVERLAP_CONSTRAINT = "appointment_client_no_overlap"

SLOT_TAKEN = "That time has just been taken. Please choose another slot."
CLIENT_BUSY = "You already have a session at that time."
NOT_CERTIFIED = "This therapist isn't certified for that service on that date."
EMAIL_UNCONFIRMED = (
    "Confirm your email address before your first booking: open the link we emailed you. "
    "No email? Send a new link from your account page."
)


class BookingRefused(Exception):
    """A booking change the rules forbid; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class SlotTaken(BookingRefused):
    """The time overlaps a live appointment (HTTP 409)."""

    def __init__(self, message: str = SLOT_TAKEN) -> None:
        super().__init__("start", message)


class TooManyChanges(BookingRefused):
    """The client booked or moved sessions too often in the last hour (HTTP 429);
    `retry_after` is how many seconds until one more is allowed."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__("start", message)
        self.retry_after = retry_after


class ActionRefused(Exception):
    """A cancel or reschedule that the appointment's state or the user's role forbids."""


def _check_timing(start: datetime, now: datetime, rules: BookingRules, notice: timedelta) -> None:
    """Notice and horizon come first: they also bound the date arithmetic that follows."""
    if start < now + notice:
        if notice <= timedelta(0):
            raise BookingRefused("start", "That time has already passed.")
        hours = notice.total_seconds() / 3600
        raise BookingRefused("start", f"Sessions must be booked at least {hours:g} hours ahead.")
    if start > now + rules.horizon:
        raise BookingRefused(
            "start", f"Sessions can be booked at most {rules.horizon.days} days ahead."
        )


def check_slot(
    *,
    client: User,
    therapist: Therapist,
    service: Service,
    start: datetime,
    now: datetime,
    exclude: Appointment | None = None,
    by_staff: bool = False,
) -> datetime:
    """Raise BookingRefused unless `start` is a bookable slot; return the session's end.

    A booking the desk makes for a client (`by_staff`) keeps every rule but the minimum
    notice: a walk-in may take the slot that has just begun.
    """
    rules = BookingRules.current()
    zone = clinic_zone()
    start = start.astimezone(UTC)
    notice = rules.notice(by_staff=by_staff)
    _check_timing(start, now, rules, notice)
    length = timedelta(minutes=service.duration_minutes)
    until = start + length + timedelta(minutes=service.buffer_minutes)
    exclude_id = exclude.pk if exclude else None

    if not service.active or not therapist.services.filter(pk=service.pk).exists():
        raise BookingRefused("service", "This therapist does not offer that service.")
    window = (start - timedelta(days=1), until + timedelta(days=1))
    calendar = load_calendars([therapist.pk], window, exclude_appointment=exclude_id)[therapist.pk]
    day = start.astimezone(zone).date()
    if not therapist.user.is_active or not calendar.bookable_on(day):
        raise BookingRefused("therapist", "This therapist can't be booked for that date.")
    if not calendar.bookable_on(day, service.required_certification):
        raise BookingRefused("service", NOT_CERTIFIED)
    if not is_on_grid(start, zone, rules.slot_minutes):
        raise BookingRefused(
            "start",
            f"Sessions start on the {rules.slot_minutes}-minute grid of the clinic's clock.",
        )
    if not any(
        work_start <= start and until <= work_end
        for work_start, work_end in calendar.working_intervals(day, zone)
    ):
        raise BookingRefused("start", "That time is outside the therapist's working hours.")
    if therapist.time_off.filter(start__lt=until, end__gt=start).exists():
        raise BookingRefused("start", "The therapist is away at that time.")
    if not calendar.is_free(start, until):
        raise SlotTaken()
    client_busy = (
        Appointment.objects.live()
        .filter(client=client)
        .overlapping(start, start + length, blocked=False)
        .exclude(pk=exclude_id)
    )
    if client_busy.exists():
        raise SlotTaken(CLIENT_BUSY)
    return start + length


def _blocked_until(service: Service, end: datetime) -> datetime:
    return end + timedelta(minutes=service.buffer_minutes)


def _lock_calendars(*, therapist_ids: set[int], client_id: int) -> None:
    """Serialise booking changes per therapist and per client.

    On PostgreSQL, row locks taken in this fixed order (therapists by id, then the client)
    make concurrent bookings of one therapist or client wait for each other, so the checks
    above see every committed booking and overlapping inserts never deadlock in the
    exclusion check. On SQLite the IMMEDIATE transaction already serialises writers.
    """
    therapists = Therapist.objects.select_for_update().filter(pk__in=therapist_ids).order_by("pk")
    list(therapists.values_list("pk"))
    list(User.objects.select_for_update().filter(pk=client_id).values_list("pk"))


def _save_or_slot_taken(appointment: Appointment, **save_kwargs) -> None:
    """Save; an overlap refused by the database itself becomes SlotTaken, not a 500."""
    try:
        with transaction.atomic():
            appointment.save(**save_kwargs)
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint == CLIENT_OVERLAP_CONSTRAINT:
            raise SlotTaken(CLIENT_BUSY) from error
        if constraint == THERAPIST_OVERLAP_CONSTRAINT:
            raise SlotTaken() from error
        raise


UPCOMING_STATUSES = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.PENDING_APPROVAL,
    AppointmentStatus.ARRIVED,
)
RATE_WINDOW = timedelta(hours=1)


def _check_upcoming_limit(client: User, *, now: datetime) -> None:
    """Refuse a client's own booking once they hold BOOKING_MAX_UPCOMING upcoming sessions
    they booked themselves (those the desk booked for them do not count)."""
    limit = BookingRules.current().max_upcoming
    if limit <= 0:
        return
    upcoming = Appointment.objects.filter(
        client=client, booked_by=None, status__in=UPCOMING_STATUSES, start__gt=now
    )
    if upcoming.count() >= limit:
        raise BookingRefused(
            "start",
            f"You can hold at most {limit} upcoming sessions booked online at once. "
            "Cancel one, or call the clinic to book more.",
        )


def _own_changes_since(client: User, since: datetime) -> list[datetime]:
    """When the client booked or moved a session themselves since `since`, oldest first:
    counted from the appointments and their moves, so every web process sees the same."""
    booked = Appointment.objects.filter(client=client, booked_by=None, created_at__gt=since)
    moved = AppointmentMove.objects.filter(moved_by=client, moved_at__gt=since)
    return sorted(
        [*booked.values_list("created_at", flat=True), *moved.values_list("moved_at", flat=True)]
    )


def _check_change_rate(client: User, *, now: datetime) -> None:
    """Refuse the client's booking or move past BOOKING_RATE_PER_HOUR in the last hour."""
    limit = BookingRules.current().rate_per_hour
    if limit <= 0:
        return
    changes = _own_changes_since(client, now - RATE_WINDOW)
    if len(changes) < limit:
        return
    # One more is allowed once enough of them are more than an hour old.
    frees_at = changes[len(changes) - limit] + RATE_WINDOW
    retry_after = max(1, math.ceil((frees_at - now).total_seconds()))
    minutes = math.ceil(retry_after / 60)
    raise TooManyChanges(
        f"You can book or move sessions at most {limit} times an hour. "
        f"Please try again in {minutes} minute{'' if minutes == 1 else 's'}.",
        retry_after,
    )


def client_needs_approval(client: User) -> bool:
    """Whether this client's online bookings wait for an admin: their no-shows and late
    cancellations together reached NO_SHOW_APPROVAL_THRESHOLD (0 turns the rule off)."""
    threshold = settings.NO_SHOW_APPROVAL_THRESHOLD
    return threshold > 0 and Appointment.objects.filter(client=client).missed().count() >= threshold


def books_for_client(by: User, client: User) -> bool:
    """Whether `by` books for someone else, which only the desk and admins may."""
    if by.pk == client.pk:
        return False
    if not runs_front_desk(by):
        raise ActionRefused("Only the front desk and clinic admins book for a client.")
    return True


def appointment_book(
    *,
    client: User,
    therapist: Therapist,
    service: Service,
    start: datetime,
    by: User | None = None,
    series: AppointmentSeries | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book a session for `client`, by the client online or by the desk (`by`) for them.

    A client over the no-show threshold books a request for an admin to approve; the desk's
    bookings are confirmed at once. Either way the client gets the same messages.
    """
    if not client.is_client or not client.is_active:
        raise ActionRefused("Only clients can book sessions.")
    by_staff = books_for_client(by or client, client)
    if not by_staff and not client.email_confirmed:
        raise BookingRefused("email", EMAIL_UNCONFIRMED)
    now = now or timezone.now()
    start = start.astimezone(UTC)
    with transaction.atomic():
        _lock_calendars(therapist_ids={therapist.pk}, client_id=client.pk)
        if not by_staff:
            _check_change_rate(client, now=now)
            _check_upcoming_limit(client, now=now)
        end = check_slot(
            client=client,
            therapist=therapist,
            service=service,
            start=start,
            now=now,
            by_staff=by_staff,
        )
        pending = not by_staff and client_needs_approval(client)
        appointment = Appointment(
            client=client,
            therapist=therapist,
            service=service,
            start=start,
            end=end,
            blocked_until=_blocked_until(service, end),
            status=AppointmentStatus.PENDING_APPROVAL if pending else AppointmentStatus.BOOKED,
            booked_by=by if by_staff else None,
            series=series,
        )
        _save_or_slot_taken(appointment)
        if pending:
            plan_request_messages(appointment, now=now)
        else:
            plan_booking_messages(appointment, now=now)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    """The appointment's current row, locked until the transaction ends."""
    locked = Appointment.objects.select_for_update(of=("self",)).with_related()
    return locked.get(pk=appointment.pk)


def _check_changeable(
    appointment: Appointment,
    *,
    by: User,
    now: datetime,
    statuses: tuple[str, ...] = (AppointmentStatus.BOOKED,),
) -> None:
    if not appointment.is_participant(by):
        raise ActionRefused("You can't change this appointment.")
    if appointment.status not in statuses:
        raise ActionRefused(f"This appointment is {appointment.get_status_display().lower()}.")
    if appointment.start <= now:
        raise ActionRefused("This session has already started.")


def appointment_reschedule(
    *,
    appointment: Appointment,
    by: User,
    start: datetime,
    therapist: Therapist | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Move a session in one step: if the new time is refused, the old one is kept.

    The desk may also move it to another therapist (`therapist`), under the same rules.
    """
    now = now or timezone.now()
    start = start.astimezone(UTC)
    with transaction.atomic():
        appointment = _locked(appointment)
        _check_changeable(appointment, by=by, now=now)
        by_staff = by.pk != appointment.client_id and runs_front_desk(by)
        target = therapist or appointment.therapist
        if target.pk != appointment.therapist_id and not by_staff:
            raise ActionRefused("Only the front desk moves a session to another therapist.")
        _lock_calendars(
            therapist_ids={appointment.therapist_id, target.pk}, client_id=appointment.client_id
        )
        by_client = by.pk == appointment.client_id
        if by_client:
            _check_change_rate(appointment.client, now=now)
        freed = (appointment.start, appointment.blocked_until)
        freed_therapist_id = appointment.therapist_id
        late = is_late_move(appointment, by=by, now=now)
        end = check_slot(
            client=appointment.client,
            therapist=target,
            service=appointment.service,
            start=start,
            now=now,
            exclude=appointment,
            by_staff=by_staff,
        )
        appointment.therapist = target
        appointment.start = start
        appointment.end = end
        appointment.blocked_until = _blocked_until(appointment.service, end)
        appointment.sequence += 1
        _save_or_slot_taken(
            appointment, update_fields=["therapist", "start", "end", "blocked_until", "sequence"]
        )
        AppointmentMove.objects.create(
            appointment=appointment,
            moved_by=by,
            moved_at=now,
            from_start=freed[0],
            to_start=start,
            late=late,
        )
        plan_reschedule_messages(appointment, now=now)
        time_freed.send(sender=Appointment, therapist_id=freed_therapist_id, span=freed, now=now)
        if late:
            appointment_moved_late.send(
                sender=Appointment,
                appointment=appointment,
                by=by,
                original_start=freed[0],
                now=now,
            )
    return appointment


def appointment_cancel(
    *,
    appointment: Appointment,
    by: User,
    reason: str = "",
    charge_late_fee: bool = False,
    now: datetime | None = None,
) -> Appointment:
    """Cancel and free the slot at once, offering it to the waitlist.

    A booked session the client cancels inside the free-cancellation window is a late
    cancellation (which costs its fee); one the clinic cancels, or a request still awaiting
    approval, is not. The desk cancelling for a client who called late says so with
    `charge_late_fee`.
    """
    if charge_late_fee and not runs_front_desk(by):
        raise ActionRefused("Only the front desk and clinic admins charge a client a fee.")
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(appointment)
        _check_changeable(
            appointment,
            by=by,
            now=now,
            statuses=(AppointmentStatus.BOOKED, AppointmentStatus.PENDING_APPROVAL),
        )
        for_client = by.pk == appointment.client_id or charge_late_fee
        appointment.late_cancellation = is_late_cancellation(appointment, now=now) and for_client
        _mark_cancelled(appointment, by=by, reason=reason, now=now)
        plan_cancellation_messages(appointment, now=now)
        _offer_its_time(appointment, now=now)
        appointment_cancelled.send(
            sender=Appointment,
            appointment=appointment,
            by=by,
            late=appointment.late_cancellation,
            now=now,
        )
    return appointment


def is_late_move(appointment: Appointment, *, by: User, now: datetime) -> bool:
    """Whether `by` moving this session now is a late change its client answers for: the
    client themselves, inside the free-cancellation window (the desk moves it for free)."""
    return by.pk == appointment.client_id and BookingRules.current().is_late_change(
        appointment.start, now=now
    )


def late_move_fee_text(appointment: Appointment, *, by: User, now: datetime) -> str:
    """What `by` moving this session now would cost its client, tax included; empty when
    it costs nothing."""
    if not is_late_move(appointment, by=by, now=now):
        return ""
    return BookingRules.current().late_change_fee_text(appointment.service)


def is_late_cancellation(appointment: Appointment, *, now: datetime) -> bool:
    """Whether cancelling this session for its client now would be late: a booked session,
    not yet started, inside the free-cancellation window, or one its client already moved
    late (moving it far ahead first does not make cancelling it free)."""
    if appointment.status != AppointmentStatus.BOOKED or appointment.start <= now:
        return False
    if BookingRules.current().is_late_change(appointment.start, now=now):
        return True
    return appointment.moves.filter(late=True).exists()


def _mark_cancelled(appointment: Appointment, *, by: User, reason: str, now: datetime) -> None:
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_by = by
    appointment.cancelled_at = now
    appointment.cancellation_reason = reason.strip()
    appointment.sequence += 1
    appointment.save(
        update_fields=[
            "status",
            "cancelled_by",
            "cancelled_at",
            "cancellation_reason",
            "late_cancellation",
            "sequence",
        ]
    )


def _offer_its_time(appointment: Appointment, *, now: datetime) -> None:
    span = (appointment.start, appointment.blocked_until)
    time_freed.send(sender=Appointment, therapist_id=appointment.therapist_id, span=span, now=now)


def _locked_request(appointment: Appointment, *, by: User) -> Appointment:
    if not is_admin(by):
        raise ActionRefused("Only a clinic admin decides on booking requests.")
    appointment = _locked(appointment)
    if appointment.status != AppointmentStatus.PENDING_APPROVAL:
        raise ActionRefused(f"This appointment is {appointment.get_status_display().lower()}.")
    return appointment


def appointment_approve(
    *, appointment: Appointment, by: User, now: datetime | None = None
) -> Appointment:
    """Confirm a booking that awaited approval: from now on it is an ordinary booking."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked_request(appointment, by=by)
        if appointment.start <= now:
            raise ActionRefused("This session's time has passed: decline the request.")
        appointment.status = AppointmentStatus.BOOKED
        appointment.save(update_fields=["status"])
        plan_booking_messages(appointment, now=now)
    return appointment


def appointment_decline(
    *, appointment: Appointment, by: User, reason: str = "", now: datetime | None = None
) -> Appointment:
    """Refuse a booking request: it is cancelled (never late) and its time offered again."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked_request(appointment, by=by)
        appointment.late_cancellation = False
        _mark_cancelled(appointment, by=by, reason=reason or "Not approved.", now=now)
        plan_decline_messages(appointment, now=now)
        _offer_its_time(appointment, now=now)
    return appointment


OUTCOMES = {AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW}
OUTCOME_REFUSED = "Only the session's therapist, the front desk or an admin records its outcome."


def runs_session(user, appointment: Appointment) -> bool:
    """The session's therapist, the front desk, or an admin: who check the client in and
    record what became of the session (not what happened in it: that is the note's)."""
    return appointment.therapist.user_id == user.pk or runs_front_desk(user)


AWAITING_APPROVAL = (
    "This session still awaits approval: an admin approves or declines it before it has an outcome."
)


def is_session_day(appointment: Appointment, *, now: datetime) -> bool:
    """Whether `now` falls on the session's day on the clinic's clock: the day its client
    is checked in."""
    zone = clinic_zone()
    return appointment.start.astimezone(zone).date() == now.astimezone(zone).date()


def session_has_started(appointment: Appointment, *, now: datetime) -> bool:
    """Whether the session may have an outcome (or a signed note): it has begun, or its
    client has been checked in for it."""
    return appointment.start <= now or appointment.status == AppointmentStatus.ARRIVED


NOT_STARTED = "The session has not started yet."


@transaction.atomic
def appointment_check_in(
    *, appointment: Appointment, by: User, now: datetime | None = None
) -> Appointment:
    """Mark the client arrived for a booked session of today."""
    now = now or timezone.now()
    if not runs_session(by, appointment):
        raise ActionRefused(OUTCOME_REFUSED)
    appointment = _locked(appointment)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ActionRefused(f"This appointment is {appointment.get_status_display().lower()}.")
    if not is_session_day(appointment, now=now):
        raise ActionRefused("A client is checked in on the day of their session.")
    appointment.status = AppointmentStatus.ARRIVED
    appointment.save(update_fields=["status"])
    return appointment


@transaction.atomic
def appointment_set_outcome(
    *, appointment: Appointment, by: User, status: str, now: datetime | None = None
) -> Appointment:
    """Mark a session that has started (or whose client has arrived) as completed or as a
    no-show; a no-show may be changed back to completed."""
    now = now or timezone.now()
    if not runs_session(by, appointment):
        raise ActionRefused(OUTCOME_REFUSED)
    if status not in OUTCOMES:
        raise ActionRefused("Choose completed or no-show.")
    appointment = _locked(appointment)
    if appointment.status == AppointmentStatus.PENDING_APPROVAL:
        raise ActionRefused(AWAITING_APPROVAL)
    if appointment.status == AppointmentStatus.CANCELLED:
        raise ActionRefused("A cancelled appointment has no outcome.")
    if appointment.status == AppointmentStatus.ARRIVED and status == AppointmentStatus.NO_SHOW:
        raise ActionRefused("The client has arrived: this session can't be a no-show.")
    if not session_has_started(appointment, now=now):
        raise ActionRefused(NOT_STARTED)
    was = appointment.status
    appointment.status = status
    appointment.save(update_fields=["status"])
    if status == AppointmentStatus.NO_SHOW and was != status:
        appointment_missed.send(sender=Appointment, appointment=appointment, by=by, now=now)
    if was == AppointmentStatus.NO_SHOW and status == AppointmentStatus.COMPLETED:
        appointment_missed_undone.send(sender=Appointment, appointment=appointment, by=by, now=now)
    return appointment
