"""Demo data: services, five therapists (three bookable), five clients and an admin."""

from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clients.models import ClientProfile
from therapists.models import (
    Credential,
    CredentialKind,
    CredentialStatus,
    Modality,
    Therapist,
    WorkingHours,
)

from .models import Role, Service, User

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
CLIENT_NAMES = ["Ava Chen", "Noah Patel", "Emma Roy", "Lucas Martin", "Olivia Singh"]
WORKING_DAYS = range(0, 6)  # Monday to Saturday


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
    verified = status == CredentialStatus.VERIFIED
    Credential.objects.update_or_create(
        therapist=therapist,
        kind=CredentialKind.LICENCE,
        defaults={
            "number": f"RMT-{10400 + number}",
            "issuing_authority": "College of Massage Therapists of Ontario",
            "jurisdiction": "Ontario, Canada",
            "issued_on": min(expires, today) - timedelta(days=3 * 365),
            "expires_on": expires,
            "status": status,
            "decided_by": admin if verified else None,
            "decided_at": timezone.now() if verified else None,
        },
    )
    return therapist


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
    for number, name, status, expiry_years in THERAPISTS:
        _therapist(number, name, status, expiry_years, password, admin)
    for number, name in enumerate(CLIENT_NAMES, start=1):
        client, _ = _account(f"client{number}@{DOMAIN}", Role.CLIENT, name, password)
        ClientProfile.objects.get_or_create(user=client)
    return list(
        User.objects.filter(email__endswith=f"@{DOMAIN}")
        .order_by("role", "email")
        .values_list("email", "role")
    )


def demo_accounts_exist() -> bool:
    return User.objects.filter(email=f"admin@{DOMAIN}").exists()
