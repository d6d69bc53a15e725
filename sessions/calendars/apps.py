from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    """Therapists' private calendar subscriptions to their sessions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions.calendars"
    label = "calendars"
    verbose_name = "Calendar feeds"
