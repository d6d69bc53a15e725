"""Who may reach every appointment URL, page and API alike: a matrix of roles and answers.

Someone who takes no part in an appointment gets the same 404 as for an id that does not
exist, so a URL never reveals that an appointment exists.
"""

from datetime import UTC, datetime
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from rest_framework.test import APIClient

from clinic.accounts.models import Role
from sessions.models import Appointment, AppointmentStatus
from tests.api import token_for
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    bookable_therapist,
)
from tests.pages import answer_of

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto.
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
# The appointment: Thursday 3 December, 10:00-11:00 in Toronto.
APPOINTMENT_START = datetime(2026, 12, 3, 15, tzinfo=UTC)
NEW_START = "2026-12-04T11:00:00-05:00"  # where reschedules move it
BOOK_START = "2026-12-03T13:00:00-05:00"  # a free time to book
MISSING_ID = 999_999

ROLES = ["anonymous", "client", "other_client", "therapist", "other_therapist", "admin"]
LOGIN = "redirect to login"
LIST = "redirect to my appointments"
DESK = "redirect to the clinic's calendar"

# url kind: the answer for each role, in the order of ROLES.
MATRIX = {
    "api-list": (401, 200, 200, 200, 200, 200),
    "api-book": (401, 201, 201, 403, 403, 400),  # the admin names no client
    "api-detail": (401, 200, 404, 200, 404, 200),
    "api-cancel": (401, 200, 404, 200, 404, 200),
    "api-reschedule": (401, 200, 404, 200, 404, 200),
    "page-list": (LOGIN, 200, 200, 200, 200, 200),
    "page-new-get": (LOGIN, 200, 200, 403, 403, 403),
    "page-new-post": (LOGIN, LIST, LIST, 403, 403, 403),
    "page-cancel-get": (LOGIN, 200, 404, 200, 404, 200),
    "page-cancel-post": (LOGIN, LIST, 404, LIST, 404, LIST),
    "page-reschedule-get": (LOGIN, 200, 404, 200, 404, 200),
    "page-reschedule-post": (LOGIN, LIST, 404, LIST, 404, LIST),
    "page-schedule": (LOGIN, 403, 403, 200, 200, DESK),
}
ID_KINDS = [
    "api-detail",
    "api-cancel",
    "api-reschedule",
    "page-cancel-get",
    "page-cancel-post",
    "page-reschedule-get",
    "page-reschedule-post",
]
POST_KINDS = [
    "api-book",
    "api-cancel",
    "api-reschedule",
    "page-new-post",
    "page-cancel-post",
    "page-reschedule-post",
]
ACCEPTED = {200, 201, LIST}


def cases(kinds, *, accepted: bool | None = None):
    return [
        pytest.param(kind, role, answer, id=f"{kind}-{role}")
        for kind in kinds
        for role, answer in zip(ROLES, MATRIX[kind], strict=True)
        if accepted is None or (answer in ACCEPTED) == accepted
    ]


frozen = frozen_at(NOW)


@pytest.fixture
def cast():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    other_therapist = bookable_therapist(service)
    client = ClientFactory()
    people = {
        "anonymous": None,
        "client": client,
        "other_client": ClientFactory(),
        "therapist": therapist.user,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(role=Role.ADMIN),
    }
    appointment = AppointmentFactory(
        client=client, therapist=therapist, service=service, start=APPOINTMENT_START
    )
    AppointmentFactory(  # the other therapist's own appointment, with the other client
        client=people["other_client"],
        therapist=other_therapist,
        service=service,
        start=datetime(2026, 12, 7, 15, tzinfo=UTC),
    )
    return {"people": people, "appointment": appointment, "therapist": therapist}


def request_for(kind: str, cast: dict, pk: int) -> tuple[str, str, dict]:
    """(method, path, data) of one kind of request about appointment `pk`."""
    therapist, service = cast["therapist"], cast["appointment"].service
    booking = {"therapist": therapist.pk, "service": service.pk, "start": BOOK_START}
    return {
        "api-list": ("get", "/api/v1/appointments/", {}),
        "api-book": ("post", "/api/v1/appointments/", booking),
        "api-detail": ("get", f"/api/v1/appointments/{pk}/", {}),
        "api-cancel": ("post", f"/api/v1/appointments/{pk}/cancel/", {"reason": "Ill"}),
        "api-reschedule": ("post", f"/api/v1/appointments/{pk}/reschedule/", {"start": NEW_START}),
        "page-list": ("get", "/appointments/", {}),
        "page-new-get": ("get", "/appointments/new/?" + urlencode(booking), {}),
        "page-new-post": ("post", "/appointments/new/", booking),
        "page-cancel-get": ("get", f"/appointments/{pk}/cancel/", {}),
        "page-cancel-post": ("post", f"/appointments/{pk}/cancel/", {"reason": "Ill"}),
        "page-reschedule-get": ("get", f"/appointments/{pk}/reschedule/", {}),
        "page-reschedule-post": ("post", f"/appointments/{pk}/reschedule/", {"start": NEW_START}),
        "page-schedule": ("get", "/schedule/", {}),
    }[kind]


def send(kind: str, role: str, cast: dict, pk: int):
    method, path, data = request_for(kind, cast, pk)
    user = cast["people"][role]
    if kind.startswith("api-"):
        http = APIClient()
        if user is not None:
            http.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        if method == "post":
            return http.post(path, data, format="json")
        return http.get(path)
    http = Client()
    if user is not None:
        http.force_login(user)
    return http.post(path, data) if method == "post" else http.get(path)


def expected_answer(answer, kind: str, cast: dict, pk: int) -> tuple[int, str | None]:
    _, path, _ = request_for(kind, cast, pk)
    if answer == LOGIN:
        return 302, f"/accounts/login/?next={quote(path, safe='/')}"
    if answer == LIST:
        return 302, "/appointments/"
    if answer == DESK:
        return 302, "/desk/"
    return answer, None


def snapshot() -> list[tuple]:
    return list(
        Appointment.objects.order_by("pk").values_list(
            "pk", "client_id", "status", "start", "end", "blocked_until", "cancelled_by_id"
        )
    )


@pytest.mark.parametrize(("kind", "role", "answer"), cases(MATRIX))
def test_url_answers_each_role(cast, kind, role, answer):
    pk = cast["appointment"].pk

    response = send(kind, role, cast, pk)

    assert answer_of(response) == expected_answer(answer, kind, cast, pk)


@pytest.mark.parametrize(("kind", "role", "answer"), cases(POST_KINDS, accepted=False))
def test_refused_post_changes_nothing(cast, kind, role, answer):
    before = snapshot()

    send(kind, role, cast, cast["appointment"].pk)

    assert snapshot() == before


@pytest.mark.parametrize(
    ("kind", "role", "answer"),
    cases(["api-cancel", "page-cancel-post"], accepted=True),
)
def test_accepted_cancel_cancels_by_that_user(cast, kind, role, answer):
    appointment = cast["appointment"]

    send(kind, role, cast, appointment.pk)

    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancelled_by, appointment.cancellation_reason) == (
        AppointmentStatus.CANCELLED,
        cast["people"][role],
        "Ill",
    )


@pytest.mark.parametrize(
    ("kind", "role", "answer"),
    cases(["api-reschedule", "page-reschedule-post"], accepted=True),
)
def test_accepted_reschedule_moves_the_appointment(cast, kind, role, answer):
    appointment = cast["appointment"]

    send(kind, role, cast, appointment.pk)

    appointment.refresh_from_db()
    assert (appointment.status, appointment.start) == (
        AppointmentStatus.BOOKED,
        datetime(2026, 12, 4, 16, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("kind", "role", "answer"), cases(["api-book", "page-new-post"], accepted=True)
)
def test_accepted_booking_is_made_for_that_client(cast, kind, role, answer):
    before = Appointment.objects.count()

    send(kind, role, cast, cast["appointment"].pk)

    booked = Appointment.objects.latest("pk")
    assert Appointment.objects.count() == before + 1
    assert (booked.client, booked.start) == (
        cast["people"][role],
        datetime(2026, 12, 3, 18, tzinfo=UTC),
    )


@pytest.mark.parametrize(("kind", "role", "answer"), cases(ID_KINDS))
def test_missing_id_answers_as_for_an_appointment_one_takes_no_part_in(cast, kind, role, answer):
    refused = 404 if role != "anonymous" else answer
    before = snapshot()

    response = send(kind, role, cast, MISSING_ID)

    assert answer_of(response) == expected_answer(refused, kind, cast, MISSING_ID)
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["api-detail", "api-cancel", "api-reschedule"])
@pytest.mark.parametrize("role", ["other_client", "other_therapist"])
def test_api_body_for_someone_elses_appointment_is_that_of_a_missing_one(cast, kind, role):
    someone_elses = send(kind, role, cast, cast["appointment"].pk)
    missing = send(kind, role, cast, MISSING_ID)

    assert (someone_elses.status_code, someone_elses.json()) == (
        missing.status_code,
        missing.json(),
    )
    assert someone_elses.json() == {"detail": "No Appointment matches the given query."}


@pytest.mark.parametrize("kind", ["page-cancel-get", "page-reschedule-get"])
def test_page_for_someone_elses_appointment_uses_the_plain_404_page(cast, kind):
    response = send(kind, "other_client", cast, cast["appointment"].pk)

    assert response.status_code == 404
    assert [template.name for template in response.templates][0] == "404.html"


def test_api_without_credentials_asks_for_a_token(cast):
    response = send("api-detail", "anonymous", cast, cast["appointment"].pk)

    assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token")
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize(
    ("action", "body"),
    [("reschedule", {}), ("reschedule", {"start": "soon"}), ("cancel", {"reason": "x" * 1001})],
)
@pytest.mark.parametrize("role", ["other_client", "other_therapist"])
def test_api_action_with_a_bad_body_on_someone_elses_appointment_is_a_404(cast, role, action, body):
    api = APIClient()
    api.force_authenticate(cast["people"][role])
    before = snapshot()

    response = api.post(
        f"/api/v1/appointments/{cast['appointment'].pk}/{action}/", body, format="json"
    )

    assert response.status_code == 404
    assert snapshot() == before
