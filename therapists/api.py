from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .models import Therapist


class TherapistSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    modalities = serializers.ListField(source="modality_labels", child=serializers.CharField())

    class Meta:
        model = Therapist
        fields = ["id", "name", "modalities"]


class TherapistList(generics.ListAPIView):
    """Therapists clients can book today."""

    permission_classes = [AllowAny]
    serializer_class = TherapistSerializer

    def get_queryset(self):
        return Therapist.objects.bookable()
