"""Seed a realistic clinic for the load run and write the accounts the simulated users take.

20 therapists (verified licences and insurance, 08:00-20:00 every day, three services), 400
clients (half with a current intake), two appointments a day per therapist from two weeks ago
to a month ahead (older past ones completed with signed notes, the last ten days' left for
therapists to write), and 24-hour reminders due through the run, so the worker and beat are busy.

Every simulated user signs in with a session made here the way django.contrib.auth.login
makes one (and, where the site asks for a second factor, marked verified with the user's
device), so the load measures the clinic rather than password hashing.
"""

import argparse
import json
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from setup_django import setup

setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, wall_to_utc
from clinic.messaging.models import Channel, Message, MessageState
from sessions.messages import REMINDER_24H
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist, WorkingHours

THERAPISTS, CLIENTS = 20, 400
PAST_DAYS, FUTURE_DAYS, OPEN_NOTE_DAYS = 14, 30, 10
SEEDED_AT = (time(9), time(14))  # each therapist's seeded sessions; the rest is free
REMINDERS = 600
# What makes a therapist bookable: a licence and liability insurance, verified.
REQUIRED_CREDENTIALS = ((CredentialKind.LICENCE, "CMTO"), (CredentialKind.INSURANCE, "Load Mutual"))


def verified_session(user: User) -> str:
    """A session key, as django.contrib.auth.login would leave it for `user`."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that checked the password: the first listed (axes) only refuses lockouts.
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.update(_second_factor(user))
    session.create()
    return session.session_key


def _second_factor(user: User) -> dict:
    """django-otp's verified-device key, when the user has a device."""
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    return {DEVICE_ID_SESSION_KEY: device.persistent_id} if device else {}


def users(role: str, count: int, password: str) -> list[User]:
    """Accounts with their email confirmed, as the clinic's own are: a client books only then."""
    confirmed_at = timezone.now()
    return User.objects.bulk_create(
        User(
            email=f"{role}{number}@load.clinic",
            first_name=role.capitalize(),
            last_name=str(number),
            role=role,
            password=password,
            email_confirmed_at=confirmed_at,
        )
        for number in range(1, count + 1)
    )


def seed_staff(password: str) -> tuple[list[Service], list[Therapist]]:
    services = [
        Service.objects.create(
            name="Trigger point therapy",
            duration_minutes=minutes,
            buffer_minutes=buffer,
            price=Decimal(price),
        )
        for minutes, buffer, price in ((30, 0, "60"), (60, 0, "110"), (90, 15, "150"))
    ]
    today = timezone.localdate()
    therapists = Therapist.objects.bulk_create(
        Therapist(
            user=user,
            display_name=f"Therapist {user.last_name}",
            years_of_practice=5,
            modalities=["trigger_point"],
        )
        for user in users(Role.THERAPIST, THERAPISTS, password)
    )
    for therapist in therapists:
        therapist.services.set(services)
    Credential.objects.bulk_create(
        Credential(
            therapist=therapist,
            kind=kind,
            number=f"LOAD-{kind}-{therapist.pk}",
            issuing_authority=issuer,
            jurisdiction="Ontario",
            issued_on=today - timedelta(days=400),
            expires_on=today + timedelta(days=400),
            status=CredentialStatus.VERIFIED,
        )
        for therapist in therapists
        for kind, issuer in REQUIRED_CREDENTIALS
    )
    WorkingHours.objects.bulk_create(
        WorkingHours(therapist=therapist, weekday=weekday, start=time(8), end=time(20))
        for therapist in therapists
        for weekday in range(7)
    )
    # Therapists sign in with a second step, as the clinic's own do: each has an authenticator.
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=therapist.user, name="Authenticator app", confirmed=True)
        for therapist in therapists
    )
    return services, therapists


def seed_clients(password: str) -> list[User]:
    clients = users(Role.CLIENT, CLIENTS, password)
    ClientProfile.objects.bulk_create(ClientProfile(user=client) for client in clients)
    from tests.factories import submit_intake

    for client in clients[::2]:
        submit_intake(client)
    return clients


def seed_appointments(services, therapists, clients) -> dict[int, list[int]]:
    """The seeded sessions; returns, per therapist, the past ones still without a note."""
    zone, now, today = clinic_zone(), timezone.now(), timezone.localdate()
    hour = services[1]
    rows = []
    for offset in range(-PAST_DAYS, FUTURE_DAYS + 1):
        day = today + timedelta(days=offset)
        for slot, at in enumerate(SEEDED_AT):
            start = wall_to_utc(day, at, zone)
            for index, therapist in enumerate(therapists):
                client = clients[(offset * 2 * THERAPISTS + slot * THERAPISTS + index) % CLIENTS]
                rows.append(
                    Appointment(
                        client=client,
                        therapist=therapist,
                        service=hour,
                        start=start,
                        end=start + timedelta(minutes=60),
                        blocked_until=start + timedelta(minutes=60),
                        status=AppointmentStatus.COMPLETED
                        if start < now
                        else AppointmentStatus.BOOKED,
                    )
                )
    appointments = Appointment.objects.bulk_create(rows)
    open_after = now - timedelta(days=OPEN_NOTE_DAYS)
    user_of = {therapist.pk: therapist.user_id for therapist in therapists}
    SessionNote.objects.bulk_create(
        SessionNote(
            appointment=appointment,
            author_id=user_of[appointment.therapist_id],
            subjective="Neck and shoulder pain.",
            pain_before=random.randint(4, 9),
            pain_after=random.randint(1, 4),
            status=NoteStatus.SIGNED,
            signed_at=appointment.start + timedelta(hours=2),
        )
        for appointment in appointments
        if appointment.start < open_after
    )
    open_notes: dict[int, list[int]] = {therapist.pk: [] for therapist in therapists}
    for appointment in appointments:
        if open_after <= appointment.start < now:
            open_notes[appointment.therapist_id].append(appointment.pk)
    return open_notes


def seed_reminders(first_due: datetime, spread: timedelta) -> int:
    """24-hour reminders of upcoming sessions, falling due evenly through the run."""
    upcoming = list(
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, start__gt=timezone.now()
        ).order_by("start")[:REMINDERS]
    )
    step = spread / max(len(upcoming), 1)
    Message.objects.bulk_create(
        Message(
            key=f"reminder_24h:{appointment.pk}:s0:email",
            kind=REMINDER_24H.name,
            channel=Channel.EMAIL,
            recipient_id=appointment.client_id,
            subject=appointment,
            subject_time=appointment.start,
            due_at=first_due + index * step,
            send_by=appointment.start,
            state=MessageState.PENDING,
        )
        for index, appointment in enumerate(upcoming)
    )
    return len(upcoming)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="where to write the accounts (JSON)")
    parser.add_argument("--reminders-in", type=int, default=30, help="seconds to the first")
    parser.add_argument("--reminders-over", type=int, default=150, help="seconds they spread")
    args = parser.parse_args()
    random.seed(8)
    password = make_password(None)  # unusable: the simulated users sign in by session
    with transaction.atomic():
        services, therapists = seed_staff(password)
        clients = seed_clients(password)
        open_notes = seed_appointments(services, therapists, clients)
        now = timezone.now()
        reminders = seed_reminders(
            now + timedelta(seconds=args.reminders_in), timedelta(seconds=args.reminders_over)
        )
    accounts = {
        "services": [service.pk for service in services],
        "therapist_ids": [therapist.pk for therapist in therapists],
        "clients": [{"email": c.email, "session": verified_session(c)} for c in clients],
        "therapists": [
            {
                "email": t.user.email,
                "session": verified_session(t.user),
                "open_notes": open_notes[t.pk],
            }
            for t in therapists
        ],
    }
    with open(args.out, "w") as stream:
        json.dump(accounts, stream)
    print(
        f"seeded {len(therapists)} therapists, {len(clients)} clients, "
        f"{Appointment.objects.count()} appointments, {SessionNote.objects.count()} signed notes, "
        f"{reminders} reminders due during the run"
    )


if __name__ == "__main__":
    main()
