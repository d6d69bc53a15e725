"""Reads that pages and the API share."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from clinic.models import Service
from therapists.models import Therapist

from .availability import Slot, available_slots
from .models import Appointment
from .rules import clinic_zone, wall_to_utc


def day_slots_for(*, therapist: Therapist, service: Service, day: date) -> list[Slot]:
    if not therapist.services.filter(pk=service.pk).exists():
        return []
    return available_slots(
        service=service, therapist_ids=[therapist.pk], first_day=day, days=1, now=timezone.now()
    )


def local_span(first_day: date, days: int) -> tuple[datetime, datetime]:
    zone = clinic_zone()
    end_day = first_day + timedelta(days=days)
    return wall_to_utc(first_day, datetime.min.time(), zone), wall_to_utc(
        end_day, datetime.min.time(), zone
    )


def therapist_schedule(*, therapist: Therapist, first_day: date, days: int):
    start, end = local_span(first_day, days)
    return (
        Appointment.objects.live()
        .filter(therapist=therapist, start__lt=end, end__gt=start)
        .with_related()
        .order_by("start")
    )
