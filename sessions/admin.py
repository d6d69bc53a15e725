from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import Appointment, AppointmentMove


class AppointmentMoveInline(admin.TabularInline):
    """The session's moves, oldest first: kept as they happened, never edited here."""

    model = AppointmentMove
    fields = ["moved_at", "moved_by", "from_start", "to_start", "late"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Read-mostly: bookings change only through the booking rules (pages and API)."""

    list_display = ["start", "therapist", "client_name", "service", "status", "late_cancellation"]
    list_filter = ["status", "late_cancellation", "therapist"]
    search_fields = [
        "client__email",
        "client__first_name",
        "client__last_name",
        "therapist__display_name",
    ]
    date_hierarchy = "start"
    list_select_related = ["therapist", "client", "service"]
    readonly_fields = [field.name for field in Appointment._meta.fields]
    inlines = [AppointmentMoveInline]

    @admin.display(description="Client", ordering="client__last_name")
    def client_name(self, appointment: Appointment) -> str:
        return appointment.client.get_full_name() or appointment.client.email

    def add_view(self, request, form_url="", extra_context=None):
        """Adding an appointment is booking it at the desk, where every booking rule applies:
        nothing is ever created here, whatever is posted."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        messages.info(request, "Sessions are booked at the desk, under the booking rules.")
        return HttpResponseRedirect(reverse("desk-book"))
