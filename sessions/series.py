"""Series: one client's sessions at the same wall-clock time every N weeks, booked at the desk.

Each occurrence is booked through `appointment_book`, under every rule a single booking keeps;
the ones that are not free are skipped, each with the rule that refused it and the next time
that day the desk could book instead.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from clinic.accounts.access import runs_front_desk
from clinic.accounts.models import User
from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, existing_wall_to_utc, wall_to_utc
from therapists.models import Therapist

from .availability import TherapistCalendar, day_slots, load_calendars
from .models import Appointment, AppointmentSeries, AppointmentStatus
from .rules import NOT_NEAR_TIME, BookingRules, is_near
from .services import (
    ActionRefused,
    BookingRefused,
    appointment_book,
    appointment_cancel,
    check_slot,
)

EVERY_WEEKS = range(1, 9)
COUNT = range(2, 27)
SERIES_REFUSED = "Only the front desk and clinic admins book a series."
FOLLOWING_REFUSED = "Only the front desk and clinic admins cancel the rest of a series."
NOT_A_SERIES = "This session is not part of a series."
SKIPPED_TIME = "The clinic's clock skips that time that day."
DAY_TAKEN = "The series already has a session that day."
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One asked time of a series; `reason` says why it can't be booked (None: it is free)."""

    start: datetime
    reason: str | None = None
    next_free: datetime | None = None


@dataclass(frozen=True)
class SeriesBooking:
    series: AppointmentSeries
    appointments: list[Appointment]
    skipped: list[Occurrence]


def check_near(start: datetime, *, now: datetime) -> None:
    """Refuse a start more than a year away before a series counts weeks from it."""
    if not is_near(start, now):
        raise BookingRefused("start", NOT_NEAR_TIME)


def check_series_shape(*, every_weeks: int, count: int) -> None:
    if every_weeks not in EVERY_WEEKS:
        raise BookingRefused("every_weeks", "Choose a session every 1 to 8 weeks.")
    if count not in COUNT:
        raise BookingRefused("count", "Choose between 2 and 26 sessions.")


def series_starts(*, start: datetime, every_weeks: int, count: int) -> list[Occurrence]:
    """The asked times: the first one's wall-clock time in the clinic's zone, every N weeks,
    so a clock change keeps the time of day (10:00 stays 10:00)."""
    zone = clinic_zone()
    local = start.astimezone(zone)
    occurrences = []
    for index in range(count):
        day = local.date() + timedelta(weeks=every_weeks * index)
        instant = existing_wall_to_utc(day, local.time().replace(fold=0), zone)
        if instant is None:
            occurrences.append(Occurrence(wall_to_utc(day, local.time(), zone), SKIPPED_TIME))
        else:
            occurrences.append(Occurrence(instant))
    return occurrences


@dataclass
class _FreeTime:
    """What decides the desk's free times of a span: the therapist's calendar and the
    client's own live sessions (three plus four queries, whatever the span)."""

    calendar: TherapistCalendar
    client_busy: list[tuple[datetime, datetime]]
    offered: bool

    @classmethod
    def load(cls, *, client: User, therapist: Therapist, service: Service, window) -> "_FreeTime":
        busy = (
            Appointment.objects.live()
            .filter(client=client)
            .overlapping(*window, blocked=False)
            .values_list("start", "end")
        )
        offered = service.active and therapist.services.filter(pk=service.pk).exists()
        return cls(
            calendar=load_calendars([therapist.pk], window)[therapist.pk],
            client_busy=list(busy),
            offered=offered and therapist.user.is_active,
        )

    def free_starts(self, *, therapist: Therapist, service: Service, day: date, now: datetime):
        """The desk's bookable starts of a local day, the client free for each."""
        if not self.offered:
            return []
        rules = BookingRules.current()
        slots = day_slots(
            self.calendar,
            therapist_id=therapist.pk,
            service=service,
            day=day,
            earliest=now + rules.notice(by_staff=True),
            latest=now + rules.horizon,
            rules=rules,
            zone=clinic_zone(),
        )
        return [
            slot.start
            for slot in slots
            if not any(start < slot.end and slot.start < end for start, end in self.client_busy)
        ]


def _window(occurrences: list[Occurrence]) -> tuple[datetime, datetime]:
    return occurrences[0].start - DAY, occurrences[-1].start + 2 * DAY


def _reason(*, client, therapist, service, start: datetime, now: datetime) -> str | None:
    try:
        check_slot(
            client=client, therapist=therapist, service=service, start=start, now=now, by_staff=True
        )
    except BookingRefused as refusal:
        return refusal.message
    return None


def series_preview(
    *,
    client: User,
    therapist: Therapist,
    service: Service,
    start: datetime,
    every_weeks: int,
    count: int,
    now: datetime | None = None,
) -> list[Occurrence]:
    """Each asked time and, if it is not free, why: the same answer booking would give.

    The free ones cost no query of their own; each one that is not free asks the booking
    rules for its reason.
    """
    check_series_shape(every_weeks=every_weeks, count=count)
    now = (now or timezone.now()).astimezone(UTC)
    check_near(start, now=now)
    zone = clinic_zone()
    asked = series_starts(start=start.astimezone(UTC), every_weeks=every_weeks, count=count)
    free_time = _FreeTime.load(
        client=client, therapist=therapist, service=service, window=_window(asked)
    )
    preview = []
    for occurrence in asked:
        day = occurrence.start.astimezone(zone).date()
        free = free_time.free_starts(therapist=therapist, service=service, day=day, now=now)
        if occurrence.reason is None and occurrence.start not in free:
            reason = _reason(
                client=client, therapist=therapist, service=service, start=occurrence.start, now=now
            )
            occurrence = replace(occurrence, reason=reason)
        preview.append(occurrence)
    return preview


def _next_free(
    *, client, therapist, service, occurrence: Occurrence, free_time: _FreeTime, now: datetime
) -> datetime | None:
    """The first time after the asked one, that day, that the desk can really book."""
    day = occurrence.start.astimezone(clinic_zone()).date()
    later = [
        start
        for start in free_time.free_starts(therapist=therapist, service=service, day=day, now=now)
        if start > occurrence.start
    ]
    for start in later:
        if _reason(client=client, therapist=therapist, service=service, start=start, now=now):
            continue
        return start
    return None


def appointment_series_book(
    *,
    client: User,
    therapist: Therapist,
    service: Service,
    start: datetime,
    every_weeks: int,
    count: int,
    by: User,
    now: datetime | None = None,
) -> SeriesBooking:
    """Book every free occurrence of a series for `client`; skip the others.

    Each occurrence is booked in its own savepoint, so a refused one undoes nothing else. If
    none is free, nothing is kept (not even the series) and BookingRefused says why.
    """
    if not runs_front_desk(by):
        raise ActionRefused(SERIES_REFUSED)
    check_series_shape(every_weeks=every_weeks, count=count)
    now = (now or timezone.now()).astimezone(UTC)
    check_near(start, now=now)
    asked = series_starts(start=start.astimezone(UTC), every_weeks=every_weeks, count=count)
    with transaction.atomic():
        series = AppointmentSeries.objects.create(
            every_weeks=every_weeks, count=count, created_by=by
        )
        booked, refused = [], []
        for occurrence in asked:
            if occurrence.reason is not None:
                refused.append(occurrence)
                continue
            try:
                with transaction.atomic():
                    appointment = appointment_book(
                        client=client,
                        therapist=therapist,
                        service=service,
                        start=occurrence.start,
                        by=by,
                        series=series,
                        now=now,
                    )
            except BookingRefused as refusal:
                refused.append(replace(occurrence, reason=refusal.message))
            else:
                booked.append(appointment)
        if not booked:
            first = refused[0].reason
            raise BookingRefused("start", f"None of the sessions could be booked. {first}")
        skipped = _with_next_free(
            client=client, therapist=therapist, service=service, refused=refused, now=now
        )
    return SeriesBooking(series=series, appointments=booked, skipped=skipped)


def _with_next_free(*, client, therapist, service, refused: list[Occurrence], now) -> list:
    if not refused:
        return []
    free_time = _FreeTime.load(
        client=client, therapist=therapist, service=service, window=_window(refused)
    )
    return [
        replace(
            occurrence,
            next_free=_next_free(
                client=client,
                therapist=therapist,
                service=service,
                occurrence=occurrence,
                free_time=free_time,
                now=now,
            ),
        )
        for occurrence in refused
    ]


def series_book_occurrence(
    *, series: AppointmentSeries, start: datetime, by: User, now: datetime | None = None
) -> Appointment:
    """Book one more session into a series (an offered time in place of a skipped one): the
    series' client, therapist and service, on a day the series has no live session yet."""
    if not runs_front_desk(by):
        raise ActionRefused(SERIES_REFUSED)
    first = series.appointments.select_related("client", "therapist__user", "service").first()
    if first is None:
        raise ActionRefused("This series has no sessions.")
    check_near(start, now=now or timezone.now())
    zone = clinic_zone()
    day = start.astimezone(zone).date()
    same_day = [
        appointment
        for appointment in series.appointments.live()
        if appointment.start.astimezone(zone).date() == day
    ]
    if same_day:
        raise BookingRefused("start", DAY_TAKEN)
    return appointment_book(
        client=first.client,
        therapist=first.therapist,
        service=first.service,
        start=start,
        by=by,
        series=series,
        now=now,
    )


def series_cancel_following(
    *, appointment: Appointment, by: User, reason: str = "", now: datetime | None = None
) -> int:
    """Cancel this session and every later booked one of its series, each as a single cancel
    would (its messages, its time offered to the waitlist); return how many were cancelled.
    All of them or none."""
    if not runs_front_desk(by):
        raise ActionRefused(FOLLOWING_REFUSED)
    if appointment.series_id is None:
        raise ActionRefused(NOT_A_SERIES)
    now = now or timezone.now()
    with transaction.atomic():
        appointment_cancel(appointment=appointment, by=by, reason=reason, now=now)
        later = Appointment.objects.filter(
            series_id=appointment.series_id,
            start__gt=appointment.start,
            status=AppointmentStatus.BOOKED,
        ).order_by("start")
        following = list(later)
        for occurrence in following:
            appointment_cancel(appointment=occurrence, by=by, reason=reason, now=now)
    return 1 + len(following)
