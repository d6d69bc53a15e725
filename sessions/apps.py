from django.apps import AppConfig


class SessionsConfig(AppConfig):
    """Appointments and what happens in them; labelled apart from django.contrib.sessions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions"
    label = "clinic_sessions"
    verbose_name = "Sessions and appointments"
