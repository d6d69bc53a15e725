from django.urls import path

from . import views

urlpatterns = [
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("schedule/calendar/", views.calendar_feed_settings, name="calendar-feed-settings"),
]
