"""A time grid of appointments: one column per therapist and day, one row per slot. The
front desk's calendar shows every therapist's day or one therapist's week; the therapist's
schedule shows their own day or week.

Hours, time off and licences come from the booking calendars (`load_calendars`), so the
grid shows as free exactly what booking would take. Five queries for one therapist's
columns and six for every therapist's, whatever the number of days and appointments.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from clinic.clock import clinic_zone, existing_wall_to_utc
from sessions.availability import TherapistCalendar, load_calendars, window_for
from sessions.models import Appointment, AppointmentStatus
from sessions.selectors import local_span
from sessions.services import is_session_day
from therapists.models import Therapist

# The hours shown when no one works and nothing is booked.
QUIET_DAY = (9 * 60, 17 * 60)


@dataclass
class Cell:
    """One slot of one column. `kind`: free (a link to book it), past, closed (outside
    working hours, or the therapist can't be booked that day), off (time off), busy (an
    appointment's buffer), block (appointments, spanning `span` rows), none (a wall-clock
    time the clock skips that day)."""

    kind: str
    start: datetime | None
    span: int = 1
    appointments: list[Appointment] = field(default_factory=list)
    ghosts: list[Appointment] = field(default_factory=list)  # cancelled ones
    first_of_run: bool = False
    therapist_id: int = 0

    @property
    def plain(self) -> bool:
        """Nothing to show in it but its kind: no appointment, cancelled or not, and not the
        first row of a time off (which says so)."""
        return not (self.appointments or self.ghosts or (self.kind == "off" and self.first_of_run))

    @property
    def book_url(self) -> str:
        query = urlencode({"therapist": self.therapist_id, "start": self.iso})
        return f"{reverse('desk-book')}?{query}"

    @property
    def iso(self) -> str:
        return self.start.isoformat() if self.start else ""


@dataclass
class Column:
    therapist: Therapist
    day: date
    bookable: bool
    cells: list[Cell | None]  # None: covered by a block above


@dataclass
class Row:
    at: time
    cells: list[tuple[Column, Cell]]

    @property
    def anchor(self) -> str:
        return f"at-{self.at:%H%M}"


@dataclass
class Grid:
    times: list[time]
    columns: list[Column]
    # Every appointment placed on the grid (cancelled ones too), in order of start.
    appointments: list[Appointment] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        """Row by row, as a table is written: the cells a block above covers are left out."""
        return [
            Row(at, [(column, column.cells[i]) for column in self.columns if column.cells[i]])
            for i, at in enumerate(self.times)
        ]

    @property
    def hours(self) -> list[Row]:
        """The rows on the hour: where a keyboard user may jump to."""
        return [Row(at, []) for at in self.times if at.minute == 0]


def active_therapists():
    return Therapist.objects.filter(user__is_active=True).order_by("display_name", "pk")


def day_grid(*, day: date, now: datetime) -> Grid:
    """Every active therapist's column on one day."""
    return _grid([(therapist, day) for therapist in active_therapists()], [day], now=now)


def week_grid(*, therapist: Therapist, monday: date, now: datetime) -> Grid:
    """One therapist's seven days from `monday`."""
    return therapist_grid(therapist=therapist, first_day=monday, days=7, now=now)


def therapist_grid(
    *,
    therapist: Therapist,
    first_day: date,
    days: int,
    now: datetime,
    appointments: QuerySet[Appointment] | None = None,
) -> Grid:
    """One therapist's column for each of `days` days from `first_day`. `appointments`, if
    given, is the queryset to take them from (with the annotations the caller shows)."""
    dates = [first_day + timedelta(days=offset) for offset in range(days)]
    return _grid([(therapist, day) for day in dates], dates, now=now, appointments=appointments)


def _grid(
    pairs: list[tuple[Therapist, date]],
    days: list[date],
    *,
    now: datetime,
    appointments: QuerySet[Appointment] | None = None,
) -> Grid:
    """The columns `pairs` (therapist, day) over the consecutive `days`."""
    zone = clinic_zone()
    ids = sorted({therapist.pk for therapist, _ in pairs})
    calendars = load_calendars(ids, window_for(days[0], len(days), zone))
    span_start, span_end = local_span(days[0], len(days))
    source = Appointment.objects.all() if appointments is None else appointments
    loaded = list(
        with_invoice(source)
        .filter(therapist_id__in=ids, start__lt=span_end, end__gt=span_start)
        .select_related("client", "service")
        .order_by("start", "pk")
    )
    by_column: dict[tuple[int, date], list[Appointment]] = defaultdict(list)
    for appointment in loaded:
        appointment.desk_actions = desk_actions(appointment, now=now)
        by_column[appointment.therapist_id, appointment.start.astimezone(zone).date()].append(
            appointment
        )
    times = _times(pairs, calendars, by_column)
    columns = [
        _column(therapist, day, calendars[therapist.pk], by_column[therapist.pk, day], times, now)
        for therapist, day in pairs
    ]
    return Grid(times=times, columns=columns, appointments=loaded)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _times(pairs, calendars: dict[int, TherapistCalendar], by_column) -> list[time]:
    """The wall-clock rows: from the earliest start to the latest end of anyone's hours (or
    appointment) in the columns, on the slot grid."""
    zone = clinic_zone()
    slot = settings.BOOKING_SLOT_MINUTES
    spans = [
        (_minutes(start), _minutes(end))
        for therapist, day in pairs
        for start, end in calendars[therapist.pk].hours.get(day.weekday(), [])
    ]
    for appointments in by_column.values():
        for appointment in appointments:
            start, end = appointment.start.astimezone(zone), appointment.end.astimezone(zone)
            spans.append((_minutes(start), _minutes(end) if end.date() == start.date() else 1440))
    first, last = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else QUIET_DAY
    first, last = first // slot * slot, min(-(-last // slot) * slot, 1440)
    return [time(minute // 60, minute % 60) for minute in range(first, last, slot)]


def _column(therapist, day, calendar, appointments, times, now) -> Column:
    zone = clinic_zone()
    slot = timedelta(minutes=settings.BOOKING_SLOT_MINUTES)
    bookable = calendar.bookable_on(day)
    working = calendar.working_intervals(day, zone)
    cells: list[Cell | None] = []
    for at in times:
        start = existing_wall_to_utc(day, at, zone)
        cells.append(_cell(start, slot, calendar, working, bookable, now, therapist.pk))
    _place(cells, appointments, slot)
    previous = None
    for cell in cells:
        if cell is not None:
            cell.first_of_run = previous is None or previous.kind != cell.kind
        previous = cell
    return Column(therapist=therapist, day=day, bookable=bookable, cells=cells)


def _cell(start, slot, calendar, working, bookable, now, therapist_id) -> Cell:
    if start is None:
        return Cell("none", None)
    end = start + slot
    if not bookable or not any(begin <= start and end <= until for begin, until in working):
        return Cell("closed", start)
    if not calendar.is_free(start, end):
        return Cell("off", start)  # an appointment's rows are placed over it below
    # A walk-in may take the slot that began up to one slot ago.
    return Cell("free" if end > now else "past", start, therapist_id=therapist_id)


def _place(cells: list[Cell | None], appointments: list[Appointment], slot: timedelta) -> None:
    """Put each live appointment on the rows it spans (joined with any it overlaps), its
    buffer as busy rows, and each cancelled one beside the row it began at."""
    owner: list[int | None] = [None] * len(cells)
    starts = [cell.start for cell in cells]

    def rows_between(start: datetime, end: datetime) -> list[int]:
        return [
            index
            for index, at in enumerate(starts)
            if at is not None and at < end and at + slot > start
        ]

    for appointment in appointments:
        rows = rows_between(appointment.start, appointment.end)
        if not rows:
            continue
        first = owner[rows[0]] if owner[rows[0]] is not None else rows[0]
        if not appointment.is_live:
            cells[first].ghosts.append(appointment)
            continue
        block = cells[first]
        if block.kind != "block":
            block.kind, block.span = "block", 1
        block.appointments.append(appointment)
        last = max(rows[-1], first + block.span - 1)
        for index in range(first + 1, last + 1):
            if owner[index] is None and cells[index] is not None:
                block.ghosts.extend(cells[index].ghosts)
            owner[index] = first
            cells[index] = None
        block.span = last - first + 1
        owner[first] = first
        for index in rows_between(appointment.end, appointment.blocked_until):
            if owner[index] is None and cells[index].kind == "off":
                cells[index].kind = "busy"


def with_invoice(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """Each appointment's `invoice_pk` (its first invoice that is not a credit note: the
    session's, or a fee's), followed by the relation billing adds, within the same query."""
    first = (
        Appointment.objects.filter(pk=OuterRef("pk"), invoices__credit_of__isnull=True)
        .order_by("invoices__pk")
        .values("invoices__pk")[:1]
    )
    return appointments.annotate(invoice_pk=Subquery(first))


def desk_actions(appointment: Appointment, *, now: datetime) -> list[str]:
    """What the desk may do with an appointment now, as the services will allow it: a
    session that took place is checked out, and once it is (or a fee is charged) its
    invoice is shown instead."""
    booked = appointment.status == AppointmentStatus.BOOKED
    started = appointment.start <= now
    actions = []
    took_place = appointment.status in (AppointmentStatus.ARRIVED, AppointmentStatus.COMPLETED)
    if getattr(appointment, "invoice_pk", None):
        actions.append("invoice")
    elif took_place or (booked and started):
        actions.append("checkout")
    if booked and is_session_day(appointment, now=now):
        actions.append("arrived")
    if appointment.status == AppointmentStatus.ARRIVED or (booked and started):
        actions.append("completed")
    if booked and started:
        actions.append("no_show")
    if booked and not started:
        actions.append("move")
    cancellable = (AppointmentStatus.BOOKED, AppointmentStatus.PENDING_APPROVAL)
    if appointment.status in cancellable and not started:
        actions.append("cancel")
    return actions
