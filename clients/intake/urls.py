from django.urls import path

from . import views

urlpatterns = [
    path("intake/", views.intake_home, name="intake-home"),
    path("intake/new/", views.intake_start, name="intake-start"),
    path("intake/new/<slug:step>/", views.intake_step, name="intake-step"),
    path("intake/v<int:version>/", views.intake_version, name="intake-version"),
    path("clients/<int:client_id>/intake/", views.client_intake, name="client-intake"),
    path(
        "clients/<int:client_id>/intake/clearance/",
        views.intake_clearance,
        name="intake-clearance",
    ),
]
