from django.conf import settings
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField


class ClientProfile(models.Model):
    """What the clinic keeps about a client beyond the account itself."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_profile"
    )
    phone = PhoneNumberField(blank=True, help_text="For text messages, e.g. +1 416 555 0142.")
    by_email = models.BooleanField("messages by email", default=True)
    by_sms = models.BooleanField("messages by text message", default=False)
    reminders = models.BooleanField(
        "reminders and follow-ups",
        default=True,
        help_text="Reminders, aftercare, check-ins and nudges. Confirmations always go out.",
    )
    reminder_2h = models.BooleanField("also a reminder 2 hours before", default=False)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the account was closed at the client's request."
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who closed it.",
    )

    def __str__(self) -> str:
        return str(self.user)
