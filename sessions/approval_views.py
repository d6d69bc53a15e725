"""Admins decide on bookings that wait for approval (clients over the no-show threshold)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from clinic.accounts.access import access_required, is_admin

from .forms import DeclineRequestForm
from .models import Appointment, AppointmentStatus
from .services import ActionRefused, appointment_approve, appointment_decline

ADMINS_ONLY = "Booking requests are decided by clinic admins."


def _request(request, pk: int) -> Appointment:
    pending = Appointment.objects.filter(status=AppointmentStatus.PENDING_APPROVAL)
    return get_object_or_404(pending, pk=pk)


@access_required(is_admin, ADMINS_ONLY)
def approval_list(request):
    return _list_page(request)


def _list_page(request, *, status: int = 200):
    requests = (
        Appointment.objects.filter(status=AppointmentStatus.PENDING_APPROVAL)
        .with_related()
        .with_client_attendance()
        .order_by("start")
    )
    context = {"requests": requests, "threshold": settings.NO_SHOW_APPROVAL_THRESHOLD}
    return render(request, "sessions/approval_list.html", context, status=status)


@access_required(is_admin, ADMINS_ONLY, methods=["POST"])
def approval_approve(request, pk: int):
    appointment = _request(request, pk)
    try:
        appointment_approve(appointment=appointment, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Approved: {appointment}. The client is told.")
    return redirect("approval-list")


@access_required(is_admin, ADMINS_ONLY, methods=["POST"])
def approval_decline(request, pk: int):
    appointment = _request(request, pk)
    form = DeclineRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the reason under 1000 characters.")
        return _list_page(request, status=400)
    try:
        appointment_decline(
            appointment=appointment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Declined: {appointment}. The client is told.")
    return redirect("approval-list")
