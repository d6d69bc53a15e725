"""The check-in answer page (no sign-in: the signed link is the key) and message preferences."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clients.models import ClientProfile

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


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ClientProfile
        fields = ["by_email", "by_sms", "phone", "reminders", "reminder_2h"]

    def clean(self):
        cleaned = super().clean()
        # An invalid number has its own error already; this one is for a missing number.
        if cleaned.get("by_sms") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Give a mobile number for text messages.")
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def message_preferences(request):
    if not request.user.is_client:
        raise PermissionDenied("Message preferences are for clients.")
    profile, _ = ClientProfile.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your message preferences are saved.")
        return redirect("message-preferences")
    status = 400 if form.errors else 200
    return render(request, "sessions/message_preferences.html", {"form": form}, status=status)
