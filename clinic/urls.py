from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import views

accounts = [
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("", include("django.contrib.auth.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(accounts)),
    path("therapists/", include("therapists.urls")),
    path("", include("sessions.urls")),
    path("", include("clients.urls")),
    path("reports/", include("sessions.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("clinic.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
