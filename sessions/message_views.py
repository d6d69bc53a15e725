"""The check-in answer page (no sign-in: the signed link is the key) and message preferences."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .checkin import CheckInRefused, check_in_answer, check_in_appointment


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


@require_http_methods(["GET", "POST"])
def check_in(request, token: str):
    try:
        appointment = check_in_appointment(token)
    except CheckInRefused as refusal:
        return render(request, "sessions/check_in.html", {"refusal": str(refusal)}, status=410)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_in_answer(token=token, **form.cleaned_data)
        except CheckInRefused as refusal:
            return render(request, "sessions/check_in.html", {"refusal": str(refusal)}, status=410)
        return render(request, "sessions/check_in.html", {"thanks": True})
    status = 400 if form.errors else 200
    context = {"form": form, "appointment": appointment}
    return render(request, "sessions/check_in.html", context, status=status)
