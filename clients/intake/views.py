from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clients.consent.selectors import consent_documents_current
from clinic.accounts.access import (
    access_required,
    is_care_staff,
    is_client,
    readable_client,
)
from clinic.audit.services import audit_read
from clinic.bodymap.painchart import PainChart
from clinic.web.requests import client_ip

from .diff import intake_changes
from .forms import (
    CONSENT_KINDS,
    STEPS,
    ConsentForm,
    ConsentVersionsForm,
    PainChartForm,
    chart_initial,
)
from .models import Intake, IntakeDraft
from .selectors import intake_is_current
from .services import (
    ClearanceRefused,
    IntakeInvalid,
    intake_clear,
    intake_draft_save,
    intake_draft_start,
    intake_submit,
)

CLIENTS_ONLY = "The intake form is for clients."


@access_required(is_client, CLIENTS_ONLY)
def intake_home(request):
    """The client's own intake: the current version, earlier ones, and a draft if any."""
    versions = list(Intake.objects.filter(client=request.user).order_by("-version"))
    current = versions[0] if versions else None
    if current:
        audit_read(request, current)
    context = {
        "current": current,
        "versions": versions,
        "is_current": intake_is_current(current),
        "draft": IntakeDraft.objects.filter(client=request.user).first(),
    }
    return render(request, "intake/intake_home.html", context)


@access_required(is_client, CLIENTS_ONLY, methods=["POST"])
def intake_start(request):
    """Begin (or go on with) a new version, pre-filled from the last one."""
    intake_draft_start(client=request.user)
    return redirect("intake-step", step=STEPS[0].slug)


def _step_index(slug: str) -> int:
    for index, step in enumerate(STEPS):
        if step.slug == slug:
            return index
    raise Http404("No such step.")


def _step_initial(step, answers: dict) -> dict:
    if step.form is PainChartForm:
        saved = answers.get("pain_chart")
        return chart_initial(PainChart.from_json(saved) if saved else None)
    return {name: answers[name] for name in step.form.base_fields if name in answers}


def _step_answers(step, form) -> dict:
    if step.form is PainChartForm:
        return {"pain_chart": form.cleaned_data["chart"].to_json()}
    return {name: form.cleaned_data[name] for name in form.fields if name != "signature"}


@access_required(is_client, CLIENTS_ONLY, methods=["GET", "POST"])
def intake_step(request, step: str):
    index = _step_index(step)
    current = STEPS[index]
    draft = intake_draft_start(client=request.user)
    initial = _step_initial(current, draft.answers)
    form = current.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft = intake_draft_save(draft=draft, answers=_step_answers(current, form))
        if index + 1 < len(STEPS):
            return redirect("intake-step", step=STEPS[index + 1].slug)
        return _submit(request, form, draft)
    return _render_step(request, index, form, status=400 if form.errors else 200)


def _submit(request, form, draft):
    answers = {k: v for k, v in draft.answers.items() if k != "pain_chart"}
    read = ConsentVersionsForm(request.POST)
    if not read.is_valid():
        form.add_error(None, "The consent texts you read were not recognised: read them again.")
        return _render_step(request, len(STEPS) - 1, form, status=400)
    try:
        intake = intake_submit(
            client=request.user,
            answers=answers,
            chart=draft.answers.get("pain_chart"),
            signature=form.cleaned_data["signature"],
            ip=client_ip(request),
            consent_versions=read.versions(),
        )
    except IntakeInvalid as invalid:
        _untick_changed_consents(form, invalid.errors)
        _show_errors_of_all_steps(form, invalid.errors)
        return _render_step(request, len(STEPS) - 1, form, status=400)
    messages.success(request, f"Thank you: version {intake.version} of your intake is signed.")
    return redirect("intake-home")


def _untick_changed_consents(form, errors: dict[str, list[str]]) -> None:
    """A consent refused because its text changed shows unticked: the new text is unread."""
    form.data = form.data.copy()
    for field in CONSENT_KINDS:
        if field in errors:
            form.data.pop(field, None)


def _show_errors_of_all_steps(form, errors: dict[str, list[str]]) -> None:
    """Errors of this step go on their fields; others name their field and step."""
    for field, messages_ in errors.items():
        for message in messages_:
            if field in form.fields:
                form.add_error(field, message)
            else:
                form.add_error(None, f"{_field_label(field)}: {message}")
    earlier = [step.title for step in STEPS[:-1] if set(errors) & set(_step_fields(step))]
    if earlier:
        form.add_error(None, "Please go back and check: " + "; ".join(earlier) + ".")


def _field_label(name: str) -> str:
    if name == "pain_chart":
        return "Pain chart"
    return str(Intake._meta.get_field(name).verbose_name).capitalize()


def _consents(form) -> list[dict]:
    """Each consent's box with the current text it agrees to (None if never published)."""
    documents = consent_documents_current()
    return [
        {"field": form[name], "document": documents.get(kind)}
        for name, kind in CONSENT_KINDS.items()
    ]


def _step_fields(step) -> list[str]:
    return ["pain_chart"] if step.form is PainChartForm else list(step.form.base_fields)


def _render_step(request, index: int, form, *, status: int):
    context = {
        "form": form,
        "step": STEPS[index],
        "steps": STEPS,
        "number": index + 1,
        "previous": STEPS[index - 1] if index else None,
        "is_last": index + 1 == len(STEPS),
    }
    if STEPS[index].form is ConsentForm:
        context["consents"] = _consents(form)
    return render(request, "intake/intake_step.html", context, status=status)


@access_required(is_client, CLIENTS_ONLY)
def intake_version(request, version: int):
    intake = get_object_or_404(Intake.objects.with_consents(), client=request.user, version=version)
    previous = Intake.objects.filter(client=request.user, version__lt=version).first()
    audit_read(request, intake, *([previous] if previous else []))
    context = {"intake": intake, "changes": intake_changes(previous, intake)}
    return render(request, "intake/intake_version.html", context)


@login_required
def client_intake(request, client_id: int):
    """A client's current intake for their therapist: screening first, the chart, changes."""
    client = readable_client(request, client_id)
    versions = list(Intake.objects.filter(client=client).with_consents().order_by("-version")[:2])
    intake = versions[0] if versions else None
    changes = intake_changes(versions[1] if len(versions) > 1 else None, intake) if intake else []
    audit_read(request, *versions)  # the changes show the previous version's answers too
    context = {
        "client": client,
        "intake": intake,
        "is_current": intake_is_current(intake),
        "changes": changes,
        "clearances": list(intake.clearances.select_related("cleared_by")) if intake else [],
        "can_clear": is_care_staff(request.user),  # the client's records are readable
    }
    return render(request, "intake/client_intake.html", context)


@login_required
@require_POST
def intake_clearance(request, client_id: int):
    client = readable_client(request, client_id)
    if not is_care_staff(request.user):  # the client's records are readable
        raise PermissionDenied("Only the client's therapist or an admin can record a clearance.")
    intake = Intake.objects.current_for(client)
    if intake is None:
        raise Http404("No intake.")
    try:
        intake_clear(
            intake=intake, by=request.user, note=request.POST.get("note", ""), ip=client_ip(request)
        )
    except ClearanceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The clearance is recorded.")
    return redirect("client-intake", client_id=client.pk)
