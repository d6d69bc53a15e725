"""Reads about clients: their sessions to come, and how messages reach them."""

import re

import phonenumbers
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from clinic.accounts.access import is_therapist, runs_front_desk
from clinic.accounts.models import Role, User
from clinic.messaging.recipients import Reach
from sessions.models import Appointment, AppointmentStatus


def upcoming_sessions(client: User, *, now=None):
    """The client's booked sessions still to come, soonest first."""
    booked = Appointment.objects.filter(client=client, status=AppointmentStatus.BOOKED)
    return booked.filter(start__gt=now or timezone.now()).with_related().order_by("start")


def client_reach(user) -> Reach:
    """How messages reach this person: as their client profile says; by email only
    without one (therapists, admins)."""
    profile = getattr(user, "client_profile", None) if user.is_client else None
    if profile is None:
        return Reach()
    return Reach(
        email=profile.by_email,
        sms=profile.by_sms,
        phone=str(profile.phone or ""),
        reminders=profile.reminders,
        opted_in=frozenset({"reminder_2h"} if profile.reminder_2h else ()),
    )


# Finding clients. Every match is a prefix match that an index serves on PostgreSQL (see
# clients migration 0006): Django's `istartswith` compares UPPER(column) with the upper-cased
# query, so the indexes are on UPPER() of the names, the full name and the email; the phone
# is matched on its stored E.164 form.

FULL_NAME = Concat("first_name", Value(" "), "last_name")
SEARCHED_NAMES = ("first_name", "last_name", "full_name", "email")
PHONE_MIN_DIGITS = 3
NOT_PHONE = re.compile(r"[^\d\s+().-]")


def _phone_prefixes(text: str) -> list[str]:
    """E.164 prefixes a phone-like query stands for: its digits as typed (with a country
    code) and after the clinic's own country code (without one). None for a query with
    letters or too few digits to mean a phone number."""
    digits = re.sub(r"\D", "", text)
    if NOT_PHONE.search(text) or len(digits) < PHONE_MIN_DIGITS:
        return []
    country = str(phonenumbers.country_code_for_region(settings.PHONENUMBER_DEFAULT_REGION))
    return [f"+{digits}", f"+{country}{digits}"]


def client_search(text: str = "") -> QuerySet[User]:
    """Clients whose first name, last name, full name or email starts with `text` (any case),
    or whose phone's digits start with its digits; every client without `text`. Newest
    first. A phone-like query is matched on the phone only: no name starts with a digit."""
    clients = User.objects.filter(role=Role.CLIENT).select_related("client_profile")
    text = " ".join(text.split())
    if text:
        prefixes = _phone_prefixes(text)
        if prefixes:
            match = Q()
            for prefix in prefixes:
                match |= Q(client_profile__phone__startswith=prefix)
        else:
            clients = clients.alias(full_name=FULL_NAME)
            match = Q()
            for name in SEARCHED_NAMES:
                match |= Q(**{f"{name}__istartswith": text})
        clients = clients.filter(match)
    return clients.order_by("-date_joined", "-pk")


def clients_of(user: User, clients: QuerySet[User]) -> QuerySet[User]:
    """Those of `clients` that `user` may look up: all for the desk and admins, a therapist's
    own (booked with them, any session not cancelled), none for anyone else."""
    if runs_front_desk(user):
        return clients
    if is_therapist(user):
        booked = Appointment.objects.live().filter(therapist__user=user, client=OuterRef("pk"))
        return clients.filter(Exists(booked))
    return clients.none()
