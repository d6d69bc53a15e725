from django import forms
from phonenumber_field.formfields import PhoneNumberField

from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from sessions.forms import InstantField, clean_wall_clock_start
from sessions.rules import validate_near_date
from therapists.models import Therapist

PHONE_HELP = "E.g. +1 416 555 0142."


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a client",
        required=False,
        max_length=100,
        help_text="The start of a first or last name, a full name, an email or a phone number.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the credit note and in the audit trail.",
    )


class NewClientForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="Email address")
    phone = PhoneNumberField(required=False, help_text=PHONE_HELP)


class ClientContactForm(NewClientForm):
    by_email = forms.BooleanField(label="Messages by email", required=False)
    by_sms = forms.BooleanField(label="Messages by text message", required=False)
    reminders = forms.BooleanField(label="Reminders and follow-ups", required=False)
    reminder_2h = forms.BooleanField(label="Also a reminder 2 hours before", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("by_sms") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Give a mobile number for text messages.")
        return cleaned


class DeskBookingForm(forms.Form):
    """What the desk books: who, with whom, what and when. Each part may still be missing
    while the page asks for it; `start` may come as an instant or as a date and a time."""

    therapist = forms.ModelChoiceField(
        queryset=Therapist.objects.filter(user__is_active=True).select_related("user"),
        required=False,
        error_messages={"invalid_choice": "Unknown therapist."},
    )
    start = InstantField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_near_date],
    )
    time = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    client = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.CLIENT, is_active=True).select_related(
            "client_profile"
        ),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Unknown client."},
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(),
        required=False,
        error_messages={"invalid_choice": "Unknown service."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].label_from_instance = lambda therapist: therapist.display_name

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if not cleaned.get("start") and day and time:
            clean_wall_clock_start(self, cleaned, day, time)
        therapist, service = cleaned.get("therapist"), cleaned.get("service")
        if therapist and service and not therapist.services.filter(pk=service.pk).exists():
            self.add_error("service", "This therapist does not offer that service.")
        return cleaned

    def services_of_therapist(self):
        self.is_valid()
        therapist = self.cleaned_data.get("therapist")
        if therapist is None:
            return Service.objects.none()
        return therapist.services.filter(active=True).order_by("name", "pk")
