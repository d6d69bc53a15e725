from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    """Therapists' professional credentials (licence, certifications, insurance, first
    aid), their documents, and their verification by the clinic's admins."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "therapists.credentials"
    label = "credentials"
    verbose_name = "Credentials"
