"""Offering freed time to the waitlist: one open offer per slot, oldest entry first.

When time frees up on a therapist's calendar, the waiting entries that could use it are
taken in order of joining; each gets the earliest bookable slot that meets the freed time,
fits its days and times, and overlaps no offer still open for that therapist. So a slot is
offered to one client at a time; when the offer is declined or expires, the same freed
time is offered again and the next in line gets it (an entry is never offered the same
slot twice). Offers hold nothing: the first to book the time, through an offer or
directly, gets it. Offers and their messages are rows made in the caller's transaction.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clinic.catalogue.models import Service
from clinic.clock import clinic_zone
from sessions.availability import Slot, available_slots
from sessions.models import Appointment
from sessions.rules import BookingRules
from therapists.models import Therapist

from .messages import plan_offer_message
from .models import OfferState, WaitlistEntry, WaitlistOffer

Span = tuple[datetime, datetime]


def offer_lifetime() -> timedelta:
    return timedelta(minutes=settings.WAITLIST_OFFER_MINUTES)


def _local_days(span: Span) -> tuple[date, date]:
    zone = clinic_zone()
    return span[0].astimezone(zone).date(), span[1].astimezone(zone).date()


def candidate_entries(therapist: Therapist, span: Span, *, today: date):
    """Waiting entries this therapist's freed time could serve, in order of joining."""
    first, last = _local_days(span)
    open_offer = WaitlistOffer.objects.filter(entry=OuterRef("pk"), state=OfferState.OPEN)
    return (
        WaitlistEntry.objects.waiting(on=max(today, first))
        .filter(Q(therapist=therapist) | Q(therapist__isnull=True), first_day__lte=last)
        .filter(service__therapists=therapist, service__active=True)
        .exclude(Exists(open_offer))
        .select_related("client", "service")
    )


def fits_entry(slot: Slot, entry: WaitlistEntry) -> bool:
    zone = clinic_zone()
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return (
        entry.first_day <= start.date() <= entry.last_day
        and start.weekday() in entry.weekdays
        and entry.earliest <= start.time()
        and end.date() == start.date()
        and end.time() <= entry.latest
    )


class FreeTime:
    """The bookable slots of one therapist in the freed span, per service, less the time
    of the offers open meanwhile."""

    def __init__(self, therapist: Therapist, span: Span, now: datetime) -> None:
        self.therapist, self.span, self.now = therapist, span, now
        self.slots: dict[int, list[Slot]] = {}
        self.offered: list[Span] = list(
            WaitlistOffer.objects.filter(
                therapist=therapist, state=OfferState.OPEN, expires_at__gt=now
            ).values_list("start", "blocked_until")
        )

    def _service_slots(self, service: Service) -> list[Slot]:
        if service.pk not in self.slots:
            first, last = _local_days(self.span)
            slots = available_slots(
                service=service,
                therapist_ids=[self.therapist.pk],
                first_day=first,
                days=(last - first).days + 1,
                now=self.now,
            )
            meeting = [
                slot
                for slot in slots
                if slot.start < self.span[1] and self._until(slot, service) > self.span[0]
            ]
            # The freed slot itself first, then those it made bookable around it.
            self.slots[service.pk] = sorted(meeting, key=lambda slot: slot.start < self.span[0])
        return self.slots[service.pk]

    @staticmethod
    def _until(slot: Slot, service: Service) -> datetime:
        return slot.end + timedelta(minutes=service.buffer_minutes)

    def first_for(self, entry: WaitlistEntry, refused: set[datetime]) -> Slot | None:
        for slot in self._service_slots(entry.service):
            until = self._until(slot, entry.service)
            if slot.start in refused or not fits_entry(slot, entry):
                continue
            if any(start < until and slot.start < end for start, end in self.offered):
                continue
            return slot
        return None

    def take(self, slot: Slot, service: Service) -> None:
        self.offered.append((slot.start, self._until(slot, service)))


def _client_busy(entry: WaitlistEntry, slot: Slot) -> bool:
    return (
        Appointment.objects.live()
        .filter(client=entry.client)
        .overlapping(slot.start, slot.end, blocked=False)
        .exists()
    )


def offer_freed_time(*, therapist_id: int, span: Span, now: datetime | None = None) -> list:
    """Offer the bookable time in `span` of this therapist to the waitlist; the new offers."""
    now = now or timezone.now()
    therapist = Therapist.objects.filter(pk=therapist_id, user__is_active=True).first()
    if therapist is None or span[1] <= now:
        return []
    entries = list(candidate_entries(therapist, span, today=timezone.localdate(now)))
    if not entries:  # the usual case: a cancellation costs two queries here
        return []
    free = FreeTime(therapist, span, now)
    refused = _offered_before([entry.pk for entry in entries], therapist)
    made = []
    for entry in entries:
        slot = free.first_for(entry, refused.get(entry.pk, set()))
        if slot is None or _client_busy(entry, slot):
            continue
        made.append(_make_offer(entry, therapist, slot, now=now))
        free.take(slot, entry.service)
    return made


def _offered_before(entry_ids: list[int], therapist: Therapist) -> dict[int, set[datetime]]:
    offered: dict[int, set[datetime]] = {}
    rows = WaitlistOffer.objects.filter(entry_id__in=entry_ids, therapist=therapist)
    for entry_id, start in rows.values_list("entry_id", "start"):
        offered.setdefault(entry_id, set()).add(start)
    return offered


def _make_offer(entry: WaitlistEntry, therapist: Therapist, slot: Slot, *, now) -> WaitlistOffer:
    # Past the minimum notice the slot can't be booked, so the offer ends there at the latest.
    expires_at = min(now + offer_lifetime(), slot.start - BookingRules.current().min_notice)
    offer = WaitlistOffer.objects.create(
        entry=entry,
        therapist=therapist,
        start=slot.start,
        end=slot.end,
        blocked_until=slot.end + timedelta(minutes=entry.service.buffer_minutes),
        expires_at=expires_at,
    )
    plan_offer_message(offer, now=now)
    return offer


def offer_all_free_time(*, therapist_id: int, now: datetime | None = None) -> list:
    """After a change of working hours or time off: offer anything bookable ahead."""
    now = now or timezone.now()
    return offer_freed_time(
        therapist_id=therapist_id, span=(now, now + BookingRules.current().horizon), now=now
    )


def offers_expire(*, now: datetime | None = None) -> int:
    """Close the offers whose time ran out and offer their slots to the next in line."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            WaitlistOffer.objects.select_for_update(skip_locked=True).filter(
                state=OfferState.OPEN, expires_at__lte=now
            )
        )
        WaitlistOffer.objects.filter(pk__in=[offer.pk for offer in due]).update(
            state=OfferState.EXPIRED, decided_at=now
        )
        for offer in due:
            offer_freed_time(
                therapist_id=offer.therapist_id, span=(offer.start, offer.blocked_until), now=now
            )
    return len(due)
