from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from sessions.views import slot_picker_context

from .models import Therapist


def therapist_list(request):
    therapists = Therapist.objects.bookable()
    return render(request, "therapists/therapist_list.html", {"therapists": therapists})


def therapist_detail(request, pk: int):
    therapist = get_object_or_404(Therapist.objects.bookable().select_related("user"), pk=pk)
    context = slot_picker_context(
        request,
        therapist=therapist,
        services=therapist.services.active(),
        action=reverse("appointment-new"),
        method="get",
    )
    return render(request, "therapists/therapist_detail.html", context)
