from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from clinic.catalogue.models import Service

from .credentials.api import PublicCredentialSerializer
from .credentials.models import Credential
from .models import Therapist


class TherapistSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    modalities = serializers.ListField(source="modality_labels", child=serializers.CharField())

    class Meta:
        model = Therapist
        fields = ["id", "name", "modalities"]


class TherapistQuerySerializer(serializers.Serializer):
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.active(),
        required=False,
        help_text="Only therapists who offer this service today.",
        error_messages={"does_not_exist": "Unknown service.", "incorrect_type": "Unknown service."},
    )


class TherapistList(generics.ListAPIView):
    """Therapists clients can book today, optionally only those offering a service."""

    permission_classes = [AllowAny]
    serializer_class = TherapistSerializer

    @extend_schema(parameters=[TherapistQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = TherapistQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        therapists = Therapist.objects.bookable()
        service = query.validated_data.get("service")
        if service is not None:
            therapists = therapists.offering(service.pk).qualified_for(service)
        return therapists


class TherapistProfileSerializer(TherapistSerializer):
    credentials = PublicCredentialSerializer(source="public_credentials", many=True)

    class Meta:
        model = Therapist
        fields = ["id", "name", "bio", "years_of_practice", "modalities", "credentials"]


class TherapistDetail(generics.RetrieveAPIView):
    """A bookable therapist's public profile, with the credentials the clinic verified."""

    permission_classes = [AllowAny]
    serializer_class = TherapistProfileSerializer

    def get_queryset(self):
        today = timezone.localdate()
        verified = Credential.objects.valid_on(today).order_by("kind", "certification", "pk")
        return Therapist.objects.bookable(today).prefetch_related(
            Prefetch("credentials", queryset=verified, to_attr="public_credentials")
        )
