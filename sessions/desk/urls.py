from django.urls import path

from . import views

urlpatterns = [
    path("", views.calendar, name="desk"),
    path(
        "appointments/<int:pk>/arrived/",
        views.appointment_arrived,
        name="desk-appointment-arrived",
    ),
    path(
        "appointments/<int:pk>/outcome/",
        views.appointment_outcome,
        name="desk-appointment-outcome",
    ),
    path("appointments/<int:pk>/move/", views.appointment_move, name="desk-move"),
]
