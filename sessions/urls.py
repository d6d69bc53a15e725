from django.urls import path

from . import views

urlpatterns = [
    path("appointments/", views.appointment_list, name="appointment-list"),
    path("appointments/new/", views.appointment_new, name="appointment-new"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel_view, name="appointment-cancel"),
    path(
        "appointments/<int:pk>/reschedule/",
        views.appointment_reschedule_view,
        name="appointment-reschedule",
    ),
    path("schedule/", views.schedule, name="schedule"),
]
