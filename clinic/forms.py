from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from phonenumber_field.formfields import PhoneNumberField

from .models import User


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
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Sign in or reset your password."
            )
        return email


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AuthenticatorConfirmForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=12,
        help_text="The 6-digit code the app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TurnOffSecondFactorForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
