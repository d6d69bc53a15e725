"""Who may open the reports, how an admin finds them, and the range they open on."""

import re

import pytest

from clinic.accounts.models import Role
from tests.factories import (
    AdminFactory,
    ClientFactory,
    DeskFactory,
    TherapistFactory,
    UserFactory,
)

from .reporting import REPORT_SLUGS

pytestmark = pytest.mark.django_db

REPORT_URLS = [
    "/reports/",
    *(f"/reports/{slug}/" for slug in REPORT_SLUGS),
    *(f"/reports/{slug}.csv" for slug in REPORT_SLUGS),
]


def make_user(role: str):
    if role == "admin":
        return AdminFactory()
    if role == "clinic admin":
        return UserFactory(role=Role.ADMIN)  # neither staff nor superuser
    if role == "therapist":
        return TherapistFactory().user
    if role == "desk":
        return DeskFactory()
    return ClientFactory()


@pytest.mark.parametrize("url", REPORT_URLS)
def test_reports_send_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", REPORT_URLS)
@pytest.mark.parametrize("role", ["client", "therapist"])
def test_reports_are_forbidden_to_clients_and_therapists(client, url, role):
    client.force_login(make_user(role))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", REPORT_URLS)
@pytest.mark.parametrize("role", ["admin", "clinic admin"])
def test_reports_open_for_admins(client, url, role):
    client.force_login(make_user(role))

    assert client.get(url).status_code == 200


DESK_OPENS = ["/reports/daily-close/", "/reports/daily-close.csv"]


@pytest.mark.parametrize("url", DESK_OPENS)
def test_the_desk_opens_the_daily_close(client, url):
    client.force_login(make_user("desk"))

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [url for url in REPORT_URLS if url not in DESK_OPENS])
def test_the_desk_is_refused_every_other_report(client, url):
    client.force_login(make_user("desk"))

    response = client.get(url)

    assert response.status_code == 403
    if url != "/reports/":
        assert "Reports are for clinic admins." in response.content.decode()


def test_reports_answer_only_get(admin_client):
    assert admin_client.post("/reports/activity/").status_code == 405


def test_unknown_report_is_not_found(admin_client):
    assert admin_client.get("/reports/nothing/").status_code == 404
    assert admin_client.get("/reports/nothing.csv").status_code == 404


def test_admin_navigation_links_the_reports(client):
    client.force_login(make_user("clinic admin"))
    page = client.get("/appointments/").content.decode()
    assert '<a class="dropdown-item" href="/reports/">Reports</a>' in page  # the Office menu

    client.force_login(make_user("therapist"))
    assert 'href="/reports/"' not in client.get("/appointments/").content.decode()


def test_report_index_lists_every_report(admin_client):
    page = admin_client.get("/reports/").content.decode()

    assert re.findall(r'href="/reports/([a-z-]+)/"', page) == REPORT_SLUGS


def test_report_page_defaults_to_a_recent_range(admin_client):
    page = admin_client.get("/reports/activity/").content.decode()

    assert 'value="2026-09-09"' in page and 'value="2026-12-01"' in page
    assert 'href="/reports/activity.csv?first=2026-09-09&amp;last=2026-12-01"' in page


def test_desk_navigation_links_the_daily_close(client):
    client.force_login(make_user("desk"))
    page = client.get("/appointments/").content.decode()
    assert '<a class="nav-link" href="/reports/daily-close/">Daily close</a>' in page
    assert 'href="/reports/"' not in page

    client.force_login(make_user("clinic admin"))
    assert 'href="/reports/daily-close/"' not in client.get("/appointments/").content.decode()
