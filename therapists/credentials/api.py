from rest_framework import serializers

from .models import Credential


class PublicCredentialSerializer(serializers.ModelSerializer):
    """A verified credential as clients see it: never its number or its document."""

    issuer = serializers.CharField(source="issuing_authority")
    # Credentials verified before decisions were recorded have no date.
    verified_at = serializers.DateTimeField(source="decided_at", allow_null=True)
    expires = serializers.DateField(source="expires_on")

    class Meta:
        model = Credential
        fields = ["kind", "name", "issuer", "status", "verified_at", "expires"]
