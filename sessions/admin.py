from django.contrib import admin
from django.utils import timezone

from .models import Appointment, Message, MessageState
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
