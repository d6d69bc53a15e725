from django import forms

from .models import AuditEvent


class AuditSearchForm(forms.Form):
    client = forms.CharField(
        required=False, max_length=100, help_text="The client's email or name, or part of it."
    )
    user = forms.CharField(
        required=False, max_length=100, help_text="Who acted: email or name, or part of it."
    )
    start = forms.DateField(
        label="from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        required=False, choices=[("", "Any action"), *AuditEvent.Action.choices]
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must not be before the start date.")
        return cleaned
