"""The desk's money forms: payment rows (a split payment), a refund, a credit note, and the
invoice list's filters. They check the shape of the input; the billing services the rules."""

from decimal import Decimal

from django import forms
from django.conf import settings

from sessions.billing.models import InvoiceStatus
from sessions.billing.services import PaymentIn, desk_payment_methods, refund_methods

SHOWN_ROWS = 3  # a split payment without the script: three rows to fill
MOST_ROWS = 10
TWO_DECIMALS = {"max_decimal_places": "Amounts have at most two decimals."}


def amount_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"Amount ({settings.CLINIC_CURRENCY})",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={**TWO_DECIMALS, "min_value": "An amount is more than zero."},
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


class PaymentRowForm(forms.Form):
    """One payment of a split payment; a row left empty is no payment."""

    method = forms.ChoiceField(required=False, error_messages={"invalid_choice": "Unknown method."})
    amount = amount_field(required=False)
    reference = forms.CharField(
        required=False, max_length=120, help_text="A terminal slip or transfer number."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [("", "Choose how")] + desk_payment_methods()

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("method"):
            self.add_error("method", "Choose how it was paid.")
        if data.get("method") and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "Enter the amount.")
        return data

    def payment(self) -> PaymentIn | None:
        data = self.cleaned_data
        if data.get("amount") is None:
            return None
        return PaymentIn(method=data["method"], amount=data["amount"], reference=data["reference"])


class BasePaymentRows(forms.BaseFormSet):
    def payments(self) -> list[PaymentIn]:
        """The rows filled in, in order."""
        return [payment for row in self.forms if (payment := row.payment()) is not None]


PaymentRows = forms.formset_factory(
    PaymentRowForm,
    formset=BasePaymentRows,
    extra=SHOWN_ROWS,
    max_num=MOST_ROWS,
    absolute_max=MOST_ROWS,
    validate_max=True,
)


def payment_rows(data=None) -> BasePaymentRows:
    return PaymentRows(data, prefix="pay")


class RefundForm(forms.Form):
    amount = amount_field()
    method = forms.ChoiceField(
        label="Paid back by", error_messages={"invalid_choice": "Unknown method."}
    )
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = refund_methods()


class CreditForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the credit note.",
    )


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(
        label="Client or number",
        required=False,
        max_length=100,
        help_text="A client's name, email or phone, or an invoice number.",
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *InvoiceStatus.choices])
    issued_from = forms.DateField(
        label="Issued from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issued_to = forms.DateField(
        label="Issued to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    client = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        first, last = data.get("issued_from"), data.get("issued_to")
        if first and last and first > last:
            self.add_error("issued_to", "The last day is on or after the first.")
        return data
