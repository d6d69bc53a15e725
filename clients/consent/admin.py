from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import ConsentDocument
from .services import consent_document_publish

NEW_VERSION_HELP = (
    "Saving changed wording publishes it as a new version; this version stays as the "
    "clients who agreed to it read it."
)


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    """Consent texts: editing one publishes a new version, never changes a published one."""

    list_display = ["__str__", "kind", "version", "published_at", "is_current"]
    list_filter = ["kind"]
    fields = ["kind", "version", "published_at", "text"]

    def get_queryset(self, request):
        newer = ConsentDocument.objects.filter(
            kind=OuterRef("kind"), version__gt=OuterRef("version")
        )
        return super().get_queryset(request).annotate(has_newer=Exists(newer))

    @admin.display(boolean=True, description="current")
    def is_current(self, document: ConsentDocument) -> bool:
        return not document.has_newer

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["version", "published_at"]
        return ["kind", "version", "published_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            form.base_fields["text"].help_text = NEW_VERSION_HELP
        return form

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # intakes name the version their client agreed to

    def save_model(self, request, obj, form, change):
        obj.published_now = not change or "text" in form.changed_data
        if not obj.published_now:
            return
        published = consent_document_publish(kind=obj.kind, text=obj.text)
        # What the admin goes on to log and show is the version just published.
        obj.pk, obj.version = published.pk, published.version
        obj.published_at = published.published_at

    def response_change(self, request, obj):
        if obj.published_now:
            message = f"{obj} is published; earlier versions stay as clients agreed to them."
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.message_user(request, "The wording is unchanged: nothing was published.")
        return HttpResponseRedirect(reverse("admin:consent_consentdocument_change", args=[obj.pk]))
