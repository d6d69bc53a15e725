"""Shape validation of session notes and treated points (the rules live in notes.py)."""

from django import forms

from clinic.bodymap.muscles import MUSCLES

from .models import SessionNote, TreatedPoint

OTHER = "other"
MUSCLE_CHOICES = [(m.id, m.name) for m in MUSCLES] + [(OTHER, "Other (name it)")]
POINT_FIELDS = [
    "muscle",
    "other_muscle",
    "side",
    "activity",
    "technique",
    "pressure",
    "duration_seconds",
    "response",
    "referral_reproduced",
]
NOTE_FIELDS = [
    "subjective",
    "objective",
    "assessment",
    "plan",
    "rebook_after_days",
    "pain_before",
    "pain_after",
    "therapist_remarks",
]


def _scale(label: str, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"min": low, "max": high}),
    )


class NoteForm(forms.ModelForm):
    pain_before = _scale("Pain now, before the session (0-10)", 0, 10)
    pain_after = _scale("Pain now, after the session (0-10)", 0, 10)
    rebook_after_days = _scale("Next session recommended in (days)", 1, 365)

    class Meta:
        model = SessionNote
        fields = NOTE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["subjective", "objective", "assessment", "plan", "therapist_remarks"]
        }


# The point editor is a dense grid of small controls (templates/notes/_point_row.html).
SELECT = "form-select form-select-sm"
INPUT = "form-control form-control-sm"


def _select() -> forms.Select:
    return forms.Select(attrs={"class": SELECT})


class TreatedPointForm(forms.ModelForm):
    muscle = forms.ChoiceField(
        choices=[("", "Choose a muscle"), *MUSCLE_CHOICES],
        widget=_select(),
    )
    pressure = forms.TypedChoiceField(
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        help_text="1 light, 5 deep",
        widget=_select(),
    )
    duration_seconds = forms.IntegerField(
        label="Duration (s)",
        min_value=1,
        max_value=1800,
        widget=forms.NumberInput(attrs={"class": INPUT, "min": 1, "max": 1800, "step": 1}),
    )

    class Meta:
        model = TreatedPoint
        fields = POINT_FIELDS
        widgets = {
            "other_muscle": forms.TextInput(
                attrs={"class": INPUT, "placeholder": "Name the muscle"}
            ),
            "side": _select(),
            "activity": _select(),
            "technique": _select(),
            "response": _select(),
            "referral_reproduced": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A short blank choice, as the pressure's: the selects are narrow.
        for name in ("side", "activity", "technique", "response"):
            field = self.fields[name]
            field.choices = [("", "—"), *(c for c in field.choices if c[0] != "")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("muscle") == OTHER and not (cleaned.get("other_muscle") or "").strip():
            self.add_error("other_muscle", "Name the muscle.")
        if cleaned.get("muscle") != OTHER:
            cleaned["other_muscle"] = ""
        return cleaned


class BasePointFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def _point_formset(extra: int):
    return forms.formset_factory(
        TreatedPointForm,
        formset=BasePointFormSet,
        extra=extra,
        can_delete=True,
        max_num=60,
        validate_max=True,
    )


PointFormSet = _point_formset(extra=0)
# The page offers one blank row, so points can be added without JavaScript too.
PagePointFormSet = _point_formset(extra=1)
