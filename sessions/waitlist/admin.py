from django.contrib import admin

from clinic.web.admin import ReadOnlyInline

from .models import WaitlistEntry, WaitlistOffer


class WaitlistOfferInline(ReadOnlyInline):
    model = WaitlistOffer
    fields = ["therapist", "start", "expires_at", "state", "decided_at", "appointment"]
    readonly_fields = fields


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    """Who waits for what, in order of joining, with the offers each was made."""

    list_display = [
        "created_at",
        "client",
        "service",
        "therapist",
        "first_day",
        "last_day",
        "state",
    ]
    list_filter = ["state", "service"]
    search_fields = ["client__email", "therapist__display_name"]
    list_select_related = ["client", "service", "therapist"]
    readonly_fields = [field.name for field in WaitlistEntry._meta.fields]
    inlines = [WaitlistOfferInline]

    def has_add_permission(self, request) -> bool:
        return False
