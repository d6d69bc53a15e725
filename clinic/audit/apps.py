from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: who read or changed which record, when and from where."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
