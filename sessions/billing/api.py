"""The money API: checking a session out, reading invoices, crediting one and waiving a fee."""

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import permission, runs_front_desk
from clinic.web.requests import client_ip, row_id
from sessions.models import Appointment

from .fees import fee_waive
from .models import Invoice, PaymentMethod
from .receipts import receipt_filename, receipt_pdf
from .selectors import for_receipt, invoices_for, therapist_registration
from .services import (
    AS_MONEY_ONLY,
    BillingRefused,
    PaymentIn,
    appointment_checkout,
    invoice_credit,
    payment_refund,
    refund_methods,
)

DeskTakesPayments = permission(runs_front_desk, "Only the front desk and clinic admins do this.")
MONEY = {"max_digits": 10, "decimal_places": 2, "coerce_to_string": True}


class LineSerializer(serializers.Serializer):
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(**MONEY)
    tax = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class InvoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    client = serializers.IntegerField(source="client_id")
    appointment = serializers.IntegerField(source="appointment_id", allow_null=True)
    issued_at = serializers.DateTimeField()
    lines = LineSerializer(many=True)
    subtotal = serializers.DecimalField(**MONEY)
    tax = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    balance = serializers.DecimalField(**MONEY)
    status = serializers.CharField()
    therapist_registration = serializers.SerializerMethodField()

    def get_therapist_registration(self, invoice: Invoice) -> str | None:
        return therapist_registration(invoice)


class InvoiceAnswerSerializer(serializers.Serializer):
    invoice = InvoiceSerializer()


class PaymentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices,
        error_messages={"invalid_choice": "Unknown payment method: {input}."},
    )
    amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": "A payment is more than zero."},
    )
    reference = serializers.CharField(required=False, allow_blank=True, max_length=120)


class CheckoutSerializer(serializers.Serializer):
    payments = PaymentSerializer(many=True, required=False, default=list)


class CreditSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class RefundSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": "A refund is more than zero."},
    )
    method = serializers.ChoiceField(
        choices=refund_methods(),
        error_messages={"invalid_choice": AS_MONEY_ONLY},
    )
    reason = serializers.CharField(max_length=1000)


def _invoice_answer(invoice: Invoice, user) -> dict:
    shown = invoices_for(user).get(pk=invoice.pk)
    return InvoiceSerializer(shown).data


def _refused(refusal: BillingRefused) -> Response:
    return Response({refusal.field: [refusal.message]}, status=status.HTTP_400_BAD_REQUEST)


class AppointmentCheckout(APIView):
    permission_classes = [DeskTakesPayments]

    @extend_schema(request=CheckoutSerializer, responses={200: InvoiceAnswerSerializer})
    def post(self, request, pk: int):
        appointment = get_object_or_404(Appointment.objects.with_related(), pk=pk)
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payments = [PaymentIn(**payment) for payment in data.validated_data["payments"]]
        try:
            invoice, created = appointment_checkout(
                appointment=appointment, by=request.user, payments=payments, ip=client_ip(request)
            )
        except BillingRefused as refusal:
            return _refused(refusal)
        answer = {"invoice": _invoice_answer(invoice, request.user)}
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class InvoiceList(generics.ListAPIView):
    """The desk and admins read every invoice (`?client=ID` for one client's); a client their
    own."""

    serializer_class = InvoiceSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("client", int, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Invoice.objects.none()
        asked = self.request.query_params.get("client", "")
        client_id = row_id(asked)
        if asked and client_id is None:
            raise serializers.ValidationError({"client": ["Unknown client."]})
        return invoices_for(self.request.user, client_id=client_id)


class InvoiceDetail(generics.RetrieveAPIView):
    serializer_class = InvoiceSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invoice.objects.none()
        return invoices_for(self.request.user)


class InvoiceCredit(APIView):
    permission_classes = [DeskTakesPayments]

    @extend_schema(request=CreditSerializer, responses={201: InvoiceSerializer})
    def post(self, request, pk: int):
        invoice = get_object_or_404(invoices_for(request.user), pk=pk)
        data = CreditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            credit = invoice_credit(
                invoice=invoice, by=request.user, ip=client_ip(request), **data.validated_data
            )
        except BillingRefused as refusal:
            return _refused(refusal)
        return Response(_invoice_answer(credit, request.user), status=status.HTTP_201_CREATED)


class InvoiceRefund(APIView):
    """Pay money back on an invoice: a negative payment with its reason (not in the contract;
    the desk's refund page calls the same service)."""

    permission_classes = [DeskTakesPayments]

    @extend_schema(request=RefundSerializer, responses={201: InvoiceSerializer})
    def post(self, request, pk: int):
        invoice = get_object_or_404(invoices_for(request.user), pk=pk)
        data = RefundSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            payment_refund(
                invoice=invoice, by=request.user, ip=client_ip(request), **data.validated_data
            )
        except BillingRefused as refusal:
            return _refused(refusal)
        return Response(_invoice_answer(invoice, request.user), status=status.HTTP_201_CREATED)


class InvoiceReceipt(APIView):
    """The invoice as a PDF (a receipt once paid): for its client, the desk and admins."""

    permission_classes = [IsAuthenticated]

    def perform_content_negotiation(self, request, force=False):
        # The answer is a PDF whatever the Accept header asks for, and a refusal JSON.
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")
        }
    )
    def get(self, request, pk: int):
        invoice = get_object_or_404(for_receipt(Invoice.objects.visible_to(request.user)), pk=pk)
        response = HttpResponse(receipt_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{receipt_filename(invoice)}"'
        add_never_cache_headers(response)
        return response


class InvoiceWaive(APIView):
    """The desk or an admin lets a client off a late-cancellation or no-show fee."""

    permission_classes = [DeskTakesPayments]

    @extend_schema(request=CreditSerializer, responses={201: InvoiceSerializer})
    def post(self, request, pk: int):
        invoice = get_object_or_404(invoices_for(request.user), pk=pk)
        data = CreditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            credit = fee_waive(
                invoice=invoice, by=request.user, ip=client_ip(request), **data.validated_data
            )
        except BillingRefused as refusal:
            return _refused(refusal)
        return Response(_invoice_answer(credit, request.user), status=status.HTTP_201_CREATED)
