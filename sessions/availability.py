"""Free slots: computed in the clinic's wall-clock time, with a fixed number of queries."""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

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
    blocked: list[Interval] = field(default_factory=list)
    blocked_ends: list[datetime] = field(default_factory=list)

    def holds(self, key: str, day: date) -> bool:
        return any(issued <= day <= expires for issued, expires in self.credentials.get(key, ()))

    def bookable_on(self, day: date, certification: str = "") -> bool:
        """Every required credential valid that day, and the certification if one is named."""
        required = all(self.holds(kind, day) for kind in REQUIRED_KINDS)
        if not required or not certification:
            return required
        return self.holds(held_key(CredentialKind.CERTIFICATION, certification), day)

    def is_free(self, start: datetime, until: datetime) -> bool:
        """Whether [start, until) meets no time off and no live appointment."""
        index = bisect_right(self.blocked_ends, start)
        return index == len(self.blocked) or self.blocked[index][0] >= until

    def free_gaps(self, first: datetime, until: datetime) -> Iterator[Interval]:
        """The free stretches between `first` and `until`, in order."""
        index = bisect_right(self.blocked_ends, first)
        start = first
        while start < until:
            if index == len(self.blocked):
                yield start, until
                return
            blocked_start, blocked_end = self.blocked[index]
            if blocked_start > start:
                yield start, min(blocked_start, until)
            start = max(start, blocked_end)
            index += 1

    def working_intervals(self, day: date, zone: ZoneInfo) -> list[Interval]:
        return [
            (wall_to_utc(day, start, zone), wall_to_utc(day, end, zone))
            for start, end in self.hours.get(day.weekday(), [])
        ]


def load_calendars(
    therapist_ids: list[int], window: Interval, *, exclude_appointment: int | None = None
) -> dict[int, TherapistCalendar]:
    """Four queries whatever the number of therapists and the window's length."""
    calendars = {therapist_id: TherapistCalendar() for therapist_id in therapist_ids}
    hours: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for row in WorkingHours.objects.filter(therapist_id__in=therapist_ids).values_list(
        "therapist_id", "weekday", "start", "end"
    ):
        hours[row[0]][row[1]].append((row[2], row[3]))
    window_start, window_end = window
    credentials = Credential.objects.filter(
        therapist_id__in=therapist_ids,
        status=CredentialStatus.VERIFIED,
        expires_on__gte=window_start.date() - DAY,
    ).values_list("therapist_id", "kind", "certification", "issued_on", "expires_on")
    for therapist_id, kind, certification, issued, expires in credentials:
        calendars[therapist_id].credentials[held_key(kind, certification)].append((issued, expires))

    blocked: dict[int, list[Interval]] = defaultdict(list)
    time_off = TimeOff.objects.filter(
        therapist_id__in=therapist_ids, start__lt=window_end, end__gt=window_start
    ).values_list("therapist_id", "start", "end")
    appointments = (
        Appointment.objects.live()
        .filter(therapist_id__in=therapist_ids)
        .overlapping(window_start, window_end)
        .exclude(pk=exclude_appointment)
        .values_list("therapist_id", "start", "blocked_until")
    )
    for therapist_id, start, end in [*time_off, *appointments]:
        blocked[therapist_id].append((start, end))

    for therapist_id, calendar in calendars.items():
        calendar.hours = {day: merge(spans) for day, spans in hours[therapist_id].items()}
        calendar.blocked = merge(blocked[therapist_id])
        calendar.blocked_ends = [end for _, end in calendar.blocked]
    return calendars


def _wall_grid_starts(day: date, minutes: range, zone: ZoneInfo) -> Iterator[datetime]:
    """The instants of a day's grid times, each converted; skipped wall-clock times are
    left out."""
    starts = (existing_wall_to_utc(day, time(m // 60, m % 60), zone) for m in minutes)
    return (start for start in starts if start is not None)


def _on_grid(instant: datetime, midnight: datetime, step: timedelta) -> datetime:
    """The first time of the grid that starts at `midnight`, at or after `instant`."""
    return midnight - ((midnight - instant) // step) * step


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
    if not calendar.bookable_on(day, service.required_certification):
        return []
    length = timedelta(minutes=service.duration_minutes)
    blocks = length + timedelta(minutes=service.buffer_minutes)
    grid = rules.slot_minutes
    step = timedelta(minutes=grid)
    slots = []
    midnight = wall_to_utc(day, time(0), zone)
    steady_day = wall_to_utc(day + timedelta(days=1), time(0), zone) - midnight == DAY
    for (start_at, end_at), (_, work_end) in zip(
        calendar.hours.get(day.weekday(), []), calendar.working_intervals(day, zone), strict=True
    ):
        first = -(-(start_at.hour * 60 + start_at.minute) // grid) * grid
        last = end_at.hour * 60 + end_at.minute
        if steady_day:  # no clock change today: wall-clock minutes are real minutes
            first_start = max(midnight + timedelta(minutes=first), earliest)
            last_start = min(midnight + timedelta(minutes=last - 1), latest, work_end - blocks)
            for gap_start, gap_end in calendar.free_gaps(first_start, last_start + blocks):
                start = _on_grid(gap_start, midnight, step)
                stop = min(last_start, gap_end - blocks)
                while start <= stop:
                    slots.append(Slot(therapist_id, start, start + length))
                    start += step
        else:
            starts = (
                start
                for start in _wall_grid_starts(day, range(first, last, grid), zone)
                if earliest <= start <= latest
                and start + blocks <= work_end
                and calendar.is_free(start, start + blocks)
            )
            slots.extend(Slot(therapist_id, start, start + length) for start in starts)
    return slots


def window_for(first_day: date, days: int, zone: ZoneInfo) -> Interval:
    """The UTC span that the slots of these local days can touch (with a day's margin)."""
    start = wall_to_utc(first_day, time(0), zone)
    end = wall_to_utc(first_day + timedelta(days=days + 1), time(0), zone)
    return start, end


def _bookable_span(now: datetime, rules: BookingRules) -> Interval:
    """The earliest and latest start a client may book at `now`."""
    return now.astimezone(UTC) + rules.min_notice, now.astimezone(UTC) + rules.horizon


def available_slots(
    *,
    service: Service,
    therapist_ids: list[int],
    first_day: date,
    days: int,
    now: datetime,
    rules: BookingRules | None = None,
) -> list[Slot]:
    """Every bookable slot of the given therapists for `service`, sorted by start."""
    rules = rules or BookingRules.current()
    zone = clinic_zone()
    earliest, latest = _bookable_span(now, rules)
    calendars = load_calendars(therapist_ids, window_for(first_day, days, zone))
    slots = [
        slot
        for therapist_id, calendar in calendars.items()
        for day in local_days(first_day, days)
        for slot in day_slots(
            calendar,
            therapist_id=therapist_id,
            service=service,
            day=day,
            earliest=earliest,
            latest=latest,
            rules=rules,
            zone=zone,
        )
    ]
    slots.sort(key=itemgetter(1, 0))  # by start, then therapist
    return slots


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
