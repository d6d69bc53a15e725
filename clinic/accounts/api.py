from django.contrib.auth import authenticate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .access import is_clinic_staff
from .apitokens import ApiTokenAuthentication, api_token_create, api_tokens_revoke
from .signals import second_factor_refused, signed_in_with_token
from .signin import lockout_message
from .twofactor import TooManyCodes, has_second_factor, second_factor_verify

WRONG_CODE = "The one-time code is not right, or it was used already."


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        max_length=32,
        help_text=(
            "The 6-digit code of the account's authenticator app, or one of its backup codes. "
            "Required for therapists and admins, and for clients who turned on two-step sign-in."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown this once: the clinic keeps only a digest.")
    expires = serializers.DateTimeField(help_text="When the token stops working (ISO 8601).")


class TokenView(APIView):
    """Trade an email and password (and a one-time code, for accounts with two-step sign-in)
    for a new API token, sent as `Authorization: Token <token>` until it `expires` (hours
    later: API_TOKEN_HOURS for staff, API_TOKEN_HOURS_CLIENT for clients). Five failed
    sign-ins of one account from one address pause its sign-in for a while (429), as do
    many failures from one address. DELETE, with a token, signs out: every token of the
    account stops working."""

    def get_authenticators(self):
        """Only signing out needs a token: a stale one sent with a sign-in is ignored."""
        return [ApiTokenAuthentication()] if self._signing_out() else []

    def get_permissions(self):
        return [IsAuthenticated()] if self._signing_out() else [AllowAny()]

    def _signing_out(self) -> bool:
        # The schema generator asks without a request.
        return getattr(self.request, "method", None) == "DELETE"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: OpenApiTypes.OBJECT, 429: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(request, email=data["email"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            return _refused({"detail": "The email or password is not right."})
        enrolled = has_second_factor(user)
        if enrolled or is_clinic_staff(user):
            refusal = _second_factor_refusal(request, user, enrolled, data.get("otp", ""))
            if refusal is not None:
                return refusal
        signed_in_with_token.send(sender=type(user), request=request, user=user)
        key, token = api_token_create(user=user)
        return Response(TokenSerializer({"token": key, "expires": token.expires}).data)

    @extend_schema(request=None, responses={204: None}, auth=[{"tokenAuth": []}])
    def delete(self, request):
        api_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _refused(errors: dict) -> Response:
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


def _second_factor_refusal(request, user, enrolled: bool, code: str) -> Response | None:
    if not enrolled:
        return _refused({"otp": ["Set up two-step sign-in on the website first."]})
    if not code:
        return _refused({"otp": ["This account needs a one-time code: add `otp`."]})
    try:
        device = second_factor_verify(user=user, code=code)
    except TooManyCodes as paused:
        return Response({"otp": [str(paused)]}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if device is None:
        second_factor_refused.send(sender=type(user), request=request, user=user)
        return _refused({"otp": [WRONG_CODE]})
    return None
