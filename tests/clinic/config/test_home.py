"""Where each person starts: the home page for clients and visitors, the schedule for
therapists, the clinic's calendar for the desk, the office for admins; after signing in too,
through the code step, unless the sign-in was asked for on the way to another page."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from clinic.accounts.access import is_clinic_staff
from clinic.config.views import home_for
from tests.clinic.accounts.two_factor import NOW, VERIFY
from tests.clock import frozen_at
from tests.factories import PASSWORD, AdminFactory, ClientFactory, DeskFactory, TherapistFactory
from tests.otp import confirmed_authenticator, totp_code
from tests.pages import answer_of

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)

PEOPLE = {
    "client": ClientFactory,
    "therapist": lambda: TherapistFactory().user,
    "desk": DeskFactory,
    "admin": AdminFactory,
}
STARTS = {"client": None, "therapist": "/schedule/", "desk": "/desk/", "admin": "/office/"}


def sign_in(browser: Client, user, *, next_page: str | None = None) -> list[tuple[str, int]]:
    """The password, then for staff the code from their authenticator; the redirects the
    browser follows on the way, ending where it lands."""
    device = confirmed_authenticator(user) if is_clinic_staff(user) else None
    query = f"?{urlencode({'next': next_page})}" if next_page else ""
    credentials = {"username": user.email, "password": PASSWORD}
    response = browser.post(f"/accounts/login/{query}", credentials, follow=True)
    chain = response.redirect_chain
    if device is not None:
        code_page = chain[-1][0]
        response = browser.post(code_page, {"code": totp_code(device)}, follow=True)
        chain = chain + response.redirect_chain
    return chain


@pytest.mark.parametrize("role", list(PEOPLE))
def test_home_for_names_each_role_s_start(role):
    user = PEOPLE[role]()

    assert home_for(user) == STARTS[role]


def test_home_for_a_therapist_without_a_profile_is_the_home_page():
    assert home_for(ClientFactory(role="therapist")) is None


@pytest.mark.parametrize("role", ["therapist", "desk", "admin"])
def test_home_page_sends_staff_to_their_start(client, role):
    client.force_login(PEOPLE[role]())

    response = client.get("/")

    assert answer_of(response) == (302, STARTS[role])


@pytest.mark.parametrize("user", [None, "client"])
def test_home_page_is_the_home_page_for_clients_and_visitors(client, user):
    if user is not None:
        client.force_login(ClientFactory())

    response = client.get("/")

    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "clinic/home.html"


def test_client_lands_on_the_home_page_after_signing_in(client):
    chain = sign_in(client, ClientFactory())

    assert chain == [("/", 302)]
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", ["therapist", "desk", "admin"])
def test_staff_land_on_their_start_after_the_code(client, role):
    chain = sign_in(client, PEOPLE[role]())

    assert chain == [("/", 302), (f"{VERIFY}?next=%2F", 302), ("/", 302), (STARTS[role], 302)]


def test_admin_s_start_is_the_office(client):
    sign_in(client, AdminFactory())

    response = client.get("/office/")

    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "clinic/admin_home.html"


def test_a_page_asked_for_before_signing_in_wins_for_a_client(client):
    chain = sign_in(client, ClientFactory(), next_page="/appointments/")

    assert chain == [("/appointments/", 302)]


@pytest.mark.parametrize("role", ["therapist", "desk", "admin"])
def test_a_page_asked_for_before_signing_in_wins_for_staff(client, role):
    chain = sign_in(client, PEOPLE[role](), next_page="/appointments/")

    assert chain == [
        ("/appointments/", 302),
        (f"{VERIFY}?next=%2Fappointments%2F", 302),
        ("/appointments/", 302),
    ]
    assert client.get("/appointments/").status_code == 200
