from django.apps import AppConfig


class NotesConfig(AppConfig):
    """What happened in a session: the therapist's SOAP note, the trigger points treated,
    and the addenda to a signed note."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions.notes"
    label = "notes"
    verbose_name = "Session notes"
