from django.apps import AppConfig


class SessionsConfig(AppConfig):
    """Appointments and what happens in them; labelled apart from django.contrib.sessions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions"
    label = "clinic_sessions"
    verbose_name = "Sessions and appointments"

    def ready(self) -> None:
        from therapists.signals import calendar_changed

        from .offers import offer_all_free_time

        calendar_changed.connect(
            lambda sender, therapist_id, **kwargs: offer_all_free_time(therapist_id=therapist_id),
            dispatch_uid="sessions.offer_freed_calendar_time",
            weak=False,
        )
