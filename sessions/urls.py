from django.urls import path

from . import (
    approval_views,
    calendar_views,
    message_views,
    note_views,
    views,
    waitlist_views,
)

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

urlpatterns += [
    path("appointments/<int:pk>/note/", note_views.note_page, name="note"),
    path("appointments/<int:pk>/note/start/", note_views.note_start, name="note-start"),
    path("appointments/<int:pk>/note/save/", note_views.note_update, name="note-save"),
    path("appointments/<int:pk>/note/addenda/", note_views.note_addendum, name="note-addendum"),
    path(
        "appointments/<int:pk>/outcome/", note_views.appointment_outcome, name="appointment-outcome"
    ),
]

urlpatterns += [
    path("check-in/<str:token>/", message_views.check_in, name="check-in"),
]

urlpatterns += [
    path("waitlist/", waitlist_views.waitlist, name="waitlist"),
    path("waitlist/join/", waitlist_views.waitlist_join_view, name="waitlist-join"),
    path("waitlist/<int:pk>/leave/", waitlist_views.waitlist_leave_view, name="waitlist-leave"),
    path("waitlist/offers/<int:pk>/", waitlist_views.waitlist_offer, name="waitlist-offer"),
    path(
        "waitlist/offers/<int:pk>/confirm/",
        waitlist_views.waitlist_offer_confirm,
        name="waitlist-offer-confirm",
    ),
    path(
        "waitlist/offers/<int:pk>/decline/",
        waitlist_views.waitlist_offer_decline,
        name="waitlist-offer-decline",
    ),
    path("approvals/", approval_views.approval_list, name="approval-list"),
    path("approvals/<int:pk>/approve/", approval_views.approval_approve, name="approval-approve"),
    path("approvals/<int:pk>/decline/", approval_views.approval_decline, name="approval-decline"),
    path("calendar/<slug:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path(
        "schedule/calendar/",
        calendar_views.calendar_feed_settings,
        name="calendar-feed-settings",
    ),
    path(
        "appointments/<int:pk>/calendar.ics",
        calendar_views.appointment_calendar,
        name="appointment-calendar",
    ),
]
