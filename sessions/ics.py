"""iCalendar for appointments: one UID per appointment and SEQUENCE per change, the same in
invitations, downloads and the therapists' feeds, so calendars update one event."""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from therapists.models import Therapist

from .models import Appointment, AppointmentStatus

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def appointment_uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@{settings.CLINIC_NAME.lower().replace(' ', '-')}"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLINIC_NAME}//Booking//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _event(appointment: Appointment, *, summary: str, status: str) -> Event:
    event = Event()
    event.add("uid", appointment_uid(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.start)
    event.add("dtend", appointment.end)
    event.add("summary", summary)
    event.add("location", settings.CLINIC_ADDRESS)
    event.add("status", status)
    return event


def _status(appointment: Appointment) -> str:
    if appointment.status == AppointmentStatus.CANCELLED:
        return "CANCELLED"
    if appointment.status == AppointmentStatus.PENDING_APPROVAL:
        return "TENTATIVE"
    return "CONFIRMED"


def appointment_ics(
    appointment: Appointment, *, cancelled: bool = False, method: str | None = None
) -> str:
    """The client's view of one session: an invitation (REQUEST or CANCEL) by default."""
    calendar = _calendar(method or ("CANCEL" if cancelled else "REQUEST"))
    summary = f"{appointment.service} with {appointment.therapist}"
    status = "CANCELLED" if cancelled else _status(appointment)
    calendar.add_component(_event(appointment, summary=summary, status=status))
    return calendar.to_ical().decode()


def feed_summary(appointment: Appointment) -> str:
    """What a therapist's feed says: the client's first name and the service, nothing else
    (a phone's calendar is not a clinical record)."""
    return f"{appointment.client.first_name or 'Client'}: {appointment.service.name}"


def therapist_feed_ics(therapist: Therapist, appointments: Iterable[Appointment]) -> str:
    calendar = _calendar()  # a subscription, not an invitation: no METHOD
    calendar.add("x-wr-calname", f"{settings.CLINIC_NAME}: {therapist.display_name}")
    for appointment in appointments:
        summary = feed_summary(appointment)
        calendar.add_component(_event(appointment, summary=summary, status=_status(appointment)))
    return calendar.to_ical().decode()


def calendar_response(body: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
