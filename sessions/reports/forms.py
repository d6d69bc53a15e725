from datetime import date

from django import forms

MAX_DAYS = 370
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class DateRangeForm(forms.Form):
    first = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}), help_text="Inclusive."
    )
    last = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}), help_text="Inclusive."
    )

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first is None or last is None:
            return data
        if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST):
            raise forms.ValidationError("Choose dates between 2000 and 2100.")
        if last < first:
            raise forms.ValidationError("The last day must not be before the first.")
        if (last - first).days >= MAX_DAYS:
            raise forms.ValidationError(f"Choose a range of at most {MAX_DAYS} days.")
        return data
