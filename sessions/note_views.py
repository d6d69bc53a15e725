"""Pages of session notes and of a client's record (history, outcomes, exports)."""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clients.models import Intake
from clients.selectors import can_read_client_records
from clients.views import record_download
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit_read, audit_records, client_ip
from clinic.bodymap.muscles import MUSCLES

from .models import LATE_CANCELLATION, NO_SHOW, Appointment, SessionNote
from .note_forms import NoteForm, PagePointFormSet
from .notes import (
    NoteInvalid,
    NoteRefused,
    appointment_set_outcome,
    note_add_addendum,
    note_check_editable,
    note_open,
    note_save,
    note_sign,
)
from .plot import pain_plot_svg
from .selectors import (
    client_outcomes,
    note_appointments,
    notes_visible_to,
    points_by_muscle,
    suggestions_for,
    treated_counts,
)


def _appointment(request, pk: int) -> Appointment:
    return get_object_or_404(note_appointments(request.user).with_related(), pk=pk)


def _note_of(request, appointment: Appointment) -> SessionNote | None:
    return (
        notes_visible_to(request.user, appointment.client_id)
        .filter(appointment=appointment)
        .first()
    )


@login_required
def note_page(request, pk: int):
    """The session's note: the editor for its therapist's draft, the note itself otherwise."""
    appointment = _appointment(request, pk)
    note = _note_of(request, appointment)
    is_author = appointment.therapist.user_id == request.user.pk
    if note is None and not is_author:
        raise Http404("No note for this session yet.")
    if note is not None:
        audit_read(request, note)
    if note is not None and not note.is_signed and is_author:
        return _editor(request, appointment, note, NoteForm(instance=note), _formset(note))
    context = {"appointment": appointment, "note": note, "is_author": is_author}
    return render(request, "sessions/note.html", context)


def _formset(note: SessionNote, data=None) -> PagePointFormSet:
    initial = [
        {name: getattr(point, name) for name in PagePointFormSet.form.base_fields}
        for point in note.points.all()
    ]
    return PagePointFormSet(data, initial=initial, prefix="points")


def _editor(request, appointment, note, form, formset, *, status=200):
    intake = note.intake or Intake.objects.current_for(appointment.client)
    suggestions, suggestion_note = suggestions_for(intake)
    context = {
        "appointment": appointment,
        "note": note,
        "form": form,
        "formset": formset,
        "intake": intake,
        "suggestions": suggestions,
        "suggestion_note": suggestion_note,
        "muscles": MUSCLES,
    }
    return render(request, "sessions/note_edit.html", context, status=status)


@login_required
@require_POST
def note_start(request, pk: int):
    appointment = _appointment(request, pk)
    try:
        note_open(appointment=appointment, by=request.user, ip=client_ip(request))
    except NoteRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    return redirect("note", pk=appointment.pk)


@login_required
@require_POST
def note_update(request, pk: int):
    """Save the draft; with `sign` in the form, sign it as well."""
    appointment = _appointment(request, pk)
    note = _note_of(request, appointment)
    if note is None:
        raise Http404("No note for this session yet.")
    try:  # before validation: a refused user gets 403 whatever they sent
        note_check_editable(note=note, by=request.user)
    except NoteRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    form = NoteForm(request.POST, instance=note)
    formset = _formset(note, request.POST)
    if not (form.is_valid() and formset.is_valid()):
        return _editor(request, appointment, note, form, formset, status=400)
    points = [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    ip = client_ip(request)
    try:
        note = note_save(note=note, by=request.user, fields=form.cleaned_data, points=points, ip=ip)
        if "sign" in request.POST:
            note_sign(note=note, by=request.user, ip=ip)
    except NoteRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    except NoteInvalid as invalid:
        for field, errors in invalid.errors.items():
            for error in errors if field != "points" else []:
                form.add_error(field if field in form.fields else None, error)
        return _editor(request, appointment, note, form, _formset(note), status=400)
    messages.success(request, "The note is signed." if "sign" in request.POST else "Draft saved.")
    return redirect("note", pk=appointment.pk)


@login_required
@require_POST
def note_addendum(request, pk: int):
    appointment = _appointment(request, pk)
    note = _note_of(request, appointment)
    if note is None:
        raise Http404("No note for this session yet.")
    try:
        note_add_addendum(
            note=note, by=request.user, text=request.POST.get("text", ""), ip=client_ip(request)
        )
    except NoteRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    except NoteInvalid:
        messages.error(request, "Write the addendum before adding it.")
    else:
        messages.success(request, "The addendum is added.")
    return redirect("note", pk=appointment.pk)


@login_required
@require_POST
def appointment_outcome(request, pk: int):
    appointment = _appointment(request, pk)
    if appointment.therapist.user_id != request.user.pk and not request.user.is_clinic_admin:
        raise PermissionDenied("Only the session's therapist or an admin records its outcome.")
    try:
        appointment_set_outcome(
            appointment=appointment, by=request.user, status=request.POST.get("status", "")
        )
    except NoteRefused as refusal:
        messages.error(request, str(refusal))
    except NoteInvalid:
        messages.error(request, "Choose completed or no-show.")
    else:
        messages.success(request, f"Marked {appointment.get_status_display().lower()}.")
    return redirect("note", pk=appointment.pk)


def _record_client(request, client_id: int) -> User:
    if not can_read_client_records(request.user, client_id):
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
    return render(request, "sessions/client_record.html", _record_context(request, client))


@login_required
def my_record(request):
    if not request.user.is_client:
        raise PermissionDenied("This page is for clients.")
    return render(request, "sessions/client_record.html", _record_context(request, request.user))


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
