from django.apps import AppConfig


class ConsentConfig(AppConfig):
    """The texts clients agree to (consent to treatment, the privacy notice), each kept in
    numbered versions so a signature names the wording it agreed to."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clients.consent"
    label = "consent"
    verbose_name = "Consent texts"
