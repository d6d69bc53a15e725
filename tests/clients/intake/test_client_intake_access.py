"""Who may see /clients/<id>/intake/ and record a clearance, and what the others are told."""

import re
from urllib.parse import quote

import pytest
from pytest_django.asserts import assertContains

from clients.intake.models import IntakeClearance
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    submit_intake,
)
from tests.pages import answer_of, html, http_as

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "client", "other_client", "therapist", "other_therapist", "admin"]
LOGIN = "redirect to login"
BACK = "redirect to the intake"
PAGE = (LOGIN, 200, 404, 200, 404, 200)
CLEARANCE = (LOGIN, 403, 404, BACK, 404, BACK)
CLEARED_BY = {"therapist", "admin"}


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html(response))


@pytest.fixture
def cast(ava, therapist):
    other_therapist = TherapistFactory()
    AppointmentFactory(therapist=other_therapist)  # booked, but with someone else
    cancelled = TherapistFactory()
    AppointmentFactory(client=ava, therapist=cancelled, status=AppointmentStatus.CANCELLED)
    return {
        "anonymous": None,
        "client": ava,
        "other_client": ClientFactory(),
        "therapist": therapist,
        "other_therapist": other_therapist.user,
        "cancelled_therapist": cancelled.user,
        "admin": AdminFactory(role=Role.ADMIN),
    }


def expected(answer, path: str, ava) -> tuple[int, str | None]:
    if answer == LOGIN:
        return 302, f"/accounts/login/?next={quote(path)}"
    if answer == BACK:
        return 302, f"/clients/{ava.pk}/intake/"
    return answer, None


@pytest.mark.parametrize(("role", "answer"), list(zip(ROLES, PAGE, strict=True)))
def test_client_intake_page_answers_each_role(cast, ava, role, answer):
    submit_intake(ava)
    path = f"/clients/{ava.pk}/intake/"

    response = http_as(cast[role]).get(path)

    assert answer_of(response) == expected(answer, path, ava)


@pytest.mark.parametrize(("role", "answer"), list(zip(ROLES, CLEARANCE, strict=True)))
def test_clearance_post_answers_each_role(cast, ava, role, answer):
    intake = submit_intake(ava, clot_signs=True)
    path = f"/clients/{ava.pk}/intake/clearance/"

    response = http_as(cast[role]).post(path, {"note": "GP letter."})

    assert answer_of(response) == expected(answer, path, ava)
    cleared_by = list(
        IntakeClearance.objects.filter(intake=intake).values_list("cleared_by", "note")
    )
    assert cleared_by == ([(cast[role].pk, "GP letter.")] if role in CLEARED_BY else [])


def test_clearance_post_by_the_client_says_why_not(cast, ava):
    submit_intake(ava, clot_signs=True)
    http = http_as(cast["client"])

    response = http.post(f"/clients/{ava.pk}/intake/clearance/", {"note": "Mine."})

    assertContains(
        response,
        "Only the client&#x27;s therapist or an admin can record a clearance.",
        status_code=403,
    )


def test_clearance_post_without_a_note_records_nothing(cast, ava):
    submit_intake(ava, clot_signs=True)

    response = http_as(cast["therapist"]).post(
        f"/clients/{ava.pk}/intake/clearance/", {"note": " "}, follow=True
    )

    assertContains(response, "Say what was checked, e.g. the physician&#x27;s note.", count=1)
    assert IntakeClearance.objects.count() == 0


def test_clearance_post_of_a_clear_intake_records_nothing(cast, ava):
    submit_intake(ava)

    response = http_as(cast["admin"]).post(
        f"/clients/{ava.pk}/intake/clearance/", {"note": "Fine."}, follow=True
    )

    assertContains(response, "This intake does not need a clearance.", count=1)
    assert IntakeClearance.objects.count() == 0


def test_clearance_post_without_intake_is_a_404(cast, ava):
    response = http_as(cast["therapist"]).post(
        f"/clients/{ava.pk}/intake/clearance/", {"note": "GP letter."}
    )

    assert response.status_code == 404


def test_clearance_get_is_not_allowed(cast, ava):
    submit_intake(ava, clot_signs=True)

    response = http_as(cast["therapist"]).get(f"/clients/{ava.pk}/intake/clearance/")

    assert response.status_code == 405


@pytest.mark.parametrize("role", ["other_client", "other_therapist", "cancelled_therapist"])
@pytest.mark.parametrize("suffix", ["", "clearance/"])
def test_client_intake_of_a_missing_client_answers_as_for_someone_elses(cast, ava, role, suffix):
    submit_intake(ava, clot_signs=True)
    http = http_as(cast[role])
    send = http.get if not suffix else http.post

    someone_elses = send(f"/clients/{ava.pk}/intake/{suffix}")
    missing = send(f"/clients/999999/intake/{suffix}")

    assert (someone_elses.status_code, missing.status_code) == (404, 404)
    assert without_csrf_token(someone_elses) == without_csrf_token(missing)


def test_client_intake_refused_writes_no_audit_event(cast, ava):
    submit_intake(ava)
    before = AuditEvent.objects.count()

    for role in ["other_client", "other_therapist", "cancelled_therapist"]:
        http_as(cast[role]).get(f"/clients/{ava.pk}/intake/")

    assert AuditEvent.objects.count() == before
