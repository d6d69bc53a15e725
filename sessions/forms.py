from datetime import UTC, date, time

from django import forms
from django.core.exceptions import ValidationError

from clinic.catalogue.forms import PricedServiceField
from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, existing_wall_to_utc
from therapists.models import Therapist

from .rules import validate_near_date, validate_near_instant


class DayPickerForm(forms.Form):
    """Which service and day to show free times for."""

    service = PricedServiceField(queryset=Service.objects.none(), empty_label=None)
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_near_date],
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            services if services is not None else Service.objects.none()
        )


class InstantField(forms.DateTimeField):
    """A date and time as a UTC instant, within a year of now; one beyond what a datetime
    can hold is invalid.

    An aware input near year 1 or 9999 parses, then overflows when converted to UTC.
    """

    default_validators = [validate_near_instant]

    def to_python(self, value):
        instant = super().to_python(value)
        if instant is None:
            return None
        try:
            return instant.astimezone(UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


SKIPPED_TIME = "The clock skips that time on that day: choose another."


def clean_wall_clock_start(form: forms.Form, cleaned: dict, day: date, at: time) -> None:
    """Set `start` to the instant of `day` at `at` on the clinic's clock; a time the clock
    skips that day (a spring-forward night) is an error on the form's `time` field."""
    start = existing_wall_to_utc(day, at, clinic_zone())
    if start is None:
        form.add_error("time", SKIPPED_TIME)
    else:
        cleaned["start"] = start


class BookingForm(forms.Form):
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


class RescheduleForm(forms.Form):
    start = InstantField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    ONE, FOLLOWING = "one", "following"

    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: tell the clinic why.",
    )

    def __init__(
        self, *args, offers_following: bool = False, late_fee: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if late_fee is not None:
            self.fields["charge_late_fee"] = forms.BooleanField(
                label="Charge the late-cancellation fee",
                initial=True,
                required=False,
                help_text="The client cancels inside the free-cancellation window"
                + (f": {late_fee}." if late_fee else " (the fee is off: it only counts as late)."),
            )
        if offers_following:
            self.fields["scope"] = forms.ChoiceField(
                label="Which sessions",
                choices=[
                    (self.ONE, "This session only"),
                    (self.FOLLOWING, "This and all that follow in the series"),
                ],
                initial=self.ONE,
                required=False,
                widget=forms.RadioSelect,
            )

    @property
    def cancels_following(self) -> bool:
        return self.cleaned_data.get("scope") == self.FOLLOWING

    @property
    def charges_late_fee(self) -> bool:
        return bool(self.cleaned_data.get("charge_late_fee"))


class ScheduleForm(forms.Form):
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_near_date],
    )
    view = forms.ChoiceField(choices=[("day", "Day"), ("week", "Week")], required=False)


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: sent to the client.",
    )
