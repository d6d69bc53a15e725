"""`manage.py seed_demo`: the demo clinic named in the contract, safe to run again. The tests
read the demo seeded once for the module (`demo_clinic`); test_seed_demo_fresh.py seeds an
empty database."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from tests.clock import frozen_at
from tests.demo_clinic import DEMO_PASSWORD, NOW, seed
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist, WorkingHours

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]

THERAPISTS = [f"therapist{n}@demo.clinic" for n in range(1, 6)]
CLIENTS = [f"client{n}@demo.clinic" for n in range(1, 6)]
ACCOUNTS = ["admin@demo.clinic", "desk@demo.clinic", *THERAPISTS, *CLIENTS]


frozen = frozen_at(NOW)


def can_sign_in(email: str, password: str) -> bool:
    """The login page takes the password (staff then go on to the code step)."""
    response = Client().post("/accounts/login/", {"username": email, "password": password})
    return response.status_code == 302


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "therapists": Therapist.objects.count(),
        "services": Service.objects.count(),
        "therapist services": Therapist.services.through.objects.count(),
        "working hours": WorkingHours.objects.count(),
        "credentials": Credential.objects.count(),
        "client profiles": ClientProfile.objects.count(),
    }


def test_seed_demo_creates_the_contracts_accounts():
    assert sorted(User.objects.values_list("email", "role")) == sorted(
        [("admin@demo.clinic", Role.ADMIN), ("desk@demo.clinic", Role.DESK)]
        + [(email, Role.THERAPIST) for email in THERAPISTS]
        + [(email, Role.CLIENT) for email in CLIENTS]
    )


def test_seed_demo_accounts_sign_in_with_the_password():
    assert [can_sign_in(email, DEMO_PASSWORD) for email in ACCOUNTS] == [True] * 12


def test_seed_demo_admin_reaches_the_django_admin():
    admin = User.objects.get(email="admin@demo.clinic")
    browser = Client()
    browser.force_login(admin)

    response = browser.get("/admin/")

    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert response.status_code == 200


def test_seed_demo_makes_therapists_one_to_three_bookable():
    bookable = Therapist.objects.bookable().values_list("user__email", flat=True)
    assert sorted(bookable) == THERAPISTS[:3]


def test_seed_demo_therapist_four_is_pending_and_five_expired():
    licences = Credential.objects.filter(kind=CredentialKind.LICENCE)
    four = licences.get(therapist__user__email="therapist4@demo.clinic")
    five = licences.get(therapist__user__email="therapist5@demo.clinic")
    assert (four.status, four.decided_by) == (CredentialStatus.PENDING, None)
    assert five.status == CredentialStatus.VERIFIED
    assert five.expires_on < NOW.date()


def test_seed_demo_services_are_trigger_point_therapy_at_three_lengths_with_hst():
    assert list(
        Service.objects.order_by("duration_minutes").values_list(
            "name", "duration_minutes", "buffer_minutes", "price", "tax_rate", "active"
        )
    ) == [
        ("Trigger point therapy", 30, 0, Decimal("60.00"), Decimal("13.00"), True),
        ("Trigger point therapy", 60, 0, Decimal("110.00"), Decimal("13.00"), True),
        ("Trigger point therapy", 90, 15, Decimal("150.00"), Decimal("13.00"), True),
    ]


def test_seed_demo_clients_have_profiles():
    assert sorted(ClientProfile.objects.values_list("user__email", flat=True)) == sorted(CLIENTS)


def test_seed_demo_bookable_therapists_have_free_slots():
    service = Service.objects.get(duration_minutes=60)
    bookable = Therapist.objects.filter(user__email__in=THERAPISTS[:3]).values_list("pk", flat=True)

    response = Client().get("/api/v1/availability/", {"service": service.pk, "start": "2026-12-02"})

    slots = response.json()["slots"]
    assert sorted({slot["therapist"] for slot in slots}) == sorted(bookable)
    assert [slot["start"] for slot in slots[:3]] == ["2026-12-02T09:00:00-05:00"] * 3


def test_seed_demo_twice_changes_nothing():
    first = counts()

    seed(password=DEMO_PASSWORD)

    assert counts() == first
    assert first == {
        "users": 12,
        "therapists": 5,
        "services": 3,
        "therapist services": 15,
        "working hours": 30,
        "credentials": 16,
        "client profiles": 5,
    }


def test_seed_demo_again_without_password_keeps_the_passwords():
    out = seed()

    assert "Demo accounts kept their passwords (use --password to set one)." in out.splitlines()
    assert [can_sign_in(email, DEMO_PASSWORD) for email in ACCOUNTS] == [True] * 12


def test_seed_demo_again_with_a_new_password_sets_it():
    seed(password="another-demo-password")

    assert can_sign_in("client1@demo.clinic", "another-demo-password") is True
    assert can_sign_in("client1@demo.clinic", DEMO_PASSWORD) is False


def test_seed_demo_lists_every_account_it_made():
    out = seed(password=DEMO_PASSWORD)

    listed = re.findall(r"^  (admin|desk|client|therapist)\s+(\S+@demo\.clinic)$", out, re.M)
    assert sorted(email for _, email in listed) == sorted(ACCOUNTS)
