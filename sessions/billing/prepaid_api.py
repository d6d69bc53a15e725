"""The desk's look-up of a gift card's balance (an addition beside the money API)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import permission, runs_front_desk

from .balances import gift_card_by_code

DeskReadsGiftCards = permission(runs_front_desk, "Only the front desk and clinic admins do this.")


class GiftCardSerializer(serializers.Serializer):
    code = serializers.CharField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=True)
    balance = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=True)
    expires_on = serializers.DateField()
    expired = serializers.BooleanField()


class GiftCardDetail(APIView):
    permission_classes = [DeskReadsGiftCards]

    @extend_schema(responses={200: GiftCardSerializer})
    def get(self, request, code: str):
        card = gift_card_by_code(code)
        if card is None:
            raise Http404("Unknown gift card.")
        shown = {
            "code": card.code,
            "amount": card.amount,
            "balance": card.balance,
            "expires_on": card.expires_on,
            "expired": card.expired(timezone.localdate()),
        }
        return Response(GiftCardSerializer(shown).data)
