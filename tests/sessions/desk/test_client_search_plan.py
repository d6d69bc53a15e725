"""On PostgreSQL, the client search is served by the indexes of clients migration 0006."""

import pytest
from django.db import connection

from clients.models import ClientProfile
from clients.selectors import client_search
from clinic.accounts.models import Role, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
CLIENTS = 5000


@pytest.fixture
def many_clients():
    users = User.objects.bulk_create(
        User(
            email=f"client{n}@example.org",
            first_name=f"First{n}",
            last_name=f"Last{n}",
            role=Role.CLIENT,
            password="!",
        )
        for n in range(CLIENTS)
    )
    ClientProfile.objects.bulk_create(
        ClientProfile(user=user, phone=f"+1416{n:07d}") for n, user in enumerate(users)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clinic_user, clients_clientprofile")


def plan(text: str) -> str:
    return client_search(text)[:50].explain()


@pytest.mark.parametrize(
    ("text", "indexes"),
    [
        (
            "Last4321",
            [
                "client_first_name_prefix",
                "client_last_name_prefix",
                "client_full_name_prefix",
                "client_email_prefix",
            ],
        ),
        ("First4321 Last", ["client_full_name_prefix"]),
        ("416 000 4321", ["client_phone_prefix"]),
        ("", ["client_newest_first"]),
    ],
)
def test_the_search_is_an_index_scan(many_clients, text, indexes):
    explained = plan(text)

    assert [index for index in indexes if f" {index} " not in explained] == []
    assert "Seq Scan on clinic_user" not in explained
    assert "Seq Scan on clients_clientprofile" not in explained
