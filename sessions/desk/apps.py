from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The front desk: the clinic's calendar, booking for a client, finding clients, series."""

    name = "sessions.desk"
    label = "desk"
    verbose_name = "Front desk"
