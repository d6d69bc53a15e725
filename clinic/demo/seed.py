"""Demo data: services, five therapists (three bookable), five clients and an admin.

Therapists hold credentials in every state: verified, pending, rejected, expiring soon
(therapist 3's licence, in 10 days) and expired (therapist 5's licence).
Client 4 waits on the waitlist; client 5 missed enough sessions that their booking awaits
an admin's approval. Sessions are taxed at 13% (HST); the money they made is in money.py.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from therapists.credentials.messages import plan_due_expiry_alerts

from .bookings import (
    MISSING_CLIENT,
    WAITING_CLIENT,
    booked_after_expiry,
    missed_sessions,
    past_sessions,
    upcoming_session,
    waiting_on_the_list,
)
from .intakes import DEMO_INTAKES, intake_for
from .money import HST, money_history, money_products
from .people import DOMAIN, THERAPISTS, demo_account, demo_therapist

SERVICES = [
    # name, minutes, buffer, price
    ("Trigger point therapy", 30, 0, Decimal("60.00")),
    ("Trigger point therapy", 60, 0, Decimal("110.00")),
    ("Trigger point therapy", 90, 15, Decimal("150.00")),
]
CLIENT_NAMES = ["Ava Chen", "Noah Patel", "Emma Roy", "Lucas Martin", "Olivia Singh"]


@transaction.atomic
def seed_demo(*, password: str | None) -> list[tuple[str, str]]:
    """Create or refresh the demo data; returns (email, role) of every demo account.

    Existing accounts keep their password unless one is given.
    """
    for name, minutes, buffer, price in SERVICES:
        Service.objects.update_or_create(
            name=name,
            duration_minutes=minutes,
            defaults={"buffer_minutes": buffer, "price": price, "tax_rate": HST, "active": True},
        )
    money_products()
    admin, _ = demo_account(f"admin@{DOMAIN}", Role.ADMIN, "Clinic Admin", password)
    desk, _ = demo_account(f"desk@{DOMAIN}", Role.DESK, "Front Desk", password)
    therapists = [
        demo_therapist(number, name, status, expiry_years, password, admin)
        for number, name, status, expiry_years in THERAPISTS
    ]
    clients = {}
    for number, (name, intake) in enumerate(zip(CLIENT_NAMES, DEMO_INTAKES, strict=True), 1):
        client, _ = demo_account(f"client{number}@{DOMAIN}", Role.CLIENT, name, password)
        clients[number] = client
        ClientProfile.objects.get_or_create(user=client)
        intake_for(client, *intake)
        past_sessions(client, therapists[(number - 1) % 3], number)
        if number == MISSING_CLIENT:
            missed_sessions(client, therapists[(number - 1) % 3])
        upcoming_session(client, therapists[(number - 1) % 3], number)
    booked_after_expiry(User.objects.get(email=f"client4@{DOMAIN}"), therapists[2])
    waiting_on_the_list(User.objects.get(email=f"client{WAITING_CLIENT}@{DOMAIN}"))
    money_history(clients=clients, desk=desk)
    plan_due_expiry_alerts(now=timezone.now())
    return list(
        User.objects.filter(email__endswith=f"@{DOMAIN}")
        .order_by("role", "email")
        .values_list("email", "role")
    )


def demo_accounts_exist() -> bool:
    return User.objects.filter(email=f"admin@{DOMAIN}").exists()
