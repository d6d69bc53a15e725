from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People who sign in (clients, therapists, admins), their roles, sign-in and two-step
    sign-in, and who may read what."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic.accounts"
    # The label the user table and its migrations were made under (AUTH_USER_MODEL is
    # "clinic.User"): a swappable user model can't change app once tables point at it.
    label = "clinic"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
