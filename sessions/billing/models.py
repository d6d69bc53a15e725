"""Invoices, their lines and their payments. An issued invoice never changes: its amounts are
its lines' and what was paid is its payments'; a correction is a credit note (a negative
invoice referring to the original)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from clinic.accounts.access import runs_front_desk
from sessions.models import AppointmentStatus

ZERO = Decimal("0.00")


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    CARD = "card", "Card (terminal)"
    E_TRANSFER = "e_transfer", "E-transfer"
    GIFT_CARD = "gift_card", "Gift card"
    PACKAGE = "package", "Package credit"


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", "Unpaid"
    PARTLY_PAID = "partly_paid", "Partly paid"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


class InvoiceKind(models.TextChoices):
    """What an invoice is for; a credit note keeps the kind of the invoice it corrects."""

    SESSION = "session", "Session"
    LATE_CANCELLATION = "late_cancellation", "Late-cancellation fee"
    NO_SHOW = "no_show", "No-show fee"
    PACKAGE = "package", "Package"
    MEMBERSHIP = "membership", "Membership"
    GIFT_CARD = "gift_card", "Gift card"


FEE_KINDS = (InvoiceKind.LATE_CANCELLATION, InvoiceKind.NO_SHOW)


class InvoiceCounter(models.Model):
    """The last invoice number given in a year, locked by the transaction that issues the
    next, so numbers are consecutive and never skip."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class InvoiceQuerySet(models.QuerySet):
    def with_amounts(self) -> "InvoiceQuerySet":
        """Annotate `paid_total` (its payments) and `credited_total` (its credit notes'
        totals, negative), as subqueries, so a list keeps one query."""
        payments = (
            Payment.objects.filter(invoice=models.OuterRef("pk"))
            .order_by()
            .values("invoice")
            .annotate(sum=Sum("amount"))
            .values("sum")
        )
        credits = (
            Invoice.objects.filter(credit_of=models.OuterRef("pk"))
            .order_by()
            .values("credit_of")
            .annotate(sum=Sum("total"))
            .values("sum")
        )
        money = models.DecimalField(max_digits=10, decimal_places=2)
        return self.annotate(
            paid_total=Coalesce(models.Subquery(payments, output_field=money), ZERO),
            credited_total=Coalesce(models.Subquery(credits, output_field=money), ZERO),
        )

    def visible_to(self, user) -> "InvoiceQuerySet":
        """Every invoice for the desk and admins; a client's own for the client."""
        return self if runs_front_desk(user) else self.filter(client=user)


class Invoice(models.Model):
    number = models.CharField(max_length=16, unique=True, help_text="Year and sequence.")
    kind = models.CharField(max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.SESSION)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices"
    )
    appointment = models.ForeignKey(
        "clinic_sessions.Appointment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    credit_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        help_text="The invoice this credit note corrects.",
    )
    reason = models.TextField(blank=True, help_text="Why a credit note was issued.")
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=10, decimal_places=2)
    tax = models.DecimalField(max_digits=10, decimal_places=2)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("tax")),
                name="invoice_total_is_subtotal_plus_tax",
            ),
            models.UniqueConstraint(
                fields=["appointment", "kind"],
                condition=Q(credit_of__isnull=True),
                name="one_invoice_of_a_kind_per_appointment",
            ),
            models.UniqueConstraint(
                fields=["credit_of"],
                condition=Q(credit_of__isnull=False),
                name="one_credit_note_per_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"{'Credit note' if self.credit_of_id else 'Invoice'} {self.number}"

    @property
    def audit_subject_id(self) -> int:
        """An invoice's audit events are about its client."""
        return self.client_id

    @property
    def paid(self) -> Decimal:
        paid = self.paid_total if hasattr(self, "paid_total") else self._sum_payments()
        return paid.quantize(ZERO)  # SQLite's sums come back with more places

    def _sum_payments(self) -> Decimal:
        return self.payments.aggregate(sum=Coalesce(Sum("amount"), ZERO))["sum"]

    @property
    def balance(self) -> Decimal:
        """What is still owed: nothing on a credit note or a void invoice."""
        if self.credit_of_id is not None or self.status == InvoiceStatus.VOID:
            return ZERO
        return self.total - self.paid

    @property
    def status(self) -> str:
        credited = getattr(self, "credited_total", None)
        if credited is None:
            credited = self.credit_notes.aggregate(sum=Coalesce(Sum("total"), ZERO))["sum"]
        if credited and credited == -self.total:
            return InvoiceStatus.VOID
        paid = self.paid
        if self.credit_of_id is not None or paid >= self.total:
            return InvoiceStatus.PAID
        return InvoiceStatus.PARTLY_PAID if paid > ZERO else InvoiceStatus.UNPAID

    @property
    def status_label(self) -> str:
        return InvoiceStatus(self.status).label


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    description = models.CharField(max_length=200)
    quantity = models.IntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2)
    tax = models.DecimalField(max_digits=10, decimal_places=2)
    total = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Payment(models.Model):
    """Money taken for an invoice at the desk; a refund is a negative payment with a reason."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    reference = models.CharField(max_length=120, blank=True)
    reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="payment_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}"

    @property
    def audit_subject_id(self) -> int:
        return self.invoice.client_id


class OnlinePaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"
    EXPIRED = "expired", "Expired"
    FAILED = "failed", "Failed"


class OnlinePaymentQuerySet(models.QuerySet):
    def owed_back(self) -> "OnlinePaymentQuerySet":
        """Paid online, never applied to an invoice, and its session cancelled: the desk
        refunds it."""
        return self.filter(
            status=OnlinePaymentStatus.PAID,
            applied_as=None,
            appointment__status=AppointmentStatus.CANCELLED,
        )


class OnlinePayment(models.Model):
    """Money a client pays online for a booked session, before its invoice exists: it is
    paid only once the processor's signed webhook says so, and applied as a card payment
    when the session is checked out."""

    appointment = models.ForeignKey(
        "clinic_sessions.Appointment", on_delete=models.PROTECT, related_name="online_payments"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="online_payments"
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    processor = models.CharField(max_length=20)
    checkout_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True, help_text="The processor's session."
    )
    checkout_url = models.URLField(max_length=1000, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=OnlinePaymentStatus.choices, default=OnlinePaymentStatus.PENDING
    )
    payment_intent = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    applied_as = models.OneToOneField(
        Payment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_payment",
        help_text="The card payment it became on the session's invoice.",
    )

    objects = OnlinePaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="online_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} online ({self.get_status_display()})"

    @property
    def audit_subject_id(self) -> int:
        return self.client_id

    @property
    def owed_back(self) -> bool:
        return (
            self.status == OnlinePaymentStatus.PAID
            and self.applied_as_id is None
            and self.appointment.status == AppointmentStatus.CANCELLED
        )


# Packages, memberships and gift cards: in their own module, registered with this app here.
from .prepaid import (  # noqa: E402, F401
    ClientPackage,
    GiftCard,
    Membership,
    MembershipPeriod,
    MembershipPlan,
    PackageProduct,
    PrepaidUse,
)
