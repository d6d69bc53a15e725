"""The demo clinic's people: accounts, and therapists with their hours and credentials in
every state."""

import io
from datetime import time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from clinic.accounts.models import Role, User
from clinic.catalogue.models import Certification, Service
from therapists.credentials.models import (
    Credential,
    CredentialEvent,
    CredentialKind,
    CredentialStatus,
)
from therapists.models import Modality, Therapist, WorkingHours

DOMAIN = "demo.clinic"
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

WORKING_DAYS = range(0, 6)  # Monday to Saturday


def demo_account(email: str, role: str, name: str, password: str | None) -> tuple[User, bool]:
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"role": role, "first_name": first, "last_name": last},
    )
    user.email_confirmed_at = user.email_confirmed_at or timezone.now()
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
    if password is not None:
        user.set_password(password)
    user.save()
    return user, created


def demo_therapist(
    number: int, name: str, status: str, expiry_years: int, password, admin
) -> Therapist:
    user, _ = demo_account(f"therapist{number}@{DOMAIN}", Role.THERAPIST, name, password)
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
