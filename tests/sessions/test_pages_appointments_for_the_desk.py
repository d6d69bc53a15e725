"""The appointment list of the desk and admins, who see everyone's sessions: each row names
the client and the therapist."""

import re

import pytest

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AdminFactory, AppointmentFactory, ClientFactory, DeskFactory
from tests.pages import html
from tests.sessions.web import NOW, rows, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)
STAFF = {"desk": DeskFactory, "admin": AdminFactory}


def names(response) -> list[tuple[str, str]]:
    """(client, therapist) of each row, in the page's order."""
    return re.findall(
        r'<span class="appointment-client">([^<]*)</span> with '
        r'<span class="appointment-therapist">([^<]*)</span>',
        html(response),
    )


@pytest.mark.parametrize("role", list(STAFF))
def test_each_row_names_the_client_and_the_therapist(client, maya, service, role):
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    AppointmentFactory(client=ava, therapist=maya, service=service, start=utc(3, 15))
    AppointmentFactory(
        client=ClientFactory(first_name="", last_name="", email="noname@example.org"),
        therapist=maya,
        service=service,
        start=utc(20, 15, month=11),
        status=AppointmentStatus.COMPLETED,
    )
    client.force_login(STAFF[role]())

    response = client.get("/appointments/")

    assert names(response) == [
        ("Ava Chen", "Maya Lindqvist"),
        ("noname@example.org", "Maya Lindqvist"),
    ]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html(response)) == ["Appointments"]


def test_a_client_s_rows_name_the_therapist_only(signed_in, client_user, maya, service):
    AppointmentFactory(client=client_user, therapist=maya, service=service, start=utc(3, 15))

    response = signed_in.get("/appointments/")

    assert names(response) == []
    assert "&middot; Maya Lindqvist" in html(response)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html(response)) == ["My appointments"]


@pytest.mark.parametrize("role", list(STAFF))
@pytest.mark.parametrize("count", [1, 4])
def test_the_list_s_queries_do_not_grow(
    client, maya, service, django_assert_num_queries, role, count
):
    for day in range(count):
        AppointmentFactory(therapist=maya, service=service, start=utc(3 + day, 15))
        AppointmentFactory(
            therapist=maya,
            service=service,
            start=utc(20 + day, 15, month=11),
            status=AppointmentStatus.COMPLETED,
        )
    client.force_login(STAFF[role]())

    # session, user, second-factor device, upcoming, past
    with django_assert_num_queries(5):
        response = client.get("/appointments/")

    assert (len(rows(response, "upcoming")), len(rows(response, "past"))) == (count, count)
    assert len(names(response)) == 2 * count
