"""Reads that pages and the API share."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404

from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, local_days, wall_to_utc
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist

from .availability import DayOpening, Slot, available_slots, therapist_days
from .models import Appointment, AppointmentStatus
from .rules import BookingRules


def reachable_appointment(user, pk: int) -> Appointment:
    """The appointment, if the user may reach it and its note (a client's other therapists
    too); a 404 like a missing one otherwise."""
    return get_object_or_404(Appointment.objects.reachable_by(user).with_related(), pk=pk)


STRIP_DAYS = 7


class StripDay(NamedTuple):
    """A day of the booking page's week strip: its first free time, or why it has none
    (`full`, `closed`, `past`, or `later`: beyond the booking horizon)."""

    day: date
    first_free: datetime | None
    state: str


@dataclass(frozen=True)
class BookingWeek:
    """The shown day's free slots and the week around it, day by day."""

    day: date
    slots: list[Slot]
    strip: list[StripDay]
    previous_week: date | None
    next_week: date | None


def _last_bookable_day(now: datetime, rules: BookingRules) -> date:
    return (now + rules.horizon).astimezone(clinic_zone()).date()


def first_free_day(
    *, therapist: Therapist, service: Service, since: date, now: datetime
) -> date | None:
    """The first local day from `since` (today at the earliest) with a free time of the
    therapist for the service, within the booking horizon."""
    rules = BookingRules.current()
    since = max(since, now.astimezone(clinic_zone()).date())
    last = _last_bookable_day(now, rules)
    if last < since or not therapist.services.filter(pk=service.pk).exists():
        return None
    slots = available_slots(
        service=service,
        therapist_ids=[therapist.pk],
        first_day=since,
        days=(last - since).days + 1,
        now=now,
        rules=rules,
    )
    return slots[0].start.astimezone(clinic_zone()).date() if slots else None


def _strip_day(opening: DayOpening, *, today: date, last: date) -> StripDay:
    if opening.day < today:
        return StripDay(opening.day, None, "past")
    if opening.day > last:
        return StripDay(opening.day, None, "later")
    if opening.slots:
        return StripDay(opening.day, opening.slots[0].start, "free")
    return StripDay(opening.day, None, "full" if opening.works else "closed")


def booking_week(
    *, therapist: Therapist, service: Service, day: date, now: datetime
) -> BookingWeek:
    """The free slots of `day` and the strip of its week (Monday to Sunday), from one
    computation of the therapist's availability."""
    rules = BookingRules.current()
    monday = day - timedelta(days=day.weekday())
    if therapist.services.filter(pk=service.pk).exists():
        openings = therapist_days(
            service=service,
            therapist_id=therapist.pk,
            first_day=monday,
            days=STRIP_DAYS,
            now=now,
            rules=rules,
        )
    else:
        openings = [DayOpening(day, [], works=False) for day in local_days(monday, STRIP_DAYS)]
    today, last = now.astimezone(clinic_zone()).date(), _last_bookable_day(now, rules)
    week_after = monday + timedelta(days=STRIP_DAYS)
    return BookingWeek(
        day=day,
        slots=next(opening.slots for opening in openings if opening.day == day),
        strip=[_strip_day(opening, today=today, last=last) for opening in openings],
        previous_week=max(monday - timedelta(days=STRIP_DAYS), today) if monday > today else None,
        next_week=week_after if week_after <= last else None,
    )


def local_span(first_day: date, days: int) -> tuple[datetime, datetime]:
    zone = clinic_zone()
    end_day = first_day + timedelta(days=days)
    return wall_to_utc(first_day, datetime.min.time(), zone), wall_to_utc(
        end_day, datetime.min.time(), zone
    )


def _held(kind: str, **match) -> Exists:
    """A verified credential of this kind covering the appointment's clinic date."""
    return Exists(
        Credential.objects.filter(
            therapist=OuterRef("therapist"),
            kind=kind,
            status=CredentialStatus.VERIFIED,
            issued_on__lte=OuterRef("session_day"),
            expires_on__gte=OuterRef("session_day"),
            **match,
        )
    )


def appointments_without_credentials(*, now: datetime) -> QuerySet[Appointment]:
    """Booked sessions still to come whose therapist will not hold, on the session's date,
    a required credential (or the certification the service needs): the clients to call."""
    certified = Q(service__required_certification="") | _held(
        CredentialKind.CERTIFICATION, certification=OuterRef("service__required_certification")
    )
    return (
        Appointment.objects.filter(status=AppointmentStatus.BOOKED, start__gt=now)
        .annotate(session_day=TruncDate("start", tzinfo=clinic_zone()))
        .annotate(
            has_licence=_held(CredentialKind.LICENCE),
            has_insurance=_held(CredentialKind.INSURANCE),
            has_certification=ExpressionWrapper(certified, output_field=BooleanField()),
        )
        .filter(Q(has_licence=False) | Q(has_insurance=False) | Q(has_certification=False))
        .select_related("client__client_profile", "therapist", "service")
        .order_by("start")
    )


def requests_to_decide(*, now: datetime) -> QuerySet[Appointment]:
    """Bookings waiting for an admin's approval whose session is still to come."""
    return Appointment.objects.filter(status=AppointmentStatus.PENDING_APPROVAL, start__gt=now)
