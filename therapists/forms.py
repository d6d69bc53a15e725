from django import forms

from clinic.catalogue.forms import PricedServiceField
from clinic.catalogue.models import Service

from .models import Therapist


class ServiceFilterForm(forms.Form):
    service = PricedServiceField(
        queryset=Service.objects.active(),
        required=False,
        empty_label="Any service",
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class TherapistPreferencesForm(forms.ModelForm):
    class Meta:
        model = Therapist
        fields = ["booking_emails"]
