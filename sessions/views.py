from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.intake.models import Intake
from clients.intake.selectors import (
    intake_flags,
    intake_is_current,
    with_intake_state,
)
from clinic.accounts.access import (
    access_required,
    has_therapist_profile,
    is_client,
    may_read_client_records,
    reads_clinic_calendar,
    runs_front_desk,
    therapist_of,
)
from clinic.catalogue.models import Service
from clinic.clock import spoken
from therapists.models import Therapist

from .forms import BookingForm, CancelForm, DayPickerForm, RescheduleForm, ScheduleForm
from .grid import Grid, therapist_grid
from .ics import appointment_ics, calendar_response
from .models import Appointment, AppointmentStatus
from .rules import BookingRules
from .selectors import booking_week, first_free_day, reachable_appointment
from .series import series_cancel_following
from .services import (
    OUTCOME_REFUSED,
    ActionRefused,
    BookingRefused,
    TooManyChanges,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
    appointment_set_outcome,
    is_late_cancellation,
    late_move_fee_text,
    runs_session,
)


def _visible_appointment(request, pk: int) -> Appointment:
    """The appointment if the user may see it; 404 otherwise, whether it exists or not."""
    queryset = Appointment.objects.visible_to(request.user).with_related()
    return get_object_or_404(queryset, pk=pk)


def refusal_status(refusal: Exception) -> int:
    """The page's status for a refused booking change: 429 when the client changed too
    often, 400 otherwise."""
    return 429 if isinstance(refusal, TooManyChanges) else 400


def slot_picker_context(
    request, *, therapist, services, action: str, method: str, opens_on: date | None = None
) -> dict:
    """Context for templates/sessions/_slot_picker.html: a service and day, its free times,
    and its week day by day. Without a chosen day it opens on the first day from `opens_on`
    (today by default) with a free time."""
    now = timezone.now()
    opens_on = opens_on or timezone.localdate()
    picker = DayPickerForm(request.GET or None, services=services)
    chosen = {}
    if picker.is_bound:
        picker.is_valid()  # a valid service counts even beside a refused date
        chosen = picker.cleaned_data
    service, day = chosen.get("service") or services.first(), chosen.get("date")
    if day is None:
        if service:
            found = first_free_day(therapist=therapist, service=service, since=opens_on, now=now)
            day = found or opens_on
        else:
            day = opens_on
        if not picker.errors:  # show the day opened on; a refused choice keeps its message
            picker = DayPickerForm(services=services, initial={"service": service, "date": day})
    week = booking_week(therapist=therapist, service=service, day=day, now=now) if service else None
    return {
        "picker": picker,
        "therapist": therapist,
        "service": service,
        "day": day,
        "slots": week.slots if week else [],
        "week": week,
        "slot_action": action,
        "slot_method": method,
    }


@login_required
def appointment_list(request):
    appointments = Appointment.objects.visible_to(request.user).with_related()
    now = timezone.now()
    coming = [
        AppointmentStatus.BOOKED,
        AppointmentStatus.ARRIVED,
        AppointmentStatus.PENDING_APPROVAL,
    ]
    upcoming = appointments.filter(start__gte=now, status__in=coming).order_by("start")
    past = appointments.filter(~Q(status__in=coming) | Q(start__lt=now))[:50]
    context = {
        "upcoming": upcoming,
        "past": past,
        # The desk and admins see every client's sessions: each row names both people.
        "for_the_desk": runs_front_desk(request.user),
        "needs_intake": request.user.is_client
        and not intake_is_current(Intake.objects.current_for(request.user)),
    }
    return render(request, "sessions/appointment_list.html", context)


@access_required(is_client, "Only clients can book sessions.", methods=["GET", "POST"])
def appointment_new(request):
    """Confirm a chosen slot (GET shows it, POST books it)."""
    form = BookingForm(request.POST if request.method == "POST" else (request.GET or None))
    status = 200
    if form.is_valid() and request.method == "POST":
        try:
            appointment = appointment_book(client=request.user, **form.cleaned_data)
        except BookingRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            status = refusal_status(refusal)
        else:
            policy = BookingRules.current().fee_policy(appointment.service)
            if appointment.status == AppointmentStatus.PENDING_APPROVAL:
                messages.info(request, f"Requested: {appointment}. The clinic confirms it soon.")
            else:
                messages.success(request, f"Booked: {appointment}. {policy}")
            return redirect("appointment-list")
    # An unbound form (nothing chosen yet) has no cleaned_data at all.
    chosen = form.is_bound and set(form.cleaned_data) == set(form.fields)
    choice = form.cleaned_data if chosen else None
    if form.errors and status == 200:
        status = 400
    policy = BookingRules.current().fee_policy(choice["service"]) if choice else ""
    context = {"form": form, "choice": choice, "policy": policy}
    return render(request, "sessions/appointment_confirm.html", context, status=status)


def _late_fee_offered(user, appointment: Appointment) -> str | None:
    """For the desk cancelling a session inside the window for a client who called: the fee
    to offer charging (its text, empty when the fee is off); None when there is no choice."""
    if user.pk == appointment.client_id or not runs_front_desk(user):
        return None
    if not is_late_cancellation(appointment, now=timezone.now()):
        return None
    return BookingRules.current().late_change_fee_text(appointment.service)


@login_required
@require_http_methods(["GET", "POST"])
def appointment_cancel_view(request, pk: int):
    """Cancel one session; the desk may also cancel all that follow it in its series."""
    appointment = _visible_appointment(request, pk)
    offers_following = appointment.series_id is not None and runs_front_desk(request.user)
    form = CancelForm(
        request.POST or None,
        offers_following=offers_following,
        late_fee=_late_fee_offered(request.user, appointment),
    )
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cancels_following:
                count = series_cancel_following(
                    appointment=appointment, by=request.user, reason=reason
                )
            else:
                appointment_cancel(
                    appointment=appointment,
                    by=request.user,
                    reason=reason,
                    charge_late_fee=form.charges_late_fee,
                )
                count = 1
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            cancelled = "The appointment is" if count == 1 else f"{count} appointments are"
            messages.success(request, f"{cancelled} cancelled.")
            return redirect("appointment-list")
    status = 400 if form.errors else 200
    policy = BookingRules.current().fee_policy(appointment.service)
    context = {"form": form, "appointment": appointment, "policy": policy}
    return render(request, "sessions/appointment_cancel.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def appointment_reschedule_view(request, pk: int):
    """Choose a new time (GET), confirm it (GET with `start`), then move (POST)."""
    appointment = _visible_appointment(request, pk)
    chosen = request.POST if request.method == "POST" else request.GET
    form = RescheduleForm(chosen if "start" in chosen else None)
    status = 200
    if form.is_valid() and request.method == "POST":
        try:
            moved = appointment_reschedule(
                appointment=appointment, by=request.user, start=form.cleaned_data["start"]
            )
        except (ActionRefused, BookingRefused) as refusal:
            form.add_error(None, str(refusal))
            status = refusal_status(refusal)
        else:
            messages.success(request, f"The appointment is moved to {spoken(moved.start)}.")
            return redirect("appointment-list")
    if form.is_valid():
        return _reschedule_confirm(request, appointment, start=form.cleaned_data["start"])
    context = slot_picker_context(
        request,
        therapist=appointment.therapist,
        services=Service.objects.filter(pk=appointment.service_id),
        action=reverse("appointment-reschedule", args=[appointment.pk]),
        method="get",
        opens_on=timezone.localdate(appointment.start),
    )
    context.update(form=form, appointment=appointment)
    if form.errors and status == 200:
        status = 400
    return render(request, "sessions/appointment_reschedule.html", context, status=status)


def _reschedule_confirm(request, appointment: Appointment, *, start: datetime):
    """The old and the new time side by side, and what moving now costs, before moving."""
    context = {
        "appointment": appointment,
        "start": start,
        "late_fee": late_move_fee_text(appointment, by=request.user, now=timezone.now()),
        "free_hours": int(BookingRules.current().free_cancellation.total_seconds() // 3600),
    }
    return render(request, "sessions/appointment_reschedule_confirm.html", context)


def _schedule_grid(*, therapist: Therapist, first_day: date, days: int) -> Grid:
    """The therapist's own columns, each appointment with its intake flags and its client's
    no-shows and late cancellations."""
    annotated = with_intake_state(Appointment.objects.with_client_attendance())
    grid = therapist_grid(
        therapist=therapist,
        first_day=first_day,
        days=days,
        now=timezone.now(),
        appointments=annotated,
    )
    for appointment in grid.appointments:
        appointment.intake_flags = intake_flags(appointment)
    return grid


SUNDAY = 6


@access_required(reads_clinic_calendar, "The schedule is for therapists.")
def schedule(request):
    """A therapist's day or week as a time grid. The desk and admins have every therapist's
    on the clinic's calendar.

    This week, seen on a Sunday, is the week to come: on a Sunday a therapist looks ahead
    to their working week, not back at the one ending."""
    if not has_therapist_profile(request.user):
        return redirect("desk")
    form = ScheduleForm(request.GET or None)
    today = timezone.localdate()
    day, view = today, "day"
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["date"] or day
        view = form.cleaned_data["view"] or view
    coming_week = view == "week" and day == today and today.weekday() == SUNDAY
    if view == "week":
        day = today + timedelta(days=1) if coming_week else day - timedelta(days=day.weekday())
    days = 7 if view == "week" else 1
    grid = _schedule_grid(therapist=therapist_of(request.user), first_day=day, days=days)
    context = {
        "form": form,
        "view": view,
        "first_day": day,
        "last_day": day + timedelta(days=days - 1),
        "previous_day": day - timedelta(days=days),
        "next_day": day + timedelta(days=days),
        "grid": grid,
        "booked": any(appointment.is_live for appointment in grid.appointments),
        "coming_week": coming_week,
        "ending_week": today - timedelta(days=today.weekday()),
    }
    return render(request, "sessions/schedule.html", context)


@login_required
@require_POST
def appointment_outcome(request, pk: int):
    appointment = reachable_appointment(request.user, pk)
    if not runs_session(request.user, appointment):
        raise PermissionDenied(OUTCOME_REFUSED)
    try:
        appointment = appointment_set_outcome(
            appointment=appointment, by=request.user, status=request.POST.get("status", "")
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Marked {appointment.get_status_display().lower()}.")
    if not may_read_client_records(request.user, appointment.client_id):
        return redirect("appointment-list")  # the desk: the note is not theirs to read
    return redirect("note", pk=appointment.pk)


@never_cache
@login_required
@require_GET
def appointment_calendar(request, pk: int):
    """One session as an .ics file to add to one's own calendar (same UID as the invitation)."""
    appointment = _visible_appointment(request, pk)
    body = appointment_ics(appointment, method="PUBLISH")
    return calendar_response(body, filename=f"session-{appointment.pk}.ics")
