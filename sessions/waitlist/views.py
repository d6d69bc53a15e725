"""The client's waitlist pages: join, see and leave entries, answer offers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.accounts.access import access_required, is_client
from sessions.models import AppointmentStatus
from sessions.services import ActionRefused, BookingRefused

from .forms import WaitlistForm
from .models import OfferState, WaitlistEntry, WaitlistOffer, WaitlistState
from .services import offer_confirm, offer_decline, waitlist_join, waitlist_leave

CLIENTS_ONLY = "The waitlist is for clients."


def _own_offer(request, pk: int) -> WaitlistOffer:
    """The client's own offer; 404 for anyone else's, as for a missing one."""
    offers = WaitlistOffer.objects.select_related("entry__service", "therapist", "appointment")
    return get_object_or_404(offers, pk=pk, entry__client=request.user)


@access_required(is_client, CLIENTS_ONLY)
def waitlist(request):
    entries = WaitlistEntry.objects.filter(client=request.user).select_related(
        "therapist", "service"
    )
    offers = WaitlistOffer.objects.filter(
        entry__client=request.user, state=OfferState.OPEN, expires_at__gt=timezone.now()
    ).select_related("entry__service", "therapist")
    context = {
        "waiting": [entry for entry in entries if entry.state == WaitlistState.WAITING],
        "done": [entry for entry in entries if entry.state != WaitlistState.WAITING],
        "offers": offers,
        "today": timezone.localdate(),
    }
    return render(request, "waitlist/waitlist.html", context)


@access_required(is_client, CLIENTS_ONLY, methods=["GET", "POST"])
def waitlist_join_view(request):
    form = WaitlistForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            waitlist_join(client=request.user, **form.cleaned_data)
        except BookingRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(
                request, "You are on the waitlist. We will write when a time frees up."
            )
            return redirect("waitlist")
    status = 400 if form.errors else 200
    return render(request, "waitlist/waitlist_join.html", {"form": form}, status=status)


@access_required(is_client, CLIENTS_ONLY, methods=["POST"])
def waitlist_leave_view(request, pk: int):
    entry = get_object_or_404(WaitlistEntry, pk=pk, client=request.user)
    try:
        waitlist_leave(entry=entry, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "You have left the waitlist for this.")
    return redirect("waitlist")


@access_required(is_client, CLIENTS_ONLY)
def waitlist_offer(request, pk: int):
    offer = _own_offer(request, pk)
    context = {"offer": offer, "is_open": offer.is_open_at(timezone.now())}
    return render(request, "waitlist/waitlist_offer.html", context)


@access_required(is_client, CLIENTS_ONLY, methods=["POST"])
def waitlist_offer_confirm(request, pk: int):
    offer = _own_offer(request, pk)
    try:
        appointment = offer_confirm(offer=offer, by=request.user)
    except (ActionRefused, BookingRefused) as refusal:
        messages.error(request, getattr(refusal, "message", str(refusal)))
        return redirect("waitlist-offer", pk=offer.pk)
    if appointment.status == AppointmentStatus.PENDING_APPROVAL:
        messages.info(request, f"Requested: {appointment}. The clinic confirms it soon.")
    else:
        messages.success(request, f"Booked: {appointment}.")
    return redirect("appointment-list")


@access_required(is_client, CLIENTS_ONLY, methods=["POST"])
def waitlist_offer_decline(request, pk: int):
    offer = _own_offer(request, pk)
    try:
        offer_decline(offer=offer, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("waitlist-offer", pk=offer.pk)
    messages.success(request, "Declined. You stay on the waitlist.")
    return redirect("waitlist")
