from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.accounts.access import access_required, has_therapist_profile, therapist_of

from .credentials.selectors import public_credentials
from .forms import ServiceFilterForm, TherapistPreferencesForm
from .models import Therapist

# Public pages


def therapist_list(request):
    form = ServiceFilterForm(request.GET or None)
    therapists = Therapist.objects.bookable()
    if form.is_valid() and form.cleaned_data["service"]:
        service = form.cleaned_data["service"]
        therapists = therapists.offering(service.pk).qualified_for(service)
    context = {"therapists": therapists, "filter": form}
    return render(request, "therapists/therapist_list.html", context)


def therapist_detail(request, pk: int):
    therapist = get_object_or_404(Therapist.objects.bookable().select_related("user"), pk=pk)
    # The booking part of the page comes from the booking app's `book_with` template tag.
    context = {
        "therapist": therapist,
        "credentials": public_credentials(therapist, timezone.localdate()),
    }
    return render(request, "therapists/therapist_detail.html", context)


# The therapist's own credentials


@access_required(has_therapist_profile, "This page is for therapists.", methods=["GET"])
def therapist_profile(request):
    therapist = therapist_of(request.user)
    credentials = therapist.credentials.order_by("kind", "-expires_on", "pk")
    context = {"therapist": therapist, "credentials": credentials, "today": timezone.localdate()}
    return render(request, "therapists/profile.html", context)


@access_required(has_therapist_profile, "This page is for therapists.", methods=["GET", "POST"])
def therapist_preferences(request):
    """The therapist's own choices: which emails about their sessions they get."""
    # An unticked box sends nothing: an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    form = TherapistPreferencesForm(data, instance=therapist_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("therapist-preferences")
    status = 400 if form.errors else 200
    return render(request, "therapists/preferences.html", {"form": form}, status=status)
