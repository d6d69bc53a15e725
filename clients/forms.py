import json

from django import forms
from django.core.exceptions import ValidationError

from clinic.bodymap import REGIONS
from clinic.painchart import OVERALL, chart_from_intensities, clean_chart


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
    overall intensities (`pain_worst` and the rest) are plain fields either way.
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
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw  # clean_chart words the error
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
            chart_input = chart_from_intensities(values, overall)
        try:
            cleaned["chart"] = clean_chart(chart_input)
        except ValidationError as error:
            raise ValidationError({"pain_chart": error.messages}) from None
        return cleaned
