from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The clinic's reports for admins: activity, utilisation, intakes, pain, messages and
    money (the front desk opens the daily close)."""

    name = "sessions.reports"
    label = "reports"
    verbose_name = "Reports"
