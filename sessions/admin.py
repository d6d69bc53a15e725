from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import Appointment


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
