from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .models import Service


class ServiceSerializer(serializers.ModelSerializer):
    price_with_tax = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        read_only=True,
        help_text="The price with its tax: what the session's invoice totals.",
    )

    class Meta:
        model = Service
        fields = ["id", "name", "duration_minutes", "price", "tax_rate", "price_with_tax"]


class ServiceList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ServiceSerializer
    queryset = Service.objects.active()
