"""An id in a URL names that row or none: 0, a negative or an id past the database's
integers is a 404 (or the page's refusal of the caller's role), never a 500 and never the
caller's own data."""

import pytest

from tests.api import api_as
from tests.factories import AdminFactory, ClientFactory, DeskFactory, TherapistFactory
from tests.pages import http_as
from tests.routes import fill, id_routes

pytestmark = pytest.mark.django_db

NOT_IDS = [0, 2**63]
REFUSED = {403, 404, 405}


@pytest.fixture(params=["client", "therapist", "desk", "admin"])
def caller(request):
    factories = {
        "client": ClientFactory,
        "therapist": lambda: TherapistFactory().user,
        "desk": DeskFactory,
        "admin": AdminFactory,
    }
    return factories[request.param]()


def answer(caller, path: str) -> int:
    http = api_as(caller) if path.startswith("/api/") else http_as(caller)
    return http.get(path).status_code


@pytest.mark.parametrize("route", id_routes())
def test_an_id_that_is_no_row_is_refused(caller, route):
    paths = [fill(route, value) for value in NOT_IDS]

    statuses = {path: answer(caller, path) for path in paths}

    assert {path: status for path, status in statuses.items() if status not in REFUSED} == {}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_client_0s_record_is_not_the_callers_own(fmt):
    ava = ClientFactory()

    response = http_as(ava).get(f"/clients/0/record.{fmt}")

    assert response.status_code == 404
