"""The front desk's calendar, and what it does to an appointment from there."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from clinic.accounts.access import access_required, runs_front_desk
from clinic.web.requests import next_url
from sessions.grid import day_grid, week_grid
from sessions.models import Appointment
from sessions.services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_check_in,
    appointment_reschedule,
    appointment_set_outcome,
)

from .forms import CalendarForm, MoveForm, MoveProposalForm

DESK_ONLY = "The clinic's calendar is for the front desk."


def _desk_appointment(request, pk: int) -> Appointment:
    return get_object_or_404(Appointment.objects.visible_to(request.user).with_related(), pk=pk)


def _back(request) -> str:
    """Where to return: the calendar page the action came from, if it is one of ours."""
    return next_url(request, reverse("desk"))


@access_required(runs_front_desk, DESK_ONLY)
def calendar(request):
    """A day of every therapist, or a week of one; today by default."""
    form = CalendarForm(request.GET or None)
    day, view, therapist = timezone.localdate(), "day", None
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["date"] or day
        view = form.cleaned_data["view"] or view
        therapist = form.cleaned_data["therapist"]
    now = timezone.now()
    if view == "week":
        day -= timedelta(days=day.weekday())
        grid = week_grid(therapist=therapist, monday=day, now=now)
    else:
        grid = day_grid(day=day, now=now)
    step = timedelta(days=7 if view == "week" else 1)
    context = {
        "form": form,
        "grid": grid,
        "view": view,
        "day": day,
        "last_day": day + step - timedelta(days=1),
        "therapist": therapist,
        "previous_day": day - step,
        "next_day": day + step,
        "today": timezone.localdate(),
        "here": request.get_full_path(),
    }
    return render(request, "desk/calendar.html", context, status=400 if form.errors else 200)


@access_required(runs_front_desk, DESK_ONLY, methods=["POST"])
def appointment_arrived(request, pk: int):
    appointment = _desk_appointment(request, pk)
    try:
        appointment_check_in(appointment=appointment, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{appointment.client} has arrived.")
    return redirect(_back(request))


@access_required(runs_front_desk, DESK_ONLY, methods=["POST"])
def appointment_outcome(request, pk: int):
    appointment = _desk_appointment(request, pk)
    try:
        appointment = appointment_set_outcome(
            appointment=appointment, by=request.user, status=request.POST.get("status", "")
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        outcome = appointment.get_status_display().lower()
        messages.success(request, f"{appointment.client}'s session is marked {outcome}.")
    return redirect(_back(request))


def _move_initial(appointment: Appointment, proposal: MoveProposalForm | None) -> dict:
    therapist, start = appointment.therapist, appointment.start
    if proposal is not None and proposal.is_valid():
        therapist, start = proposal.cleaned_data["therapist"], proposal.cleaned_data["start"]
    local = timezone.localtime(start)
    return {"therapist": therapist, "date": local.date(), "time": f"{local:%H:%M}"}


@access_required(runs_front_desk, DESK_ONLY, methods=["GET", "POST"])
def appointment_move(request, pk: int):
    """Move a session to another time or therapist: GET shows the change, POST makes it."""
    appointment = _desk_appointment(request, pk)
    status, proposal, proposed = 200, None, None
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data
            proposed = {"therapist": chosen["therapist"], "start": chosen["start"]}
            try:
                appointment_reschedule(appointment=appointment, by=request.user, **proposed)
            except SlotTaken as refusal:
                form.add_error(None, refusal.message)
                status = 409
            except BookingRefused as refusal:
                form.add_error(None, refusal.message)
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"Moved: {appointment}.")
                return redirect(_back(request))
    else:
        if "therapist" in request.GET or "start" in request.GET:
            proposal = MoveProposalForm(request.GET)
            if proposal.is_valid():
                proposed = proposal.cleaned_data
        form = MoveForm(initial=_move_initial(appointment, proposal))
    if status == 200 and (form.errors or (proposal is not None and proposal.errors)):
        status = 400
    context = {
        "appointment": appointment,
        "form": form,
        "proposal": proposal,
        "proposed": proposed,
        "back": _back(request),
    }
    return render(request, "desk/move.html", context, status=status)
