"""GET /api/v1/clients/: the clients the caller may look up, as contact details."""

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    DeskFactory,
    TherapistFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 15, tzinfo=UTC)
frozen = frozen_at(NOW)
URL = "/api/v1/clients/"


def api_as(user) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def client(first: str, last: str, email: str, phone: str = "", *, days_ago: int = 0):
    person = ClientFactory(
        first_name=first, last_name=last, email=email, date_joined=NOW - timedelta(days=days_ago)
    )
    ClientProfileFactory(user=person, phone=phone)
    return person


def test_the_desk_gets_every_client_newest_first_as_contact_details():
    ada = client("Ada", "Lovelace", "ada@example.org", "+14165550142", days_ago=2)
    grace = ClientFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")

    response = api_as(DeskFactory()).get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": grace.pk,
                "first_name": "Grace",
                "last_name": "Hopper",
                "email": "grace@example.org",
                "phone": "",
            },
            {
                "id": ada.pk,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": "ada@example.org",
                "phone": "+14165550142",
            },
        ],
    }


def test_search_narrows_the_list_for_an_admin():
    ada = client("Ada", "Lovelace", "ada@example.org", "+14165550142")
    client("Alan", "Turing", "alan@example.org", "+14165550199")

    by_name = api_as(AdminFactory()).get(URL, {"search": "love"})
    by_phone = api_as(AdminFactory()).get(URL, {"search": "416 555 0142"})

    assert [row["id"] for row in by_name.json()["results"]] == [ada.pk]
    assert [row["id"] for row in by_phone.json()["results"]] == [ada.pk]


def test_a_therapist_finds_only_clients_booked_with_them():
    therapist = TherapistFactory()
    own = client("Ada", "Lovelace", "ada@example.org")
    cancelled_only = client("Alan", "Lovelace", "alan@example.org")
    someone_elses = client("Anna", "Lovelace", "anna@example.org")
    AppointmentFactory(client=own, therapist=therapist, start=NOW - timedelta(days=30))
    AppointmentFactory(
        client=cancelled_only, therapist=therapist, status=AppointmentStatus.CANCELLED
    )
    AppointmentFactory(client=someone_elses)

    response = api_as(therapist.user).get(URL, {"search": "lovelace"})

    assert [row["id"] for row in response.json()["results"]] == [own.pk]


@pytest.mark.parametrize(("who", "status"), [("client", 403), ("anonymous", 401)])
def test_clients_and_the_anonymous_are_refused(who, status):
    user = ClientFactory() if who == "client" else None

    response = api_as(user).get(URL)

    assert response.status_code == status


def test_an_unknown_page_is_a_404_not_a_500():
    response = api_as(DeskFactory()).get(URL, {"page": "9"})

    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})


def test_the_list_keeps_its_query_count_as_clients_grow(django_assert_num_queries):
    desk = DeskFactory()
    api = api_as(desk)
    client("Ada", "Lovelace", "ada@example.org", "+14165550142")
    with django_assert_num_queries(2):  # the count, the page
        api.get(URL)
    for n in range(3):
        client("Extra", f"Client{n}", f"extra{n}@example.org", f"+1416555100{n}")

    with django_assert_num_queries(2):
        response = api.get(URL)

    assert response.json()["count"] == 4


def test_a_therapists_list_keeps_its_query_count(django_assert_num_queries):
    therapist = TherapistFactory()
    api = api_as(therapist.user)
    AppointmentFactory(client=client("Ada", "L", "ada@example.org"), therapist=therapist)
    with django_assert_num_queries(2):
        api.get(URL)
    for n in range(3):
        AppointmentFactory(
            client=client("X", f"C{n}", f"x{n}@example.org"),
            therapist=therapist,
            start=NOW + timedelta(days=n + 5),
        )

    with django_assert_num_queries(2):
        response = api.get(URL)

    assert response.json()["count"] == 4
