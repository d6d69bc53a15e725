from django.conf import settings
from django.db import models


class ClientProfile(models.Model):
    """What the clinic keeps about a client beyond the account itself."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_profile"
    )
    phone = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return str(self.user)
