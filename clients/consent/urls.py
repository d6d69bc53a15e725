from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("privacy/v<int:version>/", views.privacy_notice_version, name="privacy-version"),
]
