"""Demo data: services, five therapists (three bookable), five clients and an admin.

Therapists hold credentials in every state: verified, pending, rejected, expiring soon
(therapist 3's licence, in 10 days) and expired (therapist 5's licence).
Client 4 waits on the waitlist; client 5 missed enough sessions that their booking awaits
an admin's approval.
"""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from clients.intake.models import Intake, ScreeningStatus
from clients.intake.services import intake_submit
from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from clinic.bodymap.suggestions import suggest_muscles
from clinic.catalogue.models import Certification, Service
from sessions.availability import available_slots
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import SessionNote
from sessions.notes.services import note_open, note_save, note_sign
from sessions.services import appointment_book
from sessions.waitlist.models import WaitlistEntry
from sessions.waitlist.services import waitlist_join
from therapists.credentials.messages import plan_due_expiry_alerts
from therapists.credentials.models import (
    Credential,
    CredentialEvent,
    CredentialKind,
    CredentialStatus,
)
from therapists.models import Modality, Therapist, WorkingHours

DOMAIN = "demo.clinic"
SERVICES = [
    # name, minutes, buffer, price
    ("Trigger point therapy", 30, 0, Decimal("60.00")),
    ("Trigger point therapy", 60, 0, Decimal("110.00")),
    ("Trigger point therapy", 90, 15, Decimal("150.00")),
]
THERAPISTS = [
    # number, name, licence status, years from now the licence expires
    (1, "Maya Lindqvist", CredentialStatus.VERIFIED, 2),
    (2, "Daniel Okafor", CredentialStatus.VERIFIED, 1),
    (3, "Sofia Marchetti", CredentialStatus.VERIFIED, 3),
    (4, "Liam Tremblay", CredentialStatus.PENDING, 2),
    (5, "Hannah Weiss", CredentialStatus.VERIFIED, -1),
]
# Therapist 3's licence expires soon: still bookable, with its expiry alerts planned.
LICENCE_EXPIRES_IN_DAYS = {3: 10}
# Besides the licence: (kind, certification, status, days from now it expires).
OTHER_CREDENTIALS = {
    1: [
        (CredentialKind.CERTIFICATION, Certification.TRIGGER_POINT, CredentialStatus.VERIFIED, 700),
        (CredentialKind.CERTIFICATION, Certification.NEURAL_RESET, CredentialStatus.VERIFIED, 400),
        (CredentialKind.FIRST_AID, "", CredentialStatus.VERIFIED, 20),
    ],
    2: [
        (
            CredentialKind.CERTIFICATION,
            Certification.MYOFASCIAL_RELEASE,
            CredentialStatus.PENDING,
            900,
        ),
    ],
    3: [
        (CredentialKind.CERTIFICATION, Certification.NEUROMUSCULAR, CredentialStatus.REJECTED, 500),
    ],
    4: [
        (CredentialKind.CERTIFICATION, Certification.TRIGGER_POINT, CredentialStatus.PENDING, 800),
    ],
}
INSURANCE_DAYS = 300
ISSUERS = {
    CredentialKind.LICENCE: ("College of Massage Therapists of Ontario", "RMT-{n}"),
    CredentialKind.INSURANCE: ("Healthcare Mutual Insurance", "POL-{n}"),
    CredentialKind.CERTIFICATION: ("Myofascial Pain Institute", "CERT-{n}"),
    CredentialKind.FIRST_AID: ("Canadian Red Cross", "FA-{n}"),
}
CLIENT_NAMES = ["Ava Chen", "Noah Patel", "Emma Roy", "Lucas Martin", "Olivia Singh"]
WORKING_DAYS = range(0, 6)  # Monday to Saturday
WAITING_CLIENT = 4  # on the waitlist for a weekday late afternoon, with any therapist
WAITLIST_DAYS = 14
MISSING_CLIENT = 5  # no-shows and a late cancellation: their next booking awaits approval


def _mark(region: str, side: str, intensity: int, *qualities: str) -> dict:
    return {"region": region, "side": side, "intensity": intensity, "qualities": list(qualities)}


def _chart(marks: list[dict], worst: int, least: int, average: int, now: int) -> dict:
    return {"marks": marks, "worst": worst, "least": least, "average": average, "now": now}


# Per client: (story, the chart, answers that differ from a healthy default).
DEMO_INTAKES = [
    (
        "Tension headaches at the temples since a stressful spring; neck stiff at the desk.",
        _chart(
            [
                _mark("temple", "L", 6, "aching", "throbbing"),
                _mark("temple", "R", 5, "aching", "throbbing"),
                _mark("neck_back", "L", 5, "stiffness"),
                _mark("neck_back", "R", 4, "stiffness"),
                _mark("shoulder_top", "L", 6, "aching", "deep_dull"),
                _mark("shoulder_top", "R", 5, "aching"),
                _mark("occiput", "L", 4, "aching"),
            ],
            7,
            2,
            4,
            3,
        ),
        {"pain_duration": "chronic", "pain_pattern": "intermittent"},
    ),
    (
        "Low back and right buttock pain after moving house; sitting makes it worse.",
        _chart(
            [
                _mark("low_back", "L", 6, "aching", "deep_dull"),
                _mark("low_back", "R", 5, "aching"),
                _mark("buttock", "R", 6, "deep_dull"),
                _mark("sacroiliac", "R", 5, "aching"),
                _mark("thigh_back", "R", 3, "tingling"),
            ],
            8,
            3,
            5,
            4,
        ),
        {"pain_duration": "subacute", "night_pain": True, "worse_with": "Sitting long."},
    ),
    (
        "Calf pain in the left leg for a week, after a long flight.",
        _chart([_mark("calf", "L", 6, "aching"), _mark("knee_back", "L", 4, "aching")], 6, 3, 4, 5),
        {"pain_duration": "acute", "pain_pattern": "constant", "clot_signs": True},
    ),
    (
        "Pain at the front of the right shoulder down the arm when lifting.",
        _chart(
            [
                _mark("shoulder_front", "R", 5, "aching"),
                _mark("upper_arm_front", "R", 4, "aching"),
                _mark("thumb_index", "R", 3, "tingling"),
            ],
            6,
            1,
            3,
            2,
        ),
        {"anticoagulants_or_bleeding": True, "medications": "Apixaban 5 mg twice a day."},
    ),
    (
        "Jaw pain on the left when chewing; clenches at night.",
        _chart(
            [
                _mark("jaw", "L", 5, "aching"),
                _mark("cheek", "L", 4, "deep_dull"),
                _mark("ear", "L", 3, "aching"),
            ],
            5,
            1,
            3,
            2,
        ),
        {"preferred_pressure": "light"},
    ),
]


def _intake(client: User, story: str, chart: dict, answers: dict) -> None:
    if client.intakes.exists():
        return
    base = {
        "phone": "416-555-01" + str(client.pk % 100).zfill(2),
        "emergency_contact_name": "Sam " + client.last_name,
        "emergency_contact_phone": "416-555-0199",
        "emergency_contact_relation": "Partner",
        "pain_onset": story,
        "pain_duration": "chronic",
        "pain_pattern": "intermittent",
        "goals": "Less pain, and to know what I can do about it at home.",
        "blood_pressure": "normal",
        "preferred_pressure": "medium",
        "consent_treatment": True,
        "consent_privacy": True,
    }
    intake_submit(
        client=client,
        answers={**base, **answers},
        chart=chart,
        signature=client.get_full_name(),
        ip=None,
    )


PAST_SESSIONS = 4  # weekly, with pain easing from one to the next


def _hour_session(
    client: User, therapist: Therapist, service: Service, day: date, hour: int, **fields
) -> Appointment:
    """A one-hour session written directly, outside the booking rules (which refuse the past
    and a lapsed licence)."""
    start = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
    return Appointment.objects.create(
        client=client,
        therapist=therapist,
        service=service,
        start=start,
        end=start + timedelta(minutes=60),
        blocked_until=start + timedelta(minutes=60),
        **fields,
    )


def _past_sessions(client: User, therapist: Therapist, number: int) -> None:
    """A few signed sessions in the past weeks, so plots and heat maps have data."""
    intake = Intake.objects.current_for(client)
    if intake and intake.screening_status == ScreeningStatus.NEEDS_CLEARANCE:
        return  # no massage until a clearance is recorded
    if SessionNote.objects.filter(appointment__client=client).exists():
        return
    service = therapist.services.get(duration_minutes=60)
    suggested = suggest_muscles(intake.pain_chart, limit=3) if intake else []
    for weeks_ago in range(PAST_SESSIONS, 0, -1):
        day = timezone.localdate() - timedelta(days=7 * weeks_ago + number)
        appointment = _hour_session(client, therapist, service, day, 9 + number)
        note = note_open(appointment=appointment, by=therapist.user)
        before = 3 + weeks_ago
        note_save(
            note=note,
            by=therapist.user,
            fields={
                "subjective": "Pain a little easier since last time." if weeks_ago < 4 else "",
                "objective": "Taut bands with tender nodules; referral reproduced on pressure.",
                "assessment": "Myofascial pain, improving.",
                "plan": "Heat and gentle stretches daily; drink water. Next session in a week.",
                "rebook_after_days": 7,
                "pain_before": before,
                "pain_after": max(before - 3, 0),
            },
            points=[
                {
                    "muscle": s.muscle.id,
                    "side": s.side,
                    "activity": "active",
                    "technique": "ischemic_compression",
                    "pressure": 3,
                    "duration_seconds": 90,
                    "response": "released" if weeks_ago < 3 else "partly_released",
                    "referral_reproduced": True,
                }
                for s in suggested
            ],
        )
        note_sign(note=note, by=therapist.user, now=appointment.start + timedelta(hours=1))


def _missed_sessions(client: User, therapist: Therapist) -> None:
    """As many no-shows and late cancellations in the past weeks as it takes for the client's
    next online booking to await an admin's approval (the last one a late cancellation)."""
    if Appointment.objects.filter(client=client).missed().exists():
        return
    service = therapist.services.get(duration_minutes=60)
    for weeks_ago in range(settings.NO_SHOW_APPROVAL_THRESHOLD, 0, -1):
        day = timezone.localdate() - timedelta(days=7 * weeks_ago + 3)
        missed = {"status": AppointmentStatus.NO_SHOW}
        if weeks_ago == 1:
            start = datetime.combine(day, time(16), tzinfo=timezone.get_current_timezone())
            missed = {
                "status": AppointmentStatus.CANCELLED,
                "late_cancellation": True,
                "cancelled_by": client,
                "cancelled_at": start - timedelta(hours=3),
                "cancellation_reason": "Something came up at work.",
            }
        _hour_session(client, therapist, service, day, 16, **missed)


def _waiting(client: User) -> None:
    """Waiting for a weekday late-afternoon session over the next two weeks, with anyone."""
    today = timezone.localdate()
    if WaitlistEntry.objects.waiting(on=today).filter(client=client).exists():
        return
    waitlist_join(
        client=client,
        therapist=None,
        service=Service.objects.get(name="Trigger point therapy", duration_minutes=60),
        first_day=today,
        last_day=today + timedelta(days=WAITLIST_DAYS - 1),
        weekdays=list(range(5)),
        earliest=time(15),
        latest=time(17),
    )


def _upcoming_session(client: User, therapist: Therapist, number: int) -> None:
    """One booked session a few days ahead, so schedules and intakes have something to show."""
    if client.appointments.filter(start__gt=timezone.now()).exists():
        return
    service = therapist.services.order_by("duration_minutes").last()
    slots = available_slots(
        service=service,
        therapist_ids=[therapist.pk],
        first_day=timezone.localdate() + timedelta(days=2),
        days=7,
        now=timezone.now(),
    )
    if slots:
        slot = slots[(number * 7) % len(slots)]  # spread the demo sessions over the week
        appointment_book(client=client, therapist=therapist, service=service, start=slot.start)


def _account(email: str, role: str, name: str, password: str | None) -> tuple[User, bool]:
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"role": role, "first_name": first, "last_name": last},
    )
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
    if password is not None:
        user.set_password(password)
    user.save()
    return user, created


def _therapist(
    number: int, name: str, status: str, expiry_years: int, password, admin
) -> Therapist:
    user, _ = _account(f"therapist{number}@{DOMAIN}", Role.THERAPIST, name, password)
    therapist, _ = Therapist.objects.update_or_create(
        user=user,
        defaults={
            "display_name": name,
            "bio": f"{name.split()[0]} treats myofascial pain with trigger point therapy.",
            "modalities": [Modality.TRIGGER_POINT, Modality.DEEP_TISSUE, Modality.PNF],
            "years_of_practice": 4 + number,
        },
    )
    therapist.services.set(Service.objects.filter(name="Trigger point therapy"))
    for weekday in WORKING_DAYS:
        WorkingHours.objects.get_or_create(
            therapist=therapist, weekday=weekday, start=time(9), end=time(17)
        )
    today = timezone.localdate()
    expires = today + timedelta(days=365 * expiry_years if expiry_years > 0 else -30)
    if number in LICENCE_EXPIRES_IN_DAYS:
        expires = today + timedelta(days=LICENCE_EXPIRES_IN_DAYS[number])
    held = [
        (CredentialKind.LICENCE, "", status, expires),
        (
            CredentialKind.INSURANCE,
            "",
            CredentialStatus.VERIFIED,
            today + timedelta(INSURANCE_DAYS),
        ),
        *(
            (kind, name, state, today + timedelta(days=days))
            for kind, name, state, days in OTHER_CREDENTIALS.get(number, [])
        ),
    ]
    for index, (kind, certification, state, until) in enumerate(held):
        _credential(
            therapist, kind, certification, state, until, 10400 + 10 * number + index, admin
        )
    return therapist


def _credential(therapist, kind, certification, status, expires, serial, admin) -> None:
    """One demo credential with a document and its history (made once, kept on a rerun)."""
    today = timezone.localdate()
    issuer, number = ISSUERS[kind]
    decided = status != CredentialStatus.PENDING
    credential, created = Credential.objects.update_or_create(
        therapist=therapist,
        kind=kind,
        certification=certification,
        defaults={
            "number": number.format(n=serial),
            "issuing_authority": issuer,
            "jurisdiction": "Ontario, Canada",
            "issued_on": min(expires, today) - timedelta(days=3 * 365),
            "expires_on": expires,
            "status": status,
            "decided_by": admin if decided else None,
            "decided_at": timezone.now() if decided else None,
            "rejection_reason": "The document is unreadable." if status == "rejected" else "",
        },
    )
    if not credential.document:
        credential.document_type = "image/png"
        credential.document.save("document.png", ContentFile(_document_image(credential)))
    if created:
        user = therapist.user
        CredentialEvent.objects.create(credential=credential, action="submitted", actor=user)
        if decided:
            CredentialEvent.objects.create(
                credential=credential,
                action=status,
                actor=admin,
                reason=credential.rejection_reason,
            )


def _document_image(credential: Credential) -> bytes:
    """A scanned-looking certificate: the credential's facts on a plain page."""
    image = Image.new("RGB", (640, 420), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 630, 410), outline="navy", width=4)
    lines = [
        credential.issuing_authority,
        "",
        credential.name.upper(),
        credential.therapist.display_name,
        f"No. {credential.number}",
        f"Valid {credential.issued_on:%Y-%m-%d} to {credential.expires_on:%Y-%m-%d}",
    ]
    for row, line in enumerate(lines):
        draw.text((40, 40 + 50 * row), line, fill="black", font_size=24)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _booked_after_expiry(client: User, therapist: Therapist) -> None:
    """A session booked for after the therapist's licence expires: the queue lists it."""
    licence = therapist.credentials.get(kind=CredentialKind.LICENCE)
    if client.appointments.filter(therapist=therapist, start__gt=timezone.now()).exists():
        return
    service = therapist.services.get(duration_minutes=60)
    _hour_session(client, therapist, service, licence.expires_on + timedelta(days=4), 11)


@transaction.atomic
def seed_demo(*, password: str | None) -> list[tuple[str, str]]:
    """Create or refresh the demo data; returns (email, role) of every demo account.

    Existing accounts keep their password unless one is given.
    """
    for name, minutes, buffer, price in SERVICES:
        Service.objects.update_or_create(
            name=name,
            duration_minutes=minutes,
            defaults={"buffer_minutes": buffer, "price": price, "active": True},
        )
    admin, _ = _account(f"admin@{DOMAIN}", Role.ADMIN, "Clinic Admin", password)
    therapists = [
        _therapist(number, name, status, expiry_years, password, admin)
        for number, name, status, expiry_years in THERAPISTS
    ]
    for number, (name, intake) in enumerate(zip(CLIENT_NAMES, DEMO_INTAKES, strict=True), 1):
        client, _ = _account(f"client{number}@{DOMAIN}", Role.CLIENT, name, password)
        ClientProfile.objects.get_or_create(user=client)
        _intake(client, *intake)
        _past_sessions(client, therapists[(number - 1) % 3], number)
        if number == MISSING_CLIENT:
            _missed_sessions(client, therapists[(number - 1) % 3])
        _upcoming_session(client, therapists[(number - 1) % 3], number)
    _booked_after_expiry(User.objects.get(email=f"client4@{DOMAIN}"), therapists[2])
    _waiting(User.objects.get(email=f"client{WAITING_CLIENT}@{DOMAIN}"))
    plan_due_expiry_alerts(now=timezone.now())
    return list(
        User.objects.filter(email__endswith=f"@{DOMAIN}")
        .order_by("role", "email")
        .values_list("email", "role")
    )


def demo_accounts_exist() -> bool:
    return User.objects.filter(email=f"admin@{DOMAIN}").exists()
