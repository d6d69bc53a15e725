from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from clinic.audit import audit, client_ip
from clinic.models import AuditEvent

from .models import Credential, Modality, Therapist, TimeOff, WorkingHours
from .services import CredentialDecisionRefused, credential_reject, credential_verify


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


class CredentialInline(admin.TabularInline):
    model = Credential
    extra = 0
    fields = [
        "kind",
        "number",
        "issuing_authority",
        "jurisdiction",
        "issued_on",
        "expires_on",
        "status",
    ]
    readonly_fields = ["status"]


class TherapistForm(forms.ModelForm):
    modalities = forms.MultipleChoiceField(
        choices=Modality.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Therapist
        fields = ["user", "display_name", "bio", "modalities", "years_of_practice", "services"]


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    form = TherapistForm
    list_display = ["display_name", "user", "years_of_practice"]
    search_fields = ["display_name", "user__email"]
    filter_horizontal = ["services"]
    inlines = [WorkingHoursInline, TimeOffInline, CredentialInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Credential:
            return super().save_formset(request, form, formset, change)
        for deleted in formset.deleted_forms:  # before the delete, while they have their ids
            if deleted.instance.pk is not None:
                audit_credential_edit(request, deleted.instance, AuditEvent.Action.DELETE)
        super().save_formset(request, form, formset, change)
        for credential in formset.new_objects:
            audit_credential_edit(request, credential, AuditEvent.Action.CREATE)
        for credential, _fields in formset.changed_objects:
            audit_credential_edit(request, credential, AuditEvent.Action.CHANGE)
        return None


def audit_credential_edit(request, credential: Credential, action: str) -> None:
    audit(actor=request.user, action=action, record=credential, ip=client_ip(request))


class RejectionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = [
        "therapist",
        "kind",
        "number",
        "jurisdiction",
        "expires_on",
        "status",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["therapist__display_name", "number"]
    readonly_fields = ["status", "decided_by", "decided_at", "rejection_reason"]
    actions = ["verify", "reject"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        action = AuditEvent.Action.CHANGE if change else AuditEvent.Action.CREATE
        audit_credential_edit(request, obj, action)

    def delete_model(self, request, obj) -> None:
        audit_credential_edit(request, obj, AuditEvent.Action.DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for credential in queryset.select_related("therapist"):
            audit_credential_edit(request, credential, AuditEvent.Action.DELETE)
        super().delete_queryset(request, queryset)

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
        return TemplateResponse(request, "admin/therapists/credential/reject.html", context)
