from django import forms

from clinic.catalogue.models import Service


class ServiceFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(),
        required=False,
        empty_label="Any service",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
