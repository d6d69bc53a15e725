"""The calendar invitation of booking notices: one event, its sequence raised with each change."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail

from sessions.services import appointment_book, appointment_cancel, appointment_reschedule
from tests.clinic.messaging.sending import DAY, NOW, SESSION, send_due
from tests.clock import at_clinic, frozen_at
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def calendar_of(email) -> icalendar.Calendar:
    [attachment] = email.attachments
    assert attachment.filename == "session.ics"
    return icalendar.Calendar.from_ical(attachment.content)


def test_invitations_keep_their_uid_and_raise_their_sequence():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    appointment = appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=SESSION
    )
    send_due()
    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
    )
    send_due()
    appointment_cancel(appointment=appointment, by=appointment.client)
    send_due()

    invitations = [email for email in mail.outbox if email.attachments]
    assert [email.attachments[0].mimetype for email in invitations] == [
        "text/calendar; method=REQUEST; charset=utf-8",
        "text/calendar; method=REQUEST; charset=utf-8",
        "text/calendar; method=CANCEL; charset=utf-8",
    ]
    calendars = [calendar_of(email) for email in invitations]
    events = [calendar.events[0] for calendar in calendars]
    assert [str(calendar["METHOD"]) for calendar in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {str(event["UID"]) for event in events} == {
        f"appointment-{appointment.pk}@trigger-point-clinic"
    }
    assert [event["SEQUENCE"] for event in events] == [0, 1, 2]
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert [(event.DTSTART, event.DTEND) for event in events] == [
        (SESSION, SESSION + timedelta(hours=1)),
        (at_clinic(DAY, 14), at_clinic(DAY, 15)),
        (at_clinic(DAY, 14), at_clinic(DAY, 15)),
    ]
    assert {event.DTSTART.tzname() for event in events} == {"UTC"}
    assert [email.attachments[0].content.count("DTSTART:") for email in invitations] == [1, 1, 1]
    assert "DTSTART:20260309T140000Z" in invitations[0].attachments[0].content
    assert str(events[0]["LOCATION"]) == "100 King Street West, Toronto, ON"
