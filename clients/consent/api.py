from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .models import ConsentDocument


class ConsentDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsentDocument
        fields = ["kind", "version", "text", "published_at"]


class CurrentConsentDocuments(generics.ListAPIView):
    """The current version of each consent text: what an intake's consents agree to.
    Send each `version` back with the intake (`consent_<kind>_version`)."""

    permission_classes = [AllowAny]
    pagination_class = None
    serializer_class = ConsentDocumentSerializer

    def get_queryset(self):
        return ConsentDocument.objects.latest_of_each_kind().order_by("kind")
