"""Ava's whole history the record export tests read, and the people who ask for it."""

from datetime import timedelta

import pytest

from clients.intake.services import intake_clear
from clinic.messaging.models import MessageState
from sessions.checkins.models import CheckIn
from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    MessageFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
    pain_chart,
    pain_mark,
    signed_note,
    submit_intake,
)

from .export import FUTURE, NOW, PAST

frozen = frozen_at(NOW)


@pytest.fixture
def cast(frozen):
    """Ava's history with Maya: two intakes, a signed and a draft note, a check-in, messages;
    and Ben, another client of another therapist."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    ava = ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org")
    ClientProfileFactory(user=ava, phone="+14165550142", by_sms=True)
    maya = TherapistFactory(
        display_name="Maya Lindqvist", user__first_name="Maya", user__last_name="Lindqvist"
    )
    past = AppointmentFactory(client=ava, therapist=maya, service=service, start=PAST)
    Appointment = type(past)
    Appointment.objects.filter(pk=past.pk).update(status=AppointmentStatus.COMPLETED)
    frozen.move_to(NOW - timedelta(days=30))
    submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7, "aching", "throbbing")))
    frozen.move_to(NOW - timedelta(days=10))
    second = submit_intake(
        ava,
        osteoporosis=True,
        fever_or_infection=True,
        chart=pain_chart(pain_mark("sternum", "M", 3), average=4),
    )
    intake_clear(intake=second, by=maya.user, note="GP letter of 3 March.", ip=None)
    frozen.move_to(NOW)
    note = signed_note(
        appointment=past, intake=second, addenda=1, therapist_remarks="Private remark."
    )
    SessionNoteFactory(  # a draft: not the client's to read yet
        appointment=AppointmentFactory(
            client=ava, therapist=maya, service=service, start=PAST + timedelta(days=1)
        ),
        subjective="Draft words.",
    )
    upcoming = AppointmentFactory(client=ava, therapist=maya, service=service, start=FUTURE)
    CheckIn.objects.create(appointment=past, pain_now=2, comment="Much better.")
    MessageFactory(
        appointment=past,
        kind="aftercare",
        state=MessageState.SENT,
        due_at=PAST + timedelta(hours=3),
        sent_at=PAST + timedelta(hours=3, minutes=1),
    )
    MessageFactory(
        appointment=upcoming,
        kind="reminder_24h",
        channel="sms",
        state=MessageState.PENDING,
        due_at=FUTURE - timedelta(days=1),
    )
    ben = ClientFactory(first_name="Ben")
    other = TherapistFactory(display_name="Daniel Okafor")
    AppointmentFactory(client=ben, therapist=other, service=service, start=FUTURE)
    people = {
        "anonymous": None,
        "client": ava,
        "other_client": ben,
        "therapist": maya.user,
        "other_therapist": other.user,
        "admin": AdminFactory(),
    }
    return {"people": people, "ava": ava, "note": note, "past": past, "upcoming": upcoming}
