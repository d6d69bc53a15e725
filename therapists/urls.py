from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.therapist_list, name="therapist-list"),
    path("<int:pk>/", views.therapist_detail, name="therapist-detail"),
    path("me/", views.therapist_profile, name="therapist-profile"),
    path("me/preferences/", views.therapist_preferences, name="therapist-preferences"),
    path("", include("therapists.credentials.urls")),
]
