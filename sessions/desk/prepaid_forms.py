"""What the desk fills in to sell a package, a gift card or a membership's month."""

from decimal import Decimal

from django import forms

from clinic.accounts.models import Role, User
from sessions.billing.models import MembershipPlan, PackageProduct, PaymentMethod
from sessions.billing.sales import GIFT_CARD_MAX, GIFT_CARD_MIN

LATER = "later"
PAID_BY = [
    (PaymentMethod.CASH.value, PaymentMethod.CASH.label),
    (PaymentMethod.CARD.value, PaymentMethod.CARD.label),
    (PaymentMethod.E_TRANSFER.value, PaymentMethod.E_TRANSFER.label),
    (PaymentMethod.GIFT_CARD.value, PaymentMethod.GIFT_CARD.label),
    (LATER, "Later (the invoice stays unpaid)"),
]


class SalePaymentForm(forms.Form):
    """How the sale is paid: in full by one method, or later."""

    method = forms.ChoiceField(label="Paid by", choices=PAID_BY)
    reference = forms.CharField(
        required=False,
        max_length=120,
        help_text="The terminal's receipt, the transfer's reference, or the gift card's code.",
    )


class PackageSaleForm(SalePaymentForm):
    product = forms.ModelChoiceField(
        label="Package",
        queryset=PackageProduct.objects.filter(active=True).select_related("service"),
        error_messages={"invalid_choice": "Unknown package."},
    )
    field_order = ["product", "method", "reference"]


class MembershipStartForm(SalePaymentForm):
    plan = forms.ModelChoiceField(
        label="Membership",
        queryset=MembershipPlan.objects.filter(active=True),
        error_messages={"invalid_choice": "Unknown membership."},
    )
    field_order = ["plan", "method", "reference"]


class GiftCardSaleForm(SalePaymentForm):
    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=GIFT_CARD_MIN, max_value=GIFT_CARD_MAX
    )
    recipient = forms.EmailField(
        required=False,
        label="Recipient's email (optional)",
        help_text="A client of the clinic, who then sees the card on their account.",
    )
    field_order = ["amount", "recipient", "method", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [c for c in PAID_BY if c[0] != PaymentMethod.GIFT_CARD]

    def clean_recipient(self) -> User | None:
        email = self.cleaned_data["recipient"]
        if not email:
            return None
        found = User.objects.filter(email__iexact=email, role=Role.CLIENT, is_active=True).first()
        if found is None:
            raise forms.ValidationError("No client has this email.")
        return found

    def total(self) -> Decimal:
        return self.cleaned_data["amount"]
