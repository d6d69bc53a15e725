from django import forms

from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from sessions.forms import InstantField
from sessions.series import COUNT, EVERY_WEEKS
from therapists.models import Therapist

# What the series page asks when the booking page sends only whom, with whom and when.
DEFAULTS = {"every_weeks": "1", "count": "6"}


class SeriesForm(forms.Form):
    client = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.CLIENT, is_active=True),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Unknown client."},
    )
    therapist = forms.ModelChoiceField(
        queryset=Therapist.objects.select_related("user"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Unknown therapist."},
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Unknown service."},
    )
    start = InstantField(widget=forms.HiddenInput)
    every_weeks = forms.IntegerField(
        label="Every how many weeks",
        min_value=EVERY_WEEKS.start,
        max_value=EVERY_WEEKS.stop - 1,
    )
    count = forms.IntegerField(
        label="How many sessions", min_value=COUNT.start, max_value=COUNT.stop - 1
    )


class OccurrenceForm(forms.Form):
    start = InstantField(widget=forms.HiddenInput)
