from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from clinic.accounts.access import access_required, has_therapist_profile, is_admin, therapist_of
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.web.requests import client_ip

from .forms import CredentialForm, RejectForm
from .models import DOCUMENT_EXTENSIONS, EXPIRES_SOON_DAYS, Credential, Expiry
from .services import (
    CredentialChangeRefused,
    CredentialDecisionRefused,
    credential_reject,
    credential_submit,
    credential_update,
    credential_verify,
)

THERAPISTS_ONLY = "This page is for therapists."


def _save_credential(request, form: CredentialForm, save) -> bool:
    """Run the service on a valid form; its refusals become the form's errors."""
    if not form.is_valid():
        return False
    try:
        save(form.facts(), request.FILES.get("document"))
    except ValidationError as error:
        form.add_error(None, error)
        return False
    except CredentialChangeRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    return True


@access_required(has_therapist_profile, THERAPISTS_ONLY, methods=["GET", "POST"])
def credential_new(request):
    therapist = therapist_of(request.user)
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _save_credential(
        request,
        form,
        lambda facts, document: credential_submit(
            therapist=therapist,
            by=request.user,
            fields=facts,
            document=document,
            ip=client_ip(request),
        ),
    ):
        messages.success(request, "Sent for verification.")
        return redirect("therapist-profile")
    status = 400 if form.errors else 200
    context = {"form": form, "credential": None}
    return render(request, "credentials/credential_form.html", context, status=status)


@access_required(has_therapist_profile, THERAPISTS_ONLY, methods=["GET", "POST"])
def credential_edit(request, pk: int):
    therapist = therapist_of(request.user)
    credential = get_object_or_404(therapist.credentials, pk=pk)
    form = CredentialForm(
        request.POST or None, request.FILES or None, instance=credential, document_required=False
    )
    if request.method == "POST" and _save_credential(
        request,
        form,
        lambda facts, document: credential_update(
            credential=credential,
            by=request.user,
            fields=facts,
            document=document,
            ip=client_ip(request),
        ),
    ):
        messages.success(request, "Saved.")
        return redirect("therapist-profile")
    credential.refresh_from_db()  # the form changed it in memory
    status = 400 if form.errors else 200
    context = {"form": form, "credential": credential}
    return render(request, "credentials/credential_form.html", context, status=status)


# Documents


def _document_response(request, credential: Credential, *, inline: bool) -> FileResponse:
    if not credential.document:
        raise Http404
    try:
        stream = credential.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit(
        actor=request.user,
        action=AuditEvent.Action.READ,
        record=credential,
        ip=client_ip(request),
        detail="credential document" + (" (preview)" if inline else ""),
    )
    extension = DOCUMENT_EXTENSIONS.get(credential.document_type, "")
    response = FileResponse(
        stream,
        as_attachment=not inline,
        filename=f"{credential.kind}-{credential.pk}{extension}",
        content_type=credential.document_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def credential_document(request, pk: int):
    """The document as a download: for its therapist and the admins; a 404 for anyone
    else, whether it exists or not."""
    user = request.user
    credentials = Credential.objects.select_related("therapist__user")
    if not is_admin(user):
        if not user.is_authenticated:
            raise Http404
        credentials = credentials.filter(therapist__user=user)
    credential = get_object_or_404(credentials, pk=pk)
    return _document_response(request, credential, inline=False)


# Framed by the review page only: the site's policy forbids every frame.
PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF],
    "object-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}


@require_GET
@xframe_options_sameorigin
@csp_override(PREVIEW_CSP)
def credential_document_preview(request, pk: int):
    """The document shown inline beside its fields on the admins' review page."""
    if not is_admin(request.user):
        raise Http404
    credential = get_object_or_404(Credential.objects.select_related("therapist__user"), pk=pk)
    return _document_response(request, credential, inline=True)


# The admins' verification queue


@access_required(is_admin, "The verification queue is for clinic admins.", methods=["GET"])
def credential_queue(request):
    pending = list(Credential.objects.pending().select_related("therapist"))
    today = timezone.localdate()
    expiries = [credential.expiry_on(today) for credential in pending]
    context = {
        "pending": pending,
        "expired": expiries.count(Expiry.EXPIRED),
        "expiring": expiries.count(Expiry.SOON),
        "expires_soon_days": EXPIRES_SOON_DAYS,
    }
    return render(request, "credentials/credential_queue.html", context)


def _reviewed(request, pk: int) -> Credential:
    if not is_admin(request.user):
        raise Http404
    queryset = Credential.objects.select_related("therapist__user", "decided_by")
    return get_object_or_404(queryset, pk=pk)


def _review_page(request, credential: Credential, *, reject_form=None, status=200):
    context = {
        "credential": credential,
        "events": credential.events.select_related("actor"),
        "reject_form": reject_form or RejectForm(),
        "own": credential.therapist.user_id == request.user.pk,
    }
    return render(request, "credentials/credential_review.html", context, status=status)


@login_required
@require_GET
def credential_review(request, pk: int):
    return _review_page(request, _reviewed(request, pk))


@login_required
@require_POST
def credential_verify_view(request, pk: int):
    credential = _reviewed(request, pk)
    try:
        credential_verify(credential=credential, by=request.user, ip=client_ip(request))
    except CredentialDecisionRefused as refusal:
        messages.error(request, str(refusal))
        return _review_page(request, credential, status=400)
    messages.success(request, f"Verified: {credential.name} of {credential.therapist}.")
    return redirect("credential-queue")


@login_required
@require_POST
def credential_reject_view(request, pk: int):
    credential = _reviewed(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            credential_reject(
                credential=credential,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except CredentialDecisionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Rejected: {credential.name} of {credential.therapist}.")
            return redirect("credential-queue")
    return _review_page(request, credential, reject_form=form, status=400)
