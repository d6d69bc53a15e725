from django.apps import AppConfig


class ClientsConfig(AppConfig):
    """The client's account: profile and contact choices, sign-up, message preferences
    and closing the account."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clients"

    def ready(self) -> None:
        from clinic.messaging.recipients import set_reach_finder

        from .selectors import client_reach

        # Messages reach clients as their profile says.
        set_reach_finder(client_reach, related=("recipient__client_profile",))
