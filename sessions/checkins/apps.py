from django.apps import AppConfig


class CheckInsConfig(AppConfig):
    """The client's check-in a few days after a session: how the pain is now."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions.checkins"
    label = "checkins"
    verbose_name = "Check-ins"
