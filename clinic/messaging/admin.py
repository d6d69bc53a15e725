from django.contrib import admin
from django.utils import timezone

from .models import Message, MessageState
from .services import message_requeue


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Every outgoing message with its state; a failed one can be sent again."""

    list_display = ["kind_name", "channel", "recipient", "due_at", "state", "attempts", "sent_at"]
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

    @admin.display(description="Kind", ordering="kind")
    def kind_name(self, message: Message) -> str:
        return message.kind_label

    @admin.action(description="Send the selected failed messages again")
    def requeue(self, request, queryset):
        count = message_requeue(queryset.filter(state=MessageState.FAILED), now=timezone.now())
        self.message_user(request, f"{count} message(s) queued again.")
