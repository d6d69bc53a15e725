"""How long the desk's client search takes among 50,000 clients on PostgreSQL (README.md)."""

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from faker import Faker
from rest_framework.test import APIClient

from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from tests.factories import DeskFactory
from tests.otp import confirmed_authenticator

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
CLIENTS = 50_000


@pytest.fixture
def desk():
    """The desk, among 50,000 clients with made-up names, emails and Toronto phone numbers."""
    fake = Faker("en_CA")
    fake.seed_instance(42)
    users = User.objects.bulk_create(
        (
            User(
                email=f"{n}.{fake.user_name()}@example.org",
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                role=Role.CLIENT,
                password="!",
            )
            for n in range(CLIENTS)
        ),
        batch_size=5000,
    )
    ClientProfile.objects.bulk_create(
        (ClientProfile(user=user, phone=f"+1416{n:07d}") for n, user in enumerate(users)),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clinic_user, clients_clientprofile")
    return DeskFactory()


@pytest.mark.parametrize("search", ["Lovel", "416 002 71", ""])
def test_clients_api_search(benchmark, desk, search):
    api = APIClient()
    api.force_authenticate(desk)

    response = benchmark(api.get, "/api/v1/clients/", {"search": search})

    assert response.status_code == 200


def test_desk_clients_page_search(benchmark, desk):
    browser = Client()
    browser.force_login(desk)
    session = browser.session  # signed in with the second step done
    session[DEVICE_ID_SESSION_KEY] = confirmed_authenticator(desk).persistent_id
    session.save()

    response = benchmark(browser.get, "/desk/clients/", {"q": "Lovel"})

    assert response.status_code == 200
