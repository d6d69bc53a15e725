from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MessagingConfig(AppConfig):
    """Outgoing messages: rows planned with the changes they are about, claimed and sent by
    Celery workers. Each app declares its kinds of message in its own messages.py."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic.messaging"
    label = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        # Each app's messages.py registers its kinds of message.
        autodiscover_modules("messages")
