from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from phonenumber_field.formfields import PhoneNumberField

from clients.models import ClientProfile
from clinic.accounts.models import User


class SignUpForm(BaseUserCreationForm):
    phone = PhoneNumberField(
        required=False, help_text="Optional, for text-message reminders, e.g. +1 416 555 0142."
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        """An address in use is answered as a new one is (its owner is told by email), so
        the form never says whose address has an account."""

    def validate_constraints(self) -> None:
        """As validate_unique: the only constraint is the address's uniqueness."""


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password, to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ClientProfile
        fields = ["by_email", "by_sms", "phone", "reminders", "reminder_2h"]

    def clean(self):
        cleaned = super().clean()
        # An invalid number has its own error already; this one is for a missing number.
        if cleaned.get("by_sms") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Give a mobile number for text messages.")
        return cleaned
