"""The Django admin's appointments: read there, booked only at the desk under the booking
rules, each row naming its client."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages

from sessions.models import Appointment
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    TherapistFactory,
)
from tests.pages import answer_of, html

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
ADD = "/admin/clinic_sessions/appointment/add/"
CHANGE_LIST = "/admin/clinic_sessions/appointment/"

frozen = frozen_at(NOW)


def test_adding_an_appointment_in_the_admin_sends_to_the_desk_s_booking(admin_client):
    response = admin_client.get(ADD)

    assert answer_of(response) == (302, "/desk/book/")
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Sessions are booked at the desk, under the booking rules."
    ]


def test_a_post_to_the_admin_s_add_creates_no_appointment(admin_client):
    client, therapist, service = ClientFactory(), TherapistFactory(), ServiceFactory()
    form = {
        "client": client.pk,
        "therapist": therapist.pk,
        "service": service.pk,
        "start_0": "2026-12-03",
        "start_1": "10:00:00",
        "end_0": "2026-12-03",
        "end_1": "11:00:00",
        "blocked_until_0": "2026-12-03",
        "blocked_until_1": "11:00:00",
        "status": "booked",
        "_save": "Save",
    }

    response = admin_client.post(ADD, form)

    assert answer_of(response) == (302, "/desk/book/")
    assert Appointment.objects.count() == 0


def test_the_change_list_offers_adding_as_booking(admin_client):
    response = admin_client.get(CHANGE_LIST)

    assert re.findall(r'<a href="([^"]+)" class="addlink">', html(response)) == [ADD]


def test_adding_ends_on_the_desk_s_booking_page(admin_client):
    response = admin_client.get(ADD, follow=True)

    assert (response.redirect_chain, response.status_code) == ([("/desk/book/", 302)], 200)


def test_the_change_list_names_each_appointment_s_client(admin_client):
    AppointmentFactory(client=ClientFactory(first_name="Ava", last_name="Chen"))
    AppointmentFactory(client=ClientFactory(first_name="", last_name="", email="x@example.org"))

    response = admin_client.get(CHANGE_LIST)

    clients = re.findall(r'<td class="field-client_name">([^<]*)</td>', html(response))
    assert sorted(clients) == ["Ava Chen", "x@example.org"]


@pytest.mark.parametrize("count", [1, 4])
def test_the_change_list_queries_do_not_grow(client, django_assert_num_queries, count):
    for _ in range(count):
        AppointmentFactory()
    client.force_login(AdminFactory())

    with django_assert_num_queries(9):
        response = client.get(CHANGE_LIST)

    assert len(re.findall(r'<td class="field-client_name">', html(response))) == count
