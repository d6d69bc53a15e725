from django.contrib import admin

from .models import Appointment


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
