"""Calendar invitations (.ics) for appointments: one UID per appointment, SEQUENCE per change."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def appointment_uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@{settings.CLINIC_NAME.lower().replace(' ', '-')}"


def appointment_ics(appointment: Appointment, *, cancelled: bool = False) -> str:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLINIC_NAME}//Booking//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", appointment_uid(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.start)
    event.add("dtend", appointment.end)
    event.add("summary", f"{appointment.service} with {appointment.therapist}")
    event.add("location", settings.CLINIC_ADDRESS)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
