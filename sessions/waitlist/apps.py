from django.apps import AppConfig


class WaitlistConfig(AppConfig):
    """Clients waiting for a session, and the freed times offered to them in turn."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions.waitlist"
    label = "waitlist"
    verbose_name = "Waitlist"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
