"""A client's pages for paying a booked session online: off (404) unless the processor's keys
are set."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from clinic.accounts.access import access_required, is_client
from sessions.models import Appointment

from .models import OnlinePayment
from .online import online_payment_start
from .processors import Processor, processor
from .services import BillingRefused

CLIENTS_ONLY = "Only clients pay for their sessions online."


def _processor_or_404() -> Processor:
    chosen = processor()
    if chosen is None:
        raise Http404("Online payment is off.")
    return chosen


def _own_payment(request, pk: int) -> OnlinePayment:
    payments = OnlinePayment.objects.filter(client=request.user).select_related(
        "appointment__service", "appointment__therapist"
    )
    return get_object_or_404(payments, pk=pk)


@access_required(is_client, CLIENTS_ONLY, methods=["POST"])
def online_payment_start_view(request, pk: int):
    """Make the checkout for the client's own session and send them to the processor's page."""
    chosen = _processor_or_404()
    appointment = get_object_or_404(Appointment.objects.filter(client=request.user), pk=pk)

    def address(name: str):
        return lambda payment: request.build_absolute_uri(reverse(name, args=[payment.pk]))

    try:
        payment = online_payment_start(
            appointment=appointment,
            by=request.user,
            processor=chosen,
            success_url=address("online-payment"),
            cancel_url=address("online-payment-cancelled"),
        )
    except BillingRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("appointment-list")
    return redirect(payment.checkout_url)


@never_cache
@access_required(is_client, CLIENTS_ONLY, methods=["GET"])
def online_payment_page(request, pk: int):
    """Where the processor sends the client back after paying: "received" only once the
    webhook has confirmed it."""
    _processor_or_404()
    payment = _own_payment(request, pk)
    return render(request, "billing/online_payment.html", {"payment": payment})


@access_required(is_client, CLIENTS_ONLY, methods=["GET"])
def online_payment_cancelled(request, pk: int):
    """Where the processor sends a client who left its page without paying."""
    _processor_or_404()
    payment = _own_payment(request, pk)
    return render(request, "billing/online_payment_cancelled.html", {"payment": payment})
