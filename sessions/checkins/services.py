"""The check-in a few days after a session: a signed, expiring, single-use link."""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sessions.models import Appointment, AppointmentStatus
from sessions.services import session_has_started

from .models import CheckIn

SALT = "clinic.check-in"
VALID_FOR = timedelta(days=7)


class CheckInRefused(Exception):
    pass


def check_in_token(appointment: Appointment) -> str:
    return signing.dumps({"a": appointment.pk, "c": appointment.client_id}, salt=SALT)


def check_in_link(appointment: Appointment) -> str:
    return reverse("check-in", args=[check_in_token(appointment)])


def check_in_appointment(token: str) -> Appointment:
    """The appointment a valid link is for; CheckInRefused for a forged, old or used one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired:
        raise CheckInRefused("This link has expired.") from None
    except signing.BadSignature:
        raise CheckInRefused("This link is not valid.") from None
    appointment = (
        Appointment.objects.filter(pk=data.get("a"), client_id=data.get("c"))
        .filter(client__is_active=True)  # a closed account's links no longer work
        .exclude(status=AppointmentStatus.CANCELLED)
        .first()
    )
    if appointment is None:
        raise CheckInRefused("This link is not valid.")
    if not session_has_started(appointment, now=timezone.now()):  # moved later since it was sent
        raise CheckInRefused("This session has not taken place yet: check in after it.")
    if CheckIn.objects.filter(appointment=appointment).exists():
        raise CheckInRefused("Thank you: this check-in was already answered.")
    return appointment


def check_in_answer(*, token: str, pain_now: int, comment: str) -> CheckIn:
    appointment = check_in_appointment(token)
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                appointment=appointment, pain_now=pain_now, comment=comment.strip()
            )
    except IntegrityError:  # answered twice at the same moment: the first answer stands
        raise CheckInRefused("Thank you: this check-in was already answered.") from None
