"""The client's record: the history page with the pain trend, for the client and for the
client's therapists and admins; and its exports, for the client and for admins."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clients.intake.models import Intake
from clinic.accounts.access import (
    access_required,
    exportable_client,
    is_client,
    readable_client,
)
from clinic.accounts.models import User
from clinic.audit.services import audit_read
from clinic.web.requests import client_ip
from sessions.models import LATE_CANCELLATION, NO_SHOW, Appointment
from sessions.notes.selectors import notes_visible_to

from .exports import record_csv, record_file
from .outcomes import client_outcomes, points_by_muscle, treated_counts
from .plot import pain_plot_svg
from .services import record_export

CLIENTS_ONLY = "This page is for clients."


def _record_context(request, client: User) -> dict:
    notes = list(notes_visible_to(request.user, client.pk))
    intakes = list(Intake.objects.filter(client=client).order_by("-version"))
    audit_read(request, *notes, *intakes[:1])
    therapist_view = not request.user.is_client
    return {
        **(_attendance(client) if therapist_view else {}),
        "client": client,
        "notes": notes,
        "intakes": intakes,
        "plot": pain_plot_svg(client_outcomes(client.pk)),
        "heat": treated_counts(notes[:10]),
        "by_muscle": points_by_muscle(notes),
        "therapist_view": therapist_view,
    }


def _attendance(client: User) -> dict:
    return Appointment.objects.filter(client=client).aggregate(
        no_shows=Count("pk", filter=NO_SHOW),
        late_cancellations=Count("pk", filter=LATE_CANCELLATION),
    )


@login_required
def client_record(request, client_id: int):
    """A client's history for their therapists and admins (a client is sent to their own)."""
    client = readable_client(request, client_id)
    if request.user.is_client:
        return redirect("my-record")
    return render(request, "records/client_record.html", _record_context(request, client))


@access_required(is_client, CLIENTS_ONLY)
def my_record(request):
    return render(request, "records/client_record.html", _record_context(request, request.user))


def _export(request, client: User) -> dict:
    return record_export(client=client, by=request.user, ip=client_ip(request))


def _download(request, client_id: int, fmt: str):
    if fmt not in ("json", "csv"):
        raise Http404("Exports are JSON or CSV.")
    client = exportable_client(request, client_id)
    export = record_csv if fmt == "csv" else record_file
    return export(_export(request, client), client)


@login_required
def client_record_export(request, client_id: int, fmt: str):
    """A copy of any client's whole record (JSON) or of its sessions (CSV), for an admin."""
    return _download(request, client_id, fmt)


@login_required
def my_record_export(request, fmt: str):
    """The client's own copy: the same file as the API's /api/v1/me/export/."""
    return _download(request, request.user.pk, fmt)


@never_cache
@access_required(is_client, CLIENTS_ONLY)
def record_print(request):
    """The client's whole record on one page, laid out to print."""
    return render(request, "records/record_print.html", {"record": _export(request, request.user)})
