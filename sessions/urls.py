from django.urls import path

from . import approval_views, views

urlpatterns = [
    path("appointments/", views.appointment_list, name="appointment-list"),
    path("appointments/new/", views.appointment_new, name="appointment-new"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel_view, name="appointment-cancel"),
    path(
        "appointments/<int:pk>/reschedule/",
        views.appointment_reschedule_view,
        name="appointment-reschedule",
    ),
    path("appointments/<int:pk>/outcome/", views.appointment_outcome, name="appointment-outcome"),
    path(
        "appointments/<int:pk>/calendar.ics",
        views.appointment_calendar,
        name="appointment-calendar",
    ),
    path("schedule/", views.schedule, name="schedule"),
    path("approvals/", approval_views.approval_list, name="approval-list"),
    path("approvals/<int:pk>/approve/", approval_views.approval_approve, name="approval-approve"),
    path("approvals/<int:pk>/decline/", approval_views.approval_decline, name="approval-decline"),
]
