from django.contrib import admin
from django.utils import timezone

from clinic.web.admin import ReadOnlyAdminMixin

from .models import (
    Appointment,
    Message,
    MessageState,
    NoteAddendum,
    SessionNote,
    TreatedPoint,
    WaitlistEntry,
    WaitlistOffer,
)
from .send_messages import message_requeue


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Read-mostly: bookings change only through the booking rules (pages and API)."""

    list_display = ["start", "therapist", "client", "service", "status", "late_cancellation"]
    list_filter = ["status", "late_cancellation", "therapist"]
    search_fields = ["client__email", "therapist__display_name"]
    date_hierarchy = "start"
    list_select_related = ["therapist", "client", "service"]
    readonly_fields = [field.name for field in Appointment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class TreatedPointInline(ReadOnlyInline):
    model = TreatedPoint


class AddendumInline(ReadOnlyInline):
    model = NoteAddendum


@admin.register(SessionNote)
class SessionNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Notes are written and signed on the therapist's pages; the admin only shows them."""

    list_display = ["appointment", "author", "status", "signed_at"]
    list_filter = ["status"]
    list_select_related = ["appointment__therapist", "appointment__service", "author"]
    inlines = [TreatedPointInline, AddendumInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Every outgoing message with its state; a failed one can be sent again."""

    list_display = ["kind", "channel", "recipient", "due_at", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "channel"]
    search_fields = ["recipient__email", "key"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in Message._meta.fields]
    actions = ["requeue"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Send the selected failed messages again")
    def requeue(self, request, queryset):
        count = message_requeue(queryset.filter(state=MessageState.FAILED), now=timezone.now())
        self.message_user(request, f"{count} message(s) queued again.")


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
