import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from clients.intake.models import Intake
from clinic.accounts.access import may_read_client_records
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit_read, audit_records
from clinic.web.requests import client_ip
from sessions.models import LATE_CANCELLATION, NO_SHOW, Appointment
from sessions.notes.models import SessionNote
from sessions.notes.selectors import notes_visible_to

from .api import record_file
from .plot import pain_plot_svg
from .selectors import client_outcomes, client_record_export, points_by_muscle, treated_counts


def _own_record(request) -> dict:
    if not request.user.is_client:
        raise Http404("Only clients have a record to download.")
    return client_record_export(client=request.user, ip=client_ip(request))


@login_required
def record_download(request):
    """The whole record as a JSON file, the same as the API's /api/v1/me/export/."""
    return record_file(_own_record(request), request.user)


@never_cache
@login_required
def record_print(request):
    """The whole record on one page, laid out to print."""
    if not request.user.is_client:
        raise PermissionDenied("This page is for clients.")
    return render(request, "records/record_print.html", {"record": _own_record(request)})


def _record_client(request, client_id: int) -> User:
    if not may_read_client_records(request.user, client_id):
        raise Http404("No such client.")
    return get_object_or_404(User, pk=client_id, role="client")


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
    """A client's history for their therapists and admins."""
    client = _record_client(request, client_id)
    if request.user.is_client:
        return redirect("my-record")
    return render(request, "records/client_record.html", _record_context(request, client))


@login_required
def my_record(request):
    if not request.user.is_client:
        raise PermissionDenied("This page is for clients.")
    return render(request, "records/client_record.html", _record_context(request, request.user))


def _point_text(point) -> str:
    technique, response = point.get_technique_display(), point.get_response_display()
    return f"{point.muscle_name} ({point.side}) {technique}, {response}"


EXPORT_FIELDS = [
    "date",
    "service",
    "therapist",
    "status",
    *SessionNote.CONTENT_FIELDS,
    "points",
]


def _export_rows(notes) -> list[dict]:
    return [
        {
            "date": note.appointment.start.isoformat(),
            "service": str(note.appointment.service),
            "therapist": str(note.appointment.therapist),
            "status": note.status,
            **note.content,
            "points": "; ".join(_point_text(point) for point in note.points.all()),
        }
        for note in notes
    ]


@login_required
def record_export(request, client_id: int | None = None, fmt: str = "json"):
    """A client's sessions as JSON or CSV, for admins; the client's own sessions as CSV, and
    their whole record as JSON."""
    if fmt not in ("json", "csv"):
        raise Http404("Exports are JSON or CSV.")
    if client_id is None and fmt == "json":
        return record_download(request)  # the client's whole record, not only the sessions
    client_id = client_id or request.user.pk
    own = client_id == request.user.pk and request.user.is_client
    if not (own or request.user.is_clinic_admin or request.user.is_superuser):
        raise Http404("No such client.")
    client = get_object_or_404(User, pk=client_id, role="client")
    notes = list(notes_visible_to(request.user, client.pk))
    intakes = list(Intake.objects.filter(client=client).order_by("version"))
    audit_records(request, AuditEvent.Action.EXPORT, [*notes, *intakes])
    rows = _export_rows(notes)
    name = f"clinic-record-{client.pk}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        return response
    payload = {
        "client": {"id": client.pk, "name": client.get_full_name(), "email": client.email},
        "intakes": [
            {
                "version": i.version,
                "signed_at": i.signed_at,
                "pain_chart": i.pain_chart,
                "screening": i.screening_status,
            }
            for i in intakes
        ],
        "sessions": rows,
    }
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
