from django.urls import path

from . import views

urlpatterns = [
    path("", views.therapist_list, name="therapist-list"),
    path("<int:pk>/", views.therapist_detail, name="therapist-detail"),
]
