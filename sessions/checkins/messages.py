"""The check-in a few days after a session: how is the pain now? A signed link answers."""

from datetime import datetime, timedelta

from django.dispatch import receiver

from clinic.messaging.kinds import Kind, link, register
from clinic.messaging.models import Message
from sessions.messages import (
    APPOINTMENT_RELATED,
    plan_about,
    same_time_days_later,
    session_context,
    session_key,
    session_skip,
)
from sessions.models import Appointment
from sessions.signals import appointment_booked, appointment_moved

from .services import check_in_link

CHECK_IN_AFTER_DAYS = 3
CHECK_IN_GRACE = timedelta(days=2)


def _check_in_context(message: Message) -> dict:
    return {**session_context(message), "check_in_url": link(check_in_link(message.subject))}


CHECK_IN = register(
    Kind(
        name="check_in",
        label="Check-in",
        context=_check_in_context,
        stale=session_skip(after=True),
        optional=True,
        subject_related=APPOINTMENT_RELATED,
    )
)


@receiver(appointment_booked, dispatch_uid="checkins.plan_check_in_booked")
@receiver(appointment_moved, dispatch_uid="checkins.plan_check_in_moved")
def plan_check_in(sender, *, appointment: Appointment, now: datetime, **kwargs) -> None:
    """The check-in at the session's time of day, a few days later."""
    due = same_time_days_later(appointment.start, CHECK_IN_AFTER_DAYS)
    plan_about(
        appointment,
        CHECK_IN,
        due_at=due,
        send_by=due + CHECK_IN_GRACE,
        key=f"check_in:{session_key(appointment)}",
    )
