from datetime import time

from django import forms
from django.conf import settings

from sessions.forms import InstantField, clean_wall_clock_start
from sessions.grid import active_therapists
from sessions.rules import validate_near_date

UNKNOWN_THERAPIST = {"invalid_choice": "Unknown therapist."}


def therapist_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=active_therapists(), error_messages=UNKNOWN_THERAPIST, **kwargs
    )


def slot_times() -> list[tuple[str, str]]:
    step = settings.BOOKING_SLOT_MINUTES
    times = [time(minute // 60, minute % 60) for minute in range(0, 24 * 60, step)]
    return [(f"{at:%H:%M}", f"{at:%H:%M}") for at in times]


class CalendarForm(forms.Form):
    """Which day (or week, for one therapist) the calendar shows."""

    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_near_date],
    )
    view = forms.ChoiceField(choices=[("day", "Day"), ("week", "Week")], required=False)
    therapist = therapist_field(required=False)

    def clean(self):
        data = super().clean()
        if data.get("view") == "week" and not data.get("therapist") and "therapist" in data:
            self.add_error("therapist", "Choose whose week to show.")
        return data


class MoveProposalForm(forms.Form):
    """Where a dragged appointment was dropped."""

    therapist = therapist_field()
    start = InstantField()


class MoveForm(forms.Form):
    """The therapist, day and time to move an appointment to (clinic time)."""

    therapist = therapist_field()
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_near_date]
    )
    time = forms.ChoiceField(choices=slot_times, label="Time (clinic time)")

    def clean(self):
        data = super().clean()
        if "date" in data and "time" in data:
            clean_wall_clock_start(self, data, data["date"], time.fromisoformat(data["time"]))
        return data
