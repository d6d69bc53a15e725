from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The client's intake form: versioned answers, the pain chart, the health screening
    and its clearances."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clients.intake"
    label = "intake"
    verbose_name = "Intake forms"
