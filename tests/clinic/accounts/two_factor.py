"""Helpers for the two-step sign-in tests: the pages' addresses, the users who must use it,
and signing in with the password (the first step) through the login page."""

from datetime import UTC, datetime

from django.test import Client

from clinic.accounts.models import Role
from tests.factories import PASSWORD, AdminFactory, ClientFactory, TherapistFactory, UserFactory

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"
TURN_OFF = "/accounts/two-factor/turn-off/"


def therapist_user():
    return TherapistFactory().user


def sign_in_with_password(browser: Client, user) -> None:
    response = browser.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def staff_users():
    return {
        "therapist": therapist_user,
        "clinic admin": lambda: UserFactory(role=Role.ADMIN),
        "front desk": lambda: UserFactory(role=Role.DESK),
        "staff": lambda: ClientFactory(is_staff=True),
        "superuser": AdminFactory,
    }
