from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import CheckInForm
from .services import CheckInRefused, check_in_answer, check_in_appointment


@require_http_methods(["GET", "POST"])
def check_in(request, token: str):
    try:
        appointment = check_in_appointment(token)
    except CheckInRefused as refusal:
        return render(request, "checkins/check_in.html", {"refusal": str(refusal)}, status=410)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_in_answer(token=token, **form.cleaned_data)
        except CheckInRefused as refusal:
            return render(request, "checkins/check_in.html", {"refusal": str(refusal)}, status=410)
        return render(request, "checkins/check_in.html", {"thanks": True})
    status = 400 if form.errors else 200
    context = {"form": form, "appointment": appointment}
    return render(request, "checkins/check_in.html", context, status=status)
