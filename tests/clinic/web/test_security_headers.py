"""Headers on every answer: a strict Content Security Policy, HSTS, frame denial, and
no caching of anything a signed-in user or the API is given."""

import pytest
from django.test import Client

from clinic.accounts.models import Role
from tests.api import token_for
from tests.factories import AdminFactory, AppointmentFactory, signed_note, submit_intake

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def record():
    appointment = AppointmentFactory()
    signed_note(appointment=appointment)
    submit_intake(appointment.client)
    return appointment


def signed_in(user) -> Client:
    http = Client()
    http.force_login(user)
    return http


def api_as(user) -> Client:
    return Client(headers={"authorization": f"Token {token_for(user)}"})


def answers(record) -> dict:
    client, therapist = record.client, record.therapist.user
    return {
        "home, anonymous": Client().get("/"),
        "sign-in page": Client().get("/accounts/login/"),
        "own record": signed_in(client).get("/record/"),
        "therapist's view of the intake": signed_in(therapist).get(f"/clients/{client.pk}/intake/"),
        "admin login": Client().get("/admin/login/"),
        "admin change page": signed_in(AdminFactory(role=Role.ADMIN)).get(
            f"/admin/clinic/user/{client.pk}/change/"
        ),
        "api notes": api_as(therapist).get(f"/api/v1/clients/{client.pk}/notes/"),
        "api services, anonymous": Client().get("/api/v1/services/"),
        "api refusal": Client().get(f"/api/v1/clients/{client.pk}/notes/"),
        "not found": Client().get("/no-such-page/"),
    }


def test_every_answer_has_the_strict_policy(record):
    for name, response in answers(record).items():
        assert directives(response["Content-Security-Policy"]) == POLICY, name


def test_scripts_are_never_allowed_inline(record):
    for name, response in answers(record).items():
        script_src = directives(response["Content-Security-Policy"])["script-src"]
        assert "'unsafe-inline'" not in script_src, name
        assert "'unsafe-eval'" not in script_src, name


def test_frames_referrer_and_sniffing_are_refused(record):
    for name, response in answers(record).items():
        assert (
            response["X-Frame-Options"],
            response["Referrer-Policy"],
            response["X-Content-Type-Options"],
        ) == ("DENY", "same-origin", "nosniff"), name


def test_hsts_for_a_year_with_subdomains_over_https():
    response = Client().get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_http_only(password):
    user = AdminFactory(role=Role.ADMIN)
    http = Client(enforce_csrf_checks=False)

    page = http.get("/accounts/login/")
    signed = http.post("/accounts/login/", {"username": user.email, "password": password})

    csrf, session = page.cookies["csrftoken"], signed.cookies["sessionid"]
    assert (bool(csrf["secure"]), bool(session["secure"]), bool(session["httponly"])) == (
        True,
        True,
        True,
    )


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_clinical_pages_and_api_answers_are_not_stored(record):
    for name, response in answers(record).items():
        if name == "home, anonymous" or name == "sign-in page" or name == "not found":
            continue
        assert {"no-store", "private"} <= cache_control(response), name


def test_anonymous_public_pages_may_be_cached():
    assert "no-store" not in cache_control(Client().get("/therapists/"))


def test_every_page_of_a_signed_in_user_is_not_stored(record):
    http = signed_in(record.client)

    for url in ["/", "/therapists/", "/appointments/", "/intake/"]:
        assert "no-store" in cache_control(http.get(url)), url


def test_static_files_are_not_marked_no_store(record):
    response = signed_in(record.client).get("/static/css/clinic.css")

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
