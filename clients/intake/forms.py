import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from clients.consent.models import ConsentKind
from clinic.bodymap.painchart import OVERALL, PainChart
from clinic.bodymap.regions import REGIONS

from .models import Intake


def fallback_name(region_id: str, side: str) -> str:
    """The no-JavaScript input of one region and side, e.g. `pain_temple_L`."""
    return f"pain_{region_id}_{side}"


def intensity_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
    )


class PainChartForm(forms.Form):
    """The pain chart step.

    With JavaScript the body map writes the whole chart as JSON into `pain_chart`; without
    it, the client fills one intensity per region and side (`pain_<region>_<side>`). The
    overall intensities (`pain_worst` and the rest) are plain fields either way. A valid
    form's `cleaned_data["chart"]` is the PainChart.
    """

    pain_chart = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, what in OVERALL.items():
            self.fields[f"pain_{key}"] = intensity_field(what.capitalize())
        for region in REGIONS:
            for side in region.sides:
                self.fields[fallback_name(region.id, side)] = intensity_field(region.label)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        overall = {key: cleaned.get(f"pain_{key}") for key in OVERALL}
        raw = cleaned.get("pain_chart")
        if raw and not self._typed_without_javascript():
            try:
                parsed = json.loads(raw)
            except (ValueError, RecursionError):
                parsed = raw  # PainChart.parse words the error
            if isinstance(parsed, dict):
                # The overall fields are what the client sees; the JSON follows them.
                parsed.update({k: v for k, v in overall.items() if v is not None})
            chart_input = parsed
        else:
            values = {
                (region.id, side): cleaned.get(fallback_name(region.id, side))
                for region in REGIONS
                for side in region.sides
            }
            typed = PainChart.from_intensities(values, overall)
            chart_input = typed.with_qualities_of(self._saved_chart(raw)).to_json()
        try:
            cleaned["chart"] = PainChart.parse(chart_input)
        except ValidationError as error:
            raise ValidationError({"pain_chart": error.messages}) from None
        return cleaned

    def _typed_without_javascript(self) -> bool:
        """Whether the numbers, not the JSON, hold the client's chart.

        The page carries the saved chart in `pain_chart`. Without JavaScript it comes back
        unchanged while the client edits the numbers, and those edits must win.
        """
        names = (fallback_name(region.id, side) for region in REGIONS for side in region.sides)
        typed = any(self.add_prefix(name) in self.data for name in names)
        return typed and "pain_chart" not in self.changed_data

    @staticmethod
    def _saved_chart(raw: str) -> PainChart:
        """The chart the page carried, for the qualities the numbers don't carry; empty if
        there is none or it is not valid."""
        try:
            return PainChart.parse(raw) if raw else PainChart()
        except ValidationError:
            return PainChart()


CONTACT_FIELDS = [
    "phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
]

HISTORY_FIELDS = [
    "pain_onset",
    "pain_duration",
    "pain_pattern",
    "night_pain",
    "worse_with",
    "better_with",
    "earlier_treatment",
    "goals",
]

SCREENING_FIELDS = [
    "fever_or_infection",
    "clot_signs",
    "recent_surgery",
    "anticoagulants_or_bleeding",
    "osteoporosis",
    "cancer",
    "pregnancy",
    "skin_problems",
    "back_red_flags",
    "headache_red_flags",
]

HEALTH_FIELDS = [
    "medications",
    "conditions",
    *SCREENING_FIELDS,
    "blood_pressure",
    "areas_to_avoid",
    "preferred_pressure",
]

CONSENT_FIELDS = ["consent_treatment", "consent_privacy"]
# The text each consent agrees to; the page and the API send back the version read as
# `<field>_version`.
CONSENT_KINDS = {"consent_treatment": ConsentKind.TREATMENT, "consent_privacy": ConsentKind.PRIVACY}

ANSWER_FIELDS = CONTACT_FIELDS + HISTORY_FIELDS + HEALTH_FIELDS + CONSENT_FIELDS

TEXT_ROWS = 2


class IntakeAnswersForm(forms.ModelForm):
    """Every answer of an intake except the chart and the signature (see intake_submit)."""

    class Meta:
        model = Intake
        fields = ANSWER_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": TEXT_ROWS})
            for name in [
                "address",
                "worse_with",
                "better_with",
                "earlier_treatment",
                "goals",
                "medications",
                "conditions",
                "areas_to_avoid",
            ]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CONSENT_FIELDS:
            if name in self.fields:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = "This consent is needed to go on."


def step_form(fields: list[str]) -> type[IntakeAnswersForm]:
    return forms.modelform_factory(Intake, form=IntakeAnswersForm, fields=fields)


class ConsentForm(step_form(CONSENT_FIELDS)):
    signature = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        help_text="Typing your name here signs this form, with today's date and time.",
    )


class ConsentVersionsForm(forms.Form):
    """The versions of the consent texts the page showed, sent back with the signature."""

    consent_treatment_version = forms.IntegerField(min_value=1, required=False)
    consent_privacy_version = forms.IntegerField(min_value=1, required=False)

    def versions(self) -> dict[str, int | None]:
        """The version read of each kind; None where none was sent."""
        return {
            kind: self.cleaned_data.get(f"{field}_version") for field, kind in CONSENT_KINDS.items()
        }


def chart_initial(chart: PainChart | None) -> dict:
    """PainChartForm's initial values for a saved chart; none without one."""
    if chart is None:
        return {}
    initial = {"pain_chart": json.dumps(chart.to_json())}
    initial.update({f"pain_{key}": value for key, value in chart.overall.items()})
    for mark in chart.marks:
        initial[fallback_name(mark.region, mark.side)] = mark.intensity
    return initial


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[forms.Form]


STEPS = [
    Step("contact", "About you", step_form(CONTACT_FIELDS)),
    Step("chart", "Where it hurts", PainChartForm),
    Step("history", "Your pain and goals", step_form(HISTORY_FIELDS)),
    Step("health", "Your health", step_form(HEALTH_FIELDS)),
    Step("consent", "Consent and signature", ConsentForm),
]
