from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from clinic.web.admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, to read and search: nobody adds, changes or deletes an event."""

    list_display = ["at", "actor", "action", "record_type", "record_id", "subject", "ip"]
    list_filter = ["action", "record_type"]
    search_fields = [
        "actor__email",
        "actor__last_name",
        "subject__email",
        "subject__last_name",
        "record_id",
    ]
    date_hierarchy = "at"
    list_select_related = ["actor", "subject"]
    show_full_result_count = False


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ChangeHistoryAdmin(LogEntryAdmin):
    """django-auditlog's change history, read only: not even a cascade may delete it."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
