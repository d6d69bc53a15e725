from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from clinic import audit_views, views

accounts = [
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/backup-codes/", views.two_factor_backup_codes, name="two-factor-backup-codes"),
    path("two-factor/turn-off/", views.two_factor_turn_off, name="two-factor-turn-off"),
    path("", include("django.contrib.auth.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(accounts)),
    path("therapists/", include("therapists.urls")),
    path("", include("sessions.urls")),
    path("", include("clients.urls")),
    path("audit/", audit_views.audit_search, name="audit-search"),
    path("reports/", include("sessions.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("clinic.config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

handler404 = "clinic.views.not_found"
