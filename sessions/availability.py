"""Free slots: computed in the clinic's wall-clock time, with a fixed number of queries."""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import BigIntegerField, Func, QuerySet

from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, existing_wall_to_utc, local_days, wall_to_utc
from therapists.credentials.models import (
    REQUIRED_KINDS,
    Credential,
    CredentialKind,
    CredentialStatus,
)
from therapists.models import TimeOff, WorkingHours

from .models import Appointment
from .rules import BookingRules

Interval = tuple[datetime, datetime]
DAY = timedelta(days=1)
# A month of a busy clinic holds thousands of slots, so they are found and listed as whole
# minutes since the epoch, with no datetime for each slot until a caller asks for one.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def minute_floor(instant: datetime) -> int:
    """The whole minutes since the epoch at or before `instant`."""
    return (instant - EPOCH) // MINUTE


def minute_ceil(instant: datetime) -> int:
    """The whole minutes since the epoch at or after `instant`."""
    return -((EPOCH - instant) // MINUTE)


def at_minute(minute: int) -> datetime:
    return EPOCH + timedelta(minutes=minute)


class MinuteOf(Func):
    """`minute_floor` (or, `up`, `minute_ceil`) of a datetime column, worked out by the
    database, so that thousands of rows need no datetime each."""

    arity = 1
    output_field = BigIntegerField()
    # Both databases answer an integer: no converter for each row.
    convert_value = staticmethod(Func._convert_value_noop)

    def __init__(self, expression, *, up: bool = False):
        super().__init__(expression)
        self.up = up

    def as_postgresql(self, compiler, connection, **extra):
        # Whole minutes are whole seconds, which a double holds exactly; EXTRACT's exact
        # numeric would take twice the time.
        template = (
            "(date_part('epoch', date_trunc('minute', %(expressions)s - interval '1 microsecond'))"
            " / 60)::bigint + 1"
            if self.up
            else "(date_part('epoch', date_trunc('minute', %(expressions)s)) / 60)::bigint"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores UTC as "YYYY-MM-DD HH:MM:SS", with ".ffffff" only when there is a
        # fraction of a second, which strftime would round to milliseconds: it reads the
        # whole seconds alone. ("%%%%" is "%" once the template and the driver have read it.)
        seconds = "CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)"
        template = (
            f"(({seconds}) + 59 + (length(%(expressions)s) > 19)) / 60"
            if self.up
            else f"({seconds}) / 60"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


class Slot(NamedTuple):
    therapist_id: int
    start: datetime
    end: datetime


def merge(intervals: list[tuple]) -> list[tuple]:
    """Sorted, non-overlapping union of half-open intervals; touching ones are joined."""
    merged: list[list] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def held_key(kind: str, certification: str = "") -> str:
    """How a calendar files a credential: by kind, and certifications by name too."""
    return f"{kind}:{certification}" if certification else kind


@dataclass
class TherapistCalendar:
    """What decides one therapist's free time: hours, credentials and what blocks time."""

    hours: dict[int, list[tuple[time, time]]] = field(default_factory=dict)
    # The dates of each verified credential, by `held_key`.
    credentials: dict[str, list[tuple[date, date]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Time off and live appointments, merged, in whole minutes since the epoch (widened to
    # them): the starts and the ends.
    blocked_starts: list[int] = field(default_factory=list)
    blocked_ends: list[int] = field(default_factory=list)

    def holds(self, key: str, day: date) -> bool:
        return any(issued <= day <= expires for issued, expires in self.credentials.get(key, ()))

    def bookable_on(self, day: date, certification: str = "") -> bool:
        """Every required credential valid that day, and the certification if one is named."""
        for kind in REQUIRED_KINDS:  # a loop: this runs for each therapist-day of a listing
            if not self.holds(kind, day):
                return False
        return not certification or self.holds(
            held_key(CredentialKind.CERTIFICATION, certification), day
        )

    def is_free(self, start: datetime, until: datetime) -> bool:
        """Whether [start, until) meets no time off and no live appointment."""
        return self.is_free_minutes(minute_floor(start), minute_ceil(until))

    def is_free_minutes(self, start: int, until: int) -> bool:
        index = bisect_right(self.blocked_ends, start)
        return index == len(self.blocked_ends) or self.blocked_starts[index] >= until

    def free_gaps(self, first: int, until: int) -> Iterator[tuple[int, int]]:
        """The free stretches between minutes `first` and `until`, in order."""
        starts, ends = self.blocked_starts, self.blocked_ends
        index, count = bisect_right(ends, first), len(starts)
        start = first
        while start < until:
            if index == count:
                yield start, until
                return
            blocked_start, blocked_end = starts[index], ends[index]
            if blocked_start > start:
                yield start, min(blocked_start, until)
            if blocked_end > start:
                start = blocked_end
            index += 1

    def working_intervals(self, day: date, zone: ZoneInfo) -> list[Interval]:
        return [
            (wall_to_utc(day, start, zone), wall_to_utc(day, end, zone))
            for start, end in self.hours.get(day.weekday(), [])
        ]


def load_calendars(
    therapist_ids: Iterable[int] | QuerySet,
    window: Interval,
    *,
    exclude_appointment: int | None = None,
) -> dict[int, TherapistCalendar]:
    """Four queries whatever the number of therapists and the window's length. The ids may
    be a query (of one column), which each of the four then holds as a subquery. A therapist
    with no hours, credentials or blocked time gets an empty calendar when asked for."""
    calendars: dict[int, TherapistCalendar] = defaultdict(TherapistCalendar)
    hours: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    # Unordered (the models' orderings join the therapist): merging sorts what it needs.
    working = WorkingHours.objects.filter(therapist_id__in=therapist_ids).order_by()
    for row in working.values_list("therapist_id", "weekday", "start", "end"):
        hours[row[0]][row[1]].append((row[2], row[3]))
    window_start, window_end = window
    credentials = (
        Credential.objects.filter(
            therapist_id__in=therapist_ids,
            status=CredentialStatus.VERIFIED,
            expires_on__gte=window_start.date() - DAY,
        )
        .order_by()
        .values_list("therapist_id", "kind", "certification", "issued_on", "expires_on")
    )
    for therapist_id, kind, certification, issued, expires in credentials:
        calendars[therapist_id].credentials[held_key(kind, certification)].append((issued, expires))

    blocked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    time_off = (
        TimeOff.objects.filter(
            therapist_id__in=therapist_ids, start__lt=window_end, end__gt=window_start
        )
        .order_by()
        .values_list("therapist_id", MinuteOf("start"), MinuteOf("end", up=True))
    )
    appointments = (
        Appointment.objects.live()
        .filter(therapist_id__in=therapist_ids)
        .overlapping(window_start, window_end)
        .exclude(pk=exclude_appointment)
        .order_by()
        .values_list("therapist_id", MinuteOf("start"), MinuteOf("blocked_until", up=True))
    )
    for therapist_id, start, end in [*time_off, *appointments]:
        blocked[therapist_id].append((start, end))

    for therapist_id, days in hours.items():
        calendars[therapist_id].hours = {day: merge(spans) for day, spans in days.items()}
    for therapist_id, spans in blocked.items():
        merged = merge(spans)
        calendars[therapist_id].blocked_starts = [start for start, _ in merged]
        calendars[therapist_id].blocked_ends = [end for _, end in merged]
    return calendars


@lru_cache(maxsize=4096)
def _existing_wall_minute(day: date, wall: int, zone: ZoneInfo) -> int | None:
    """The minute (since the epoch) of a wall-clock time on a day with a clock change, or
    None if the clock skips it. Every therapist's grid asks for the same few."""
    instant = existing_wall_to_utc(day, time(wall // 60, wall % 60), zone)
    return None if instant is None else minute_floor(instant)


def _wall_minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _first_on_grid(at: time, grid: int) -> int:
    """The wall-clock minute of the first grid time at or after `at`."""
    return -(-_wall_minutes(at) // grid) * grid


class LocalDay(NamedTuple):
    """A local day as the slots need it, the same for every therapist."""

    day: date
    midnight: int  # in minutes since the epoch
    steady: bool  # 24 hours long: no clock change, so wall-clock minutes are real minutes


def local_day(day: date, zone: ZoneInfo) -> LocalDay:
    midnight = wall_to_utc(day, time(0), zone)
    steady = wall_to_utc(day + DAY, time(0), zone) - midnight == DAY
    return LocalDay(day, minute_floor(midnight), steady)


class StartRules(NamedTuple):
    """What every start of one listing must meet, in minutes."""

    earliest: int
    latest: int
    grid: int
    blocks: int  # the session and its buffer
    certification: str

    @classmethod
    def of(cls, service: Service, earliest: datetime, latest: datetime, rules: BookingRules):
        return cls(
            earliest=minute_ceil(earliest),
            latest=minute_floor(latest),
            grid=rules.slot_minutes,
            blocks=service.duration_minutes + service.buffer_minutes,
            certification=service.required_certification,
        )


def day_starts(
    calendar: TherapistCalendar, local: LocalDay, wanted: StartRules, zone: ZoneInfo
) -> list[range | list[int]]:
    """The free starts of one therapist's local day, in minutes, as runs in order."""
    if not calendar.bookable_on(local.day, wanted.certification):
        return []
    spans = calendar.hours.get(local.day.weekday(), [])
    if not local.steady:
        return [_changing_day_starts(calendar, local.day, spans, wanted, zone)]
    runs = []
    grid, blocks, midnight = wanted.grid, wanted.blocks, local.midnight
    for start_at, end_at in spans:
        first = midnight + _first_on_grid(start_at, grid)
        last_start = min(midnight + _wall_minutes(end_at) - blocks, wanted.latest)
        for gap_start, gap_end in calendar.free_gaps(
            max(first, wanted.earliest), last_start + blocks
        ):
            start = gap_start + (midnight - gap_start) % grid  # the next time on the grid
            stop = min(last_start, gap_end - blocks)
            if start <= stop:
                runs.append(range(start, stop + 1, grid))
    return runs


def _changing_day_starts(
    calendar: TherapistCalendar,
    day: date,
    spans: list[tuple[time, time]],
    wanted: StartRules,
    zone: ZoneInfo,
) -> list[int]:
    """A day with a clock change: each wall-clock grid time converted on its own."""
    starts = []
    for start_at, end_at in spans:
        work_end = minute_floor(wall_to_utc(day, end_at, zone))
        first = _first_on_grid(start_at, wanted.grid)
        for wall in range(first, _wall_minutes(end_at), wanted.grid):
            start = _existing_wall_minute(day, wall, zone)
            if (
                start is not None
                and wanted.earliest <= start <= wanted.latest
                and start + wanted.blocks <= work_end
                and calendar.is_free_minutes(start, start + wanted.blocks)
            ):
                starts.append(start)
    return starts


def day_slots(
    calendar: TherapistCalendar,
    *,
    therapist_id: int,
    service: Service,
    day: date,
    earliest: datetime,
    latest: datetime,
    rules: BookingRules,
    zone: ZoneInfo,
) -> list[Slot]:
    wanted = StartRules.of(service, earliest, latest, rules)
    length = timedelta(minutes=service.duration_minutes)
    return [
        Slot(therapist_id, start, start + length)
        for run in day_starts(calendar, local_day(day, zone), wanted, zone)
        for start in map(at_minute, run)
    ]


def window_for(first_day: date, days: int, zone: ZoneInfo) -> Interval:
    """The UTC span that the slots of these local days can touch (with a day's margin)."""
    start = wall_to_utc(first_day, time(0), zone)
    end = wall_to_utc(first_day + timedelta(days=days + 1), time(0), zone)
    return start, end


def _bookable_span(now: datetime, rules: BookingRules) -> Interval:
    """The earliest and latest start a client may book at `now`."""
    return now.astimezone(UTC) + rules.min_notice, now.astimezone(UTC) + rules.horizon


class FreeStarts(NamedTuple):
    """Free slots grouped by start: each start (minutes since the epoch) in order, with the
    therapists free then, by id."""

    starts: list[tuple[int, list[int]]]
    duration: int  # minutes

    def slots(self) -> list[Slot]:
        length = timedelta(minutes=self.duration)
        slots = []
        for minute, therapist_ids in self.starts:
            start = at_minute(minute)
            end = start + length
            slots.extend(Slot(therapist_id, start, end) for therapist_id in therapist_ids)
        return slots


def free_starts(
    *,
    service: Service,
    therapist_ids: Iterable[int] | QuerySet,
    first_day: date,
    days: int,
    now: datetime,
    rules: BookingRules | None = None,
) -> FreeStarts:
    """Every bookable slot of the given therapists for `service`, grouped by start."""
    rules = rules or BookingRules.current()
    zone = clinic_zone()
    wanted = StartRules.of(service, *_bookable_span(now, rules), rules)
    calendars = load_calendars(therapist_ids, window_for(first_day, days, zone))
    local = [local_day(day, zone) for day in local_days(first_day, days)]
    by_start: dict[int, list[int]] = defaultdict(list)
    for therapist_id in sorted(calendars):
        calendar = calendars[therapist_id]
        for day in local:
            for run in day_starts(calendar, day, wanted, zone):
                for start in run:
                    by_start[start].append(therapist_id)
    return FreeStarts(sorted(by_start.items()), service.duration_minutes)


def available_slots(**query) -> list[Slot]:
    """Every bookable slot (see `free_starts`), sorted by start, then therapist."""
    return free_starts(**query).slots()


class DayOpening(NamedTuple):
    """One therapist's local day: its free slots, and whether they work and may be booked
    that day at all (a working day without free slots is full, any other closed)."""

    day: date
    slots: list[Slot]
    works: bool


def therapist_days(
    *,
    service: Service,
    therapist_id: int,
    first_day: date,
    days: int,
    now: datetime,
    rules: BookingRules | None = None,
) -> list[DayOpening]:
    """Each of the local days from `first_day` for one therapist, from one load of their
    calendar."""
    rules = rules or BookingRules.current()
    zone = clinic_zone()
    earliest, latest = _bookable_span(now, rules)
    calendar = load_calendars([therapist_id], window_for(first_day, days, zone))[therapist_id]
    return [
        DayOpening(
            day=day,
            slots=day_slots(
                calendar,
                therapist_id=therapist_id,
                service=service,
                day=day,
                earliest=earliest,
                latest=latest,
                rules=rules,
                zone=zone,
            ),
            works=bool(calendar.hours.get(day.weekday()))
            and calendar.bookable_on(day, service.required_certification),
        )
        for day in local_days(first_day, days)
    ]
