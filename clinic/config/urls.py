"""The site's URLs: each prefix is served by the app that owns it (see ARCHITECTURE.md)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from clients.views import signup, signup_done

from . import views
from .moved_admin import moved_admin_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("office/", views.admin_home, name="admin-home"),
    # A client signs up; everyone else's account is made by the clinic.
    path("accounts/signup/", signup, name="signup"),
    path("accounts/signup/done/", signup_done, name="signup-done"),
    path("accounts/", include("clinic.accounts.urls")),
    path("therapists/", include("therapists.urls")),
    path("", include("sessions.urls")),
    path("", include("sessions.notes.urls")),
    path("", include("sessions.checkins.urls")),
    path("", include("sessions.calendars.urls")),
    path("", include("sessions.waitlist.urls")),
    path("", include("clients.urls")),
    path("", include("clients.consent.urls")),
    path("", include("clients.intake.urls")),
    path("", include("clients.records.urls")),
    path("audit/", include("clinic.audit.urls")),
    path("reports/", include("sessions.reports.urls")),
    path("desk/", include("sessions.desk.urls")),
    path("payments/", include("sessions.billing.online_urls")),
    path("invoices/", include("sessions.billing.urls")),
    # Bookmarks of admin pages whose model moved to an app of its own.
    *moved_admin_urls("admin/"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("clinic.config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

handler404 = "clinic.web.views.not_found"
