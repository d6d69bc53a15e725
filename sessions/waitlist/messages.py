"""The waitlist's message: a freed time offered to a waiting client, until it expires."""

from datetime import datetime

from django.urls import reverse

from clinic.messaging.kinds import Kind, link, register
from clinic.messaging.models import Message
from clinic.messaging.services import dispatch_after_commit, message_plan

from .models import OfferState, WaitlistOffer


def _offer_context(message: Message) -> dict:
    offer = message.subject
    return {"offer": offer, "offer_url": link(reverse("waitlist-offer", args=[offer.pk]))}


def _offer_skip(message: Message, now: datetime) -> str:
    offer = message.subject
    if offer is None:
        return "The offer no longer exists."
    if offer.state != OfferState.OPEN:
        return f"The offer is {offer.get_state_display().lower()}."
    return ""


WAITLIST_OFFER = register(
    Kind(
        name="waitlist_offer",
        label="Waitlist offer",
        context=_offer_context,
        skip=_offer_skip,
        essential=True,
        subject_related=("therapist", "entry__service"),
    )
)


def plan_offer_message(offer: WaitlistOffer, *, now: datetime) -> None:
    """The offer goes out at once, and not after it expires."""
    message_plan(
        kind=WAITLIST_OFFER,
        recipient=offer.entry.client,
        subject=offer,
        due_at=now,
        send_by=offer.expires_at,
        key=f"waitlist_offer:{offer.pk}",
    )
    dispatch_after_commit()
