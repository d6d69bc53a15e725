from django import forms


class CheckInForm(forms.Form):
    pain_now = forms.IntegerField(
        label="Your pain right now (0 = none, 10 = the worst you can imagine)",
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"min": 0, "max": 10}),
    )
    comment = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
