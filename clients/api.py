from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import is_client, looks_up_clients, permission
from clinic.accounts.models import User
from clinic.accounts.signin import locked_out, lockout_message, password_confirmed
from clinic.web.api import ERROR_RESPONSE
from clinic.web.requests import client_ip

from .selectors import client_search, clients_of
from .services import (
    CloseRefused,
    ConfirmationRefused,
    account_close,
    email_confirmation_resend,
)

ClientsCloseAccounts = permission(is_client, "Only a client closes their account here.")
ClientsConfirmEmail = permission(is_client, "Only clients confirm their email address here.")
LooksUpClients = permission(looks_up_clients, "Only the clinic's staff look up clients.")


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


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class EmailConfirmationSend(APIView):
    """Email the caller a new link that confirms their address (at most one an hour), which
    a client who signed up needs before their first booking. 400 once it is confirmed."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [ClientsConfirmEmail()]
        return super().get_permissions()

    @extend_schema(request=None, responses={202: DetailSerializer, 400: ERROR_RESPONSE})
    def post(self, request):
        try:
            email_confirmation_resend(user=request.user)
        except ConfirmationRefused as refusal:
            raise ValidationError({"detail": str(refusal)}) from None
        payload = {"detail": f"We sent a new link to {request.user.email}."}
        return Response(payload, status=status.HTTP_202_ACCEPTED)


class ClientContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.SerializerMethodField()

    def get_phone(self, client) -> str:
        profile = getattr(client, "client_profile", None)
        return str(profile.phone) if profile is not None and profile.phone else ""


class ClientList(generics.ListAPIView):
    """Clients the caller may look up, newest first: every client for the desk and admins,
    a therapist's own. `search` keeps those whose first name, last name, full name or email
    starts with it (any case), or whose phone number's digits start with its digits."""

    permission_classes = [LooksUpClients]
    serializer_class = ClientContactSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "search", str, description="A prefix of a name, an email or a phone number."
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return User.objects.none()
        found = client_search(self.request.query_params.get("search", ""))
        return clients_of(self.request.user, found)
