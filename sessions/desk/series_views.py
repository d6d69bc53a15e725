"""The front desk's series pages: preview a series, book its free times, then book an offered
time in place of each one that was skipped."""

from datetime import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate

from clinic.accounts.access import access_required, runs_front_desk
from sessions.models import AppointmentSeries
from sessions.series import (
    Occurrence,
    SeriesBooking,
    appointment_series_book,
    series_book_occurrence,
    series_preview,
)
from sessions.services import ActionRefused, BookingRefused

from .series_forms import DEFAULTS, OccurrenceForm, SeriesForm

REFUSAL = "Series are booked by the front desk."
# The skipped times of the series booked in this browser session, by series id: the result
# page lists them with the time offered instead.
SKIPPED_KEY = "desk-series-skipped"


def _refuse(form, refusal: Exception) -> None:
    if isinstance(refusal, BookingRefused):
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
    else:
        form.add_error(None, str(refusal))


@access_required(runs_front_desk, REFUSAL, methods=["GET", "POST"])
def series_new(request):
    """GET: the series asked for and a preview of its dates; POST: book the free ones."""
    if request.method == "POST":
        form = SeriesForm(request.POST)
    else:
        form = SeriesForm({**DEFAULTS, **request.GET.dict()} if request.GET else None)
    choice, preview = None, []
    if form.is_bound and form.is_valid():
        choice = dict(form.cleaned_data)
        if request.method == "POST":
            try:
                booking = appointment_series_book(by=request.user, **choice)
            except (BookingRefused, ActionRefused) as refusal:
                _refuse(form, refusal)
            else:
                _remember_skipped(request, booking)
                booked = len(booking.appointments)
                messages.success(request, f"Booked {booked} of {booking.series.count} sessions.")
                return redirect("desk-series-result", pk=booking.series.pk)
        # Shown to choose, or after a refused booking to say which dates are not free.
        preview = series_preview(**choice)
    context = {
        "form": form,
        "choice": choice,
        "preview": preview,
        "free": sum(occurrence.reason is None for occurrence in preview),
    }
    return render(request, "desk/series_new.html", context, status=400 if form.errors else 200)


def _remember_skipped(request, booking: SeriesBooking) -> None:
    skipped = request.session.get(SKIPPED_KEY, {})
    skipped[str(booking.series.pk)] = [
        {
            "start": occurrence.start.isoformat(),
            "reason": occurrence.reason,
            "next_free": occurrence.next_free.isoformat() if occurrence.next_free else None,
        }
        for occurrence in booking.skipped
    ]
    request.session[SKIPPED_KEY] = skipped


def _skipped(request, series: AppointmentSeries, booked_days: set) -> list[Occurrence]:
    """The series' skipped times remembered in this session, but for the days since booked."""
    remembered = request.session.get(SKIPPED_KEY, {}).get(str(series.pk), [])
    skipped = [
        Occurrence(
            start=datetime.fromisoformat(item["start"]),
            reason=item["reason"],
            next_free=datetime.fromisoformat(item["next_free"]) if item["next_free"] else None,
        )
        for item in remembered
    ]
    return [item for item in skipped if localdate(item.start) not in booked_days]


def _result_page(request, series: AppointmentSeries, *, form=None, status: int = 200):
    appointments = list(series.appointments.with_related().order_by("start"))
    booked_days = {localdate(item.start) for item in appointments if item.is_live}
    context = {
        "series": series,
        "appointments": appointments,
        "first": appointments[0] if appointments else None,
        "skipped": _skipped(request, series, booked_days),
        "form": form,
    }
    return render(request, "desk/series_result.html", context, status=status)


@access_required(runs_front_desk, REFUSAL, methods=["GET"])
def series_result(request, pk: int):
    """What a series holds, and the times skipped when it was booked, with what was offered."""
    return _result_page(request, get_object_or_404(AppointmentSeries, pk=pk))


@access_required(runs_front_desk, REFUSAL, methods=["POST"])
def series_book_offer(request, pk: int):
    """Book one time (the one offered for a skipped date) into the series."""
    series = get_object_or_404(AppointmentSeries, pk=pk)
    form = OccurrenceForm(request.POST)
    if form.is_valid():
        try:
            appointment = series_book_occurrence(
                series=series, start=form.cleaned_data["start"], by=request.user
            )
        except (BookingRefused, ActionRefused) as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Booked: {appointment}.")
            return redirect("desk-series-result", pk=series.pk)
    return _result_page(request, series, form=form, status=400)
