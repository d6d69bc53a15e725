"""The waitlist: joining, leaving, and answering an offer (confirming books through the
ordinary booking rules, so the database guarantee holds for offers too)."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from sessions.models import Appointment
from sessions.rules import BookingRules
from sessions.services import SLOT_TAKEN, ActionRefused, BookingRefused, SlotTaken, appointment_book
from therapists.models import Therapist

from .models import OfferState, WaitlistEntry, WaitlistOffer, WaitlistState
from .offers import offer_freed_time

MAX_WAITING_ENTRIES = 5


class WaitlistRefused(BookingRefused):
    """A waitlist entry the rules forbid; `field` names the input at fault."""


def _check_entry(
    *,
    client: User,
    therapist: Therapist | None,
    service: Service,
    first_day: date,
    last_day: date,
    earliest: time,
    latest: time,
) -> None:
    today = timezone.localdate()
    horizon = BookingRules.current().horizon.days
    if not client.is_client:
        raise ActionRefused("Only clients can join the waitlist.")
    if first_day < today:
        raise WaitlistRefused("first_day", "Choose a first day from today on.")
    if last_day < first_day:
        raise WaitlistRefused("last_day", "The last day can't be before the first day.")
    if (last_day - today).days > horizon:
        raise WaitlistRefused("last_day", f"Sessions can be booked at most {horizon} days ahead.")
    if latest <= earliest:
        raise WaitlistRefused("latest", "The latest end must be after the earliest start.")
    if not service.active:
        raise WaitlistRefused("service", "This service is not offered any more.")
    if therapist is not None:
        bookable = Therapist.objects.bookable().offering(service.pk).filter(pk=therapist.pk)
        if not bookable.exists():
            raise WaitlistRefused("therapist", "This therapist does not offer that service.")
    waiting = WaitlistEntry.objects.waiting(on=today).filter(client=client)
    if waiting.count() >= MAX_WAITING_ENTRIES:
        raise WaitlistRefused(
            "entries", f"You can wait for at most {MAX_WAITING_ENTRIES} things at once."
        )


def waitlist_join(
    *,
    client: User,
    therapist: Therapist | None,
    service: Service,
    first_day: date,
    last_day: date,
    weekdays: list[int],
    earliest: time,
    latest: time,
) -> WaitlistEntry:
    """Wait for a session; time that frees up from now on is offered in order of joining."""
    with transaction.atomic():
        _check_entry(
            client=client,
            therapist=therapist,
            service=service,
            first_day=first_day,
            last_day=last_day,
            earliest=earliest,
            latest=latest,
        )
        return WaitlistEntry.objects.create(
            client=client,
            therapist=therapist,
            service=service,
            first_day=first_day,
            last_day=last_day,
            weekdays=sorted(set(weekdays)),
            earliest=earliest,
            latest=latest,
        )


def waitlist_leave(*, entry: WaitlistEntry, by: User, now: datetime | None = None) -> None:
    """Leave the waitlist; an open offer is declined, so the next in line gets it."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk, client=by)
        if entry.state != WaitlistState.WAITING:
            raise ActionRefused("You are no longer waiting for this.")
        entry.state = WaitlistState.LEFT
        entry.save(update_fields=["state"])
        for offer in entry.offers.filter(state=OfferState.OPEN):
            _close(offer, OfferState.DECLINED, now=now)


def _locked_offer(offer: WaitlistOffer, *, by: User, now: datetime) -> WaitlistOffer:
    offer = (
        WaitlistOffer.objects.select_for_update(of=("self",))
        .select_related("entry__service", "therapist__user")
        .get(pk=offer.pk, entry__client=by)
    )
    if offer.state != OfferState.OPEN:
        raise ActionRefused(f"This offer is {offer.get_state_display().lower()}.")
    if now >= offer.expires_at:
        raise ActionRefused("This offer has expired.")
    return offer


def _close(offer: WaitlistOffer, state: str, *, now: datetime) -> None:
    offer.state = state
    offer.decided_at = now
    offer.save(update_fields=["state", "decided_at"])
    if state in (OfferState.DECLINED, OfferState.EXPIRED):
        span = (offer.start, offer.blocked_until)
        offer_freed_time(therapist_id=offer.therapist_id, span=span, now=now)


def offer_confirm(*, offer: WaitlistOffer, by: User, now: datetime | None = None) -> Appointment:
    """Book the offered slot. If someone booked it first, SlotTaken (the offer is closed as
    taken, committed even so); any other refusal leaves the offer open."""
    now = now or timezone.now()
    with transaction.atomic():
        offer = _locked_offer(offer, by=by, now=now)
        try:
            appointment = appointment_book(
                client=by,
                therapist=offer.therapist,
                service=offer.entry.service,
                start=offer.start,
                now=now,
            )
        except SlotTaken as taken:
            refusal = taken
        else:
            offer.appointment = appointment
            offer.save(update_fields=["appointment"])
            _close(offer, OfferState.ACCEPTED, now=now)
            WaitlistEntry.objects.filter(pk=offer.entry_id).update(state=WaitlistState.BOOKED)
            return appointment
        if refusal.message == SLOT_TAKEN:
            _close(offer, OfferState.TAKEN, now=now)
    raise refusal


def offer_decline(*, offer: WaitlistOffer, by: User, now: datetime | None = None) -> None:
    """Say no to this slot (the client keeps waiting); the next in line is offered it."""
    now = now or timezone.now()
    with transaction.atomic():
        offer = _locked_offer(offer, by=by, now=now)
        _close(offer, OfferState.DECLINED, now=now)
