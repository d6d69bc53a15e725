from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Invoices and payments: what a session costs, what was paid, and corrections."""

    name = "sessions.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
