from django import forms

from clinic.catalogue.models import Service
from sessions.rules import validate_near_date
from therapists.models import Therapist, Weekday


class WaitlistForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(), error_messages={"invalid_choice": "Unknown service."}
    )
    therapist = forms.ModelChoiceField(
        queryset=Therapist.objects.none(),
        required=False,
        empty_label="Any therapist",
        error_messages={"invalid_choice": "Unknown therapist."},
    )
    first_day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_near_date]
    )
    last_day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_near_date]
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Days of the week",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day of the week."},
    )
    earliest = forms.TimeField(
        label="Earliest start", widget=forms.TimeInput(attrs={"type": "time"})
    )
    latest = forms.TimeField(label="Latest end", widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bookable today, so the list is read per request.
        self.fields["therapist"].queryset = Therapist.objects.bookable()
