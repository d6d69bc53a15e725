"""Pages of session notes and of a client's record (history, outcomes, exports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from clients.intake.models import Intake
from clients.intake.selectors import suggestions_for
from clinic.audit.services import audit_read
from clinic.bodymap.muscles import MUSCLES
from clinic.web.requests import client_ip
from sessions.models import Appointment
from sessions.selectors import reachable_appointment
from sessions.services import runs_session, session_has_started

from .forms import NoteForm, PagePointFormSet
from .models import SessionNote
from .selectors import notes_visible_to
from .services import (
    NoteInvalid,
    NoteRefused,
    limit_text,
    note_add_addendum,
    note_check_editable,
    note_check_signable,
    note_limit_breaches,
    note_limits,
    note_open,
    note_save,
    note_sign,
)


def _appointment(request, pk: int) -> Appointment:
    return reachable_appointment(request.user, pk)


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
    context = {
        "appointment": appointment,
        "note": note,
        "is_author": is_author,
        "runs_session": runs_session(request.user, appointment),
    }
    return render(request, "notes/note.html", context)


def _formset(note: SessionNote, data=None) -> PagePointFormSet:
    initial = [
        {name: getattr(point, name) for name in PagePointFormSet.form.base_fields}
        for point in note.points.all()
    ]
    return PagePointFormSet(data, initial=initial, prefix="points")


def _editor(request, appointment, note, form, formset, *, status=200, saved=False):
    """The draft's editor; `saved` when the draft was saved but could not be signed."""
    intake = note.intake or Intake.objects.current_for(appointment.client)
    suggestions, suggestion_note = suggestions_for(intake)
    limits = note_limits(note)
    context = {
        "appointment": appointment,
        "note": note,
        "form": form,
        "formset": formset,
        "intake": intake,
        "suggestions": suggestions,
        "suggestion_note": suggestion_note,
        "muscles": MUSCLES,
        "limits": [limit.as_json() for limit in limits],
        "limit_lines": [(limit_text(limit), limit.reason) for limit in limits],
        "saved": saved,
        "signable": session_has_started(appointment, now=timezone.now()),
    }
    return render(request, "notes/note_edit.html", context, status=status)


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
            note_check_signable(note=note, by=request.user)
    except NoteRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    except NoteInvalid as invalid:
        for field, errors in invalid.errors.items():
            for error in errors if field != "points" else []:
                form.add_error(field if field in form.fields else None, error)
        return _editor(request, appointment, note, form, _formset(note), status=400, saved=True)
    if "sign" in request.POST:
        return redirect("note-sign", pk=appointment.pk)
    messages.success(request, "Draft saved.")
    return redirect("note", pk=appointment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def note_sign_page(request, pk: int):
    """The confirm step before a draft is signed and locked: the note as it will stand,
    and the screening's limits it breaks, which need a written reason."""
    appointment = _appointment(request, pk)
    note = _note_of(request, appointment)
    if note is None:
        raise Http404("No note for this session yet.")
    try:
        note_check_editable(note=note, by=request.user)
    except NoteRefused as refusal:
        raise PermissionDenied(str(refusal)) from None
    reason, errors, status = "", [], 200
    if request.method == "POST":
        reason = request.POST.get("override_reason", "")
        try:
            note_sign(note=note, by=request.user, override_reason=reason, ip=client_ip(request))
        except NoteRefused as refusal:
            raise PermissionDenied(str(refusal)) from None
        except NoteInvalid as invalid:
            errors = [
                error
                for field, field_errors in invalid.errors.items()
                if field != "limit_breaches"
                for error in field_errors
            ]
            status = 400
        else:
            messages.success(request, "The note is signed.")
            return redirect("note", pk=appointment.pk)
    else:
        audit_read(request, note)
    context = {
        "appointment": appointment,
        "note": note,
        "breaches": note_limit_breaches(note),
        "override_reason": reason,
        "errors": errors,
    }
    return render(request, "notes/note_sign.html", context, status=status)


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
