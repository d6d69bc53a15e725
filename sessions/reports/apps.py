from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The clinic's reports for admins: activity, utilisation, intakes, pain and messages."""

    name = "sessions.reports"
    label = "reports"
    verbose_name = "Reports"
