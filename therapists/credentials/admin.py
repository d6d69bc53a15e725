from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone

from clinic.web.admin import ReadOnlyAdminMixin, ReadOnlyInline
from clinic.web.requests import client_ip

from .models import Credential, CredentialEvent
from .services import (
    CREDENTIAL_FIELDS,
    CredentialDecisionRefused,
    credential_reject,
    credential_verify,
)


class ExpiryColumn:
    @admin.display(description="expiry")
    def expiry(self, credential: Credential) -> str:
        """ "Expired" or "Expires soon" in words, as every page that shows one says it."""
        state = credential.expiry_on(timezone.localdate())
        return state.label if state else "-"


class CredentialInline(ExpiryColumn, admin.TabularInline):
    """Credentials are listed here; they change through their own pages (and history)."""

    model = Credential
    extra = 0
    fields = ["kind", "certification", "number", "issued_on", "expires_on", "expiry", "status"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CredentialEventInline(ReadOnlyInline):
    """The credential's history: read only, never changed or deleted."""

    model = CredentialEvent
    fields = ["at", "action", "actor", "reason", "detail"]
    readonly_fields = fields


class RejectionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


@admin.register(Credential)
class CredentialAdmin(ExpiryColumn, admin.ModelAdmin):
    list_display = [
        "therapist",
        "kind",
        "number",
        "jurisdiction",
        "expires_on",
        "expiry",
        "status",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "kind", "certification"]
    search_fields = ["therapist__display_name", "number"]
    fields = [
        "therapist",
        *CREDENTIAL_FIELDS,
        "expiry",
        "document_type",
        "submitted_at",
        "status",
        "decided_by",
        "decided_at",
        "rejection_reason",
    ]
    # Facts change through the therapist's own page (which sends them back to verification),
    # decisions through the actions: both are recorded as events.
    readonly_fields = fields
    actions = ["verify", "reject"]
    inlines = [CredentialEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # its history refers to it

    def _decide(self, request, queryset, decide) -> None:
        done = 0
        for credential in queryset.select_related("therapist"):
            try:
                decide(credential)
                done += 1
            except CredentialDecisionRefused as refusal:
                self.message_user(request, f"{credential}: {refusal}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} credential(s) updated.", messages.SUCCESS)

    @admin.action(description="Verify the selected credentials")
    def verify(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda c: credential_verify(credential=c, by=request.user, ip=client_ip(request)),
        )

    @admin.action(description="Reject the selected credentials (asks for a reason)")
    def reject(self, request, queryset):
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._decide(
                request,
                queryset,
                lambda c: credential_reject(
                    credential=c, by=request.user, reason=reason, ip=client_ip(request)
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject credentials",
            "form": form,
            "credentials": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/credentials/credential/reject.html", context)


@admin.register(CredentialEvent)
class CredentialEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every step of every credential, searchable; nothing here can be changed."""

    list_display = ["at", "credential", "action", "actor", "reason"]
    list_filter = ["action"]
    search_fields = ["credential__therapist__display_name", "credential__number", "reason"]
    list_select_related = ["credential__therapist", "actor"]
