from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import is_client, permission
from clinic.accounts.signin import locked_out, lockout_message, password_confirmed
from clinic.web.api import ERROR_RESPONSE
from clinic.web.requests import client_ip

from .services import CloseRefused, account_close

ClientsCloseAccounts = permission(is_client, "Only a client closes their account here.")


class CloseRequestSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class ClosedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    cancelled_appointments = serializers.ListField(child=serializers.IntegerField())


class CloseAccount(APIView):
    """Close the caller's account (their password confirms it). Upcoming sessions are
    cancelled; the clinical records are kept; the token stops working at once. Wrong
    passwords count toward the sign-in lockout (429)."""

    def get_permissions(self):
        """A POST is a client's; anything else answers 405 first."""
        if self.request.method == "POST":
            return [ClientsCloseAccounts()]
        return super().get_permissions()

    @extend_schema(
        request=CloseRequestSerializer,
        responses={200: ClosedSerializer, 429: ERROR_RESPONSE},
    )
    def post(self, request):
        data = CloseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        confirmed = password_confirmed(request, request.user, data.validated_data["password"])
        if locked_out(request):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        try:
            cancelled = account_close(
                user=request.user, password_confirmed=confirmed, ip=client_ip(request)
            )
        except CloseRefused as refusal:
            raise ValidationError({"password": [str(refusal)]}) from None
        payload = {
            "detail": "Your account is closed.",
            "cancelled_appointments": [appointment.pk for appointment in cancelled],
        }
        return Response(payload)
