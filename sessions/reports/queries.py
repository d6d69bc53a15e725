"""The reports' reads: each takes a range of clinic days and returns plain rows, in a fixed
number of queries whatever the number of rows.

Days are the clinic's wall-clock days (`CLINIC_TIME_ZONE`); a range covers `first` to `last`
inclusive, from local midnight to local midnight.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from clients.intake.selectors import INTAKE_VALID_FOR, with_intake_state
from clinic.accounts.models import Role
from clinic.clock import clinic_zone, local_days, wall_to_utc
from clinic.messaging.kinds import kinds
from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote
from therapists.models import Therapist, TimeOff, WorkingHours

from ..availability import merge
from ..selectors import local_span

Interval = tuple[datetime, datetime]


def _span(first: date, last: date) -> Interval:
    return local_span(first, (last - first).days + 1)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# --- Bookings, cancellations, late cancellations and no-shows per week ------------------


@dataclass(frozen=True)
class WeekRow:
    week: str  # ISO week, e.g. "2026-W49"
    monday: date
    bookings: int
    cancellations: int
    late_cancellations: int
    no_shows: int


def weekly_activity(first: date, last: date) -> list[WeekRow]:
    """Per ISO week (clinic time) of the sessions' start: every appointment booked for that
    week, and of those the cancelled ones, the late-cancelled ones and the no-shows. Weeks
    without any appear with zeros."""
    start, end = _span(first, last)
    counts = (
        Appointment.objects.filter(start__gte=start, start__lt=end)
        .annotate(monday=TruncWeek("start", tzinfo=clinic_zone()))
        .values("monday")
        .annotate(
            bookings=Count("pk"),
            cancellations=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
            late_cancellations=Count("pk", filter=Q(late_cancellation=True)),
            no_shows=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
        )
        .order_by()
    )
    by_monday = {_as_date(row.pop("monday")): row for row in counts}
    rows = []
    monday = _monday(first)
    while monday <= last:
        found = by_monday.get(monday, {})
        rows.append(
            WeekRow(
                week=iso_week(monday),
                monday=monday,
                bookings=found.get("bookings", 0),
                cancellations=found.get("cancellations", 0),
                late_cancellations=found.get("late_cancellations", 0),
                no_shows=found.get("no_shows", 0),
            )
        )
        monday += timedelta(days=7)
    return rows


def _as_date(value: date | datetime) -> date:
    """TruncWeek gives an aware datetime in the clinic's zone (a date on some backends)."""
    if isinstance(value, datetime):
        return timezone.localtime(value, clinic_zone()).date()
    return value


# --- A day at a glance ------------------------------------------------------------------


@dataclass(frozen=True)
class DayFigures:
    booked: int  # still booked: neither arrived nor done
    arrived: int
    completed: int
    no_shows: int
    cancelled: int
    therapists_working: int  # with working hours that day, not all of them off
    new_clients: int  # accounts made in the day's week, Monday to the day's end


def day_figures(day: date) -> DayFigures:
    """The sessions of a clinic day by status, the therapists working that day, and the
    clients who joined that week. Four queries."""
    start, end = _span(day, day)
    counts = Appointment.objects.filter(start__gte=start, start__lt=end).aggregate(
        booked=Count("pk", filter=Q(status=AppointmentStatus.BOOKED)),
        arrived=Count("pk", filter=Q(status=AppointmentStatus.ARRIVED)),
        completed=Count("pk", filter=Q(status=AppointmentStatus.COMPLETED)),
        no_shows=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
    )
    working = _working_time(day, day, (start, end))
    week_start, _ = _span(_monday(day), day)
    new_clients = get_user_model().objects.filter(
        role=Role.CLIENT, date_joined__gte=week_start, date_joined__lt=end
    )
    return DayFigures(
        **counts,
        therapists_working=sum(1 for intervals in working.values() if intervals),
        new_clients=new_clients.count(),
    )


# --- Utilisation per therapist ----------------------------------------------------------


@dataclass(frozen=True)
class UtilisationRow:
    therapist: str
    working_hours: Decimal
    booked_hours: Decimal
    utilisation: Decimal | None  # percent; None without working hours


def utilisation(first: date, last: date) -> list[UtilisationRow]:
    """Per therapist: working hours in the range (weekly hours on each local day, minus time
    off), the hours of live appointments (booked, completed or no-show) inside them, and
    booked over working hours as a percentage. Four queries."""
    window = _span(first, last)
    therapists = list(Therapist.objects.order_by("display_name").values_list("pk", "display_name"))
    working = _working_time(first, last, window)
    booked: dict[int, list[Interval]] = defaultdict(list)
    appointments = (
        Appointment.objects.live()
        .overlapping(*window, blocked=False)
        .values_list("therapist_id", "start", "end")
    )
    for therapist_id, start, end in appointments:
        booked[therapist_id].append((start, end))
    rows = []
    for therapist_id, name in therapists:
        intervals = working.get(therapist_id, [])
        worked = _total(intervals)
        inside = sum(
            (_overlap(intervals, appointment) for appointment in merge(booked[therapist_id])),
            timedelta(),
        )
        rows.append(
            UtilisationRow(
                therapist=name,
                working_hours=_hours(worked),
                booked_hours=_hours(inside),
                utilisation=_percent(inside, worked),
            )
        )
    return rows


def _working_time(first: date, last: date, window: Interval) -> dict[int, list[Interval]]:
    """Each therapist's working intervals (UTC) over the range, with time off cut out."""
    zone = clinic_zone()
    weekly: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for therapist_id, weekday, start, end in WorkingHours.objects.values_list(
        "therapist_id", "weekday", "start", "end"
    ):
        weekly[therapist_id][weekday].append((start, end))
    time_off: dict[int, list[Interval]] = defaultdict(list)
    for therapist_id, start, end in TimeOff.objects.filter(
        start__lt=window[1], end__gt=window[0]
    ).values_list("therapist_id", "start", "end"):
        time_off[therapist_id].append((start, end))
    days = local_days(first, (last - first).days + 1)
    working = {}
    for therapist_id, hours in weekly.items():
        intervals = merge(
            [
                (wall_to_utc(day, start, zone), wall_to_utc(day, end, zone))
                for day in days
                for start, end in hours.get(day.weekday(), [])
            ]
        )
        working[therapist_id] = _subtract(intervals, merge(time_off[therapist_id]))
    return working


def _subtract(intervals: list[Interval], holes: list[Interval]) -> list[Interval]:
    """The parts of sorted, disjoint `intervals` outside sorted, disjoint `holes`."""
    result = []
    for start, end in intervals:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                result.append((start, hole_start))
            start = max(start, hole_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


def _overlap(intervals: list[Interval], interval: Interval) -> timedelta:
    start, end = interval
    overlaps = (min(end, e) - max(start, s) for s, e in intervals)
    return sum((length for length in overlaps if length > timedelta()), timedelta())


def _total(intervals: list[Interval]) -> timedelta:
    return sum((end - start for start, end in intervals), timedelta())


def _hours(length: timedelta) -> Decimal:
    return (Decimal(length.total_seconds()) / 3600).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _percent(part: timedelta, whole: timedelta) -> Decimal | None:
    if not whole:
        return None
    share = Decimal(part.total_seconds()) / Decimal(whole.total_seconds()) * 100
    return share.quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- Intakes missing --------------------------------------------------------------------


@dataclass(frozen=True)
class MissingIntakeRow:
    start: datetime  # in the clinic's time
    client: str
    client_email: str
    therapist: str
    service: str
    reason: str


def intakes_missing(
    first: date, last: date, *, now: datetime | None = None
) -> list[MissingIntakeRow]:
    """Booked appointments from now (and the range's first day) to its last day whose
    client has no intake, or only one over a year old. One query."""
    now = now or timezone.now()
    start, end = _span(first, last)
    appointments = with_intake_state(
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, start__gte=max(start, now), start__lt=end
        ).with_related()
    ).filter(Q(intake_at__isnull=True) | Q(intake_at__lte=now - INTAKE_VALID_FOR))
    zone = clinic_zone()
    return [
        MissingIntakeRow(
            start=appointment.start.astimezone(zone),
            client=appointment.client.get_full_name() or appointment.client.email,
            client_email=appointment.client.email,
            therapist=appointment.therapist.display_name,
            service=str(appointment.service),
            reason="No intake" if appointment.intake_at is None else "Intake over a year old",
        )
        for appointment in appointments.order_by("start", "pk")
    ]


# --- Pain reduction ---------------------------------------------------------------------


@dataclass(frozen=True)
class PainRow:
    therapist: str
    sessions: int
    average_before: Decimal
    average_after: Decimal
    average_reduction: Decimal  # points on the 0-10 scale, per session


ALL_THERAPISTS = "All therapists"


def pain_reduction(first: date, last: date) -> list[PainRow]:
    """Per therapist with signed notes of sessions in the range, and for all of them: the
    average pain before and after, and the average reduction per session. One query."""
    start, end = _span(first, last)
    sums = list(
        SessionNote.objects.filter(
            status=NoteStatus.SIGNED, appointment__start__gte=start, appointment__start__lt=end
        )
        .values("appointment__therapist__display_name", "appointment__therapist_id")
        .annotate(sessions=Count("pk"), before=Sum("pain_before"), after=Sum("pain_after"))
        .order_by("appointment__therapist__display_name", "appointment__therapist_id")
    )
    rows = [_pain_row(row["appointment__therapist__display_name"], row) for row in sums]
    if sums:
        total = {key: sum(row[key] for row in sums) for key in ("sessions", "before", "after")}
        rows.append(_pain_row(ALL_THERAPISTS, total))
    return rows


def _pain_row(therapist: str, sums: dict) -> PainRow:
    sessions = sums["sessions"]
    return PainRow(
        therapist=therapist,
        sessions=sessions,
        average_before=_average(sums["before"], sessions),
        average_after=_average(sums["after"], sessions),
        average_reduction=_average(sums["before"] - sums["after"], sessions),
    )


def _average(total: int, count: int) -> Decimal:
    return (Decimal(total) / count).quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- Message delivery -------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryRow:
    kind: str
    sent: int
    failed: int
    skipped: int
    waiting: int  # pending, queued or sending


ALL_KINDS = "All messages"


def message_delivery(first: date, last: date) -> list[DeliveryRow]:
    """Per message kind (by name), of the messages due in the range: how many were sent,
    failed, were skipped, or still wait; every kind appears, and a total. One query."""
    start, end = _span(first, last)
    waiting = [MessageState.PENDING, MessageState.QUEUED, MessageState.SENDING]
    counts = {
        row["kind"]: row
        for row in Message.objects.filter(due_at__gte=start, due_at__lt=end)
        .values("kind")
        .annotate(
            sent=Count("pk", filter=Q(state=MessageState.SENT)),
            failed=Count("pk", filter=Q(state=MessageState.FAILED)),
            skipped=Count("pk", filter=Q(state=MessageState.SKIPPED)),
            waiting=Count("pk", filter=Q(state__in=waiting)),
        )
        .order_by()
    }
    fields = ("sent", "failed", "skipped", "waiting")
    rows = [
        DeliveryRow(kind.label, *(counts.get(kind.name, {}).get(field, 0) for field in fields))
        for kind in kinds()
    ]
    rows.append(
        DeliveryRow(ALL_KINDS, *(sum(getattr(row, field) for row in rows) for field in fields))
    )
    return rows
