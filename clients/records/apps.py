from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """A client's record as a whole: the history page with the pain trend, and the export
    as JSON, CSV or a printable page."""

    name = "clients.records"
    label = "records"
    verbose_name = "Client records"
