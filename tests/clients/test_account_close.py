"""Closing a client's account: confirmed by password, upcoming sessions cancelled, access
gone (sign-in, sessions, API token), the clinical records kept, and the closing recorded."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from pytest_django.asserts import assertContains
from rest_framework.test import APIClient

from clients.intake.models import Intake, IntakeDraft
from clients.models import ClientProfile
from clinic.accounts.models import ApiToken, User
from clinic.audit.models import AuditEvent
from clinic.messaging.models import Message, MessageState
from sessions.checkins.services import check_in_token
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import SessionNote
from sessions.services import appointment_book
from tests.api import api_as
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    PASSWORD,
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    ServiceFactory,
    bookable_therapist,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto.
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
API = "/api/v1/me/close/"
PAGE = "/account/close/"


frozen = frozen_at(NOW)


@pytest.fixture
def cast():
    """Ava: a signed intake, a past session with a signed note, two sessions booked through
    the booking service (with their messages), and a draft of a new intake."""
    service = ServiceFactory(duration_minutes=60)
    maya = bookable_therapist(service)
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    ClientProfileFactory(user=ava, phone="+14165550142", by_sms=True)
    intake = submit_intake(ava)
    past = AppointmentFactory(
        client=ava,
        therapist=maya,
        service=service,
        start=NOW - timedelta(days=7),
        status=AppointmentStatus.COMPLETED,
    )
    note = signed_note(appointment=past, intake=intake)
    upcoming = [
        appointment_book(
            client=ava, therapist=maya, service=service, start=at_clinic(day, 10), now=NOW
        )
        for day in (datetime(2026, 12, 3).date(), datetime(2026, 12, 9).date())
    ]
    IntakeDraft.objects.create(client=ava, answers={"phone": "416-555-0100"})
    return {"ava": ava, "maya": maya, "intake": intake, "past": past, "note": note,
            "upcoming": upcoming}  # fmt: skip


def signed_in(user) -> Client:
    http = Client()
    assert http.login(email=user.email, password=PASSWORD)
    return http


def close_by_api(user, password=PASSWORD):
    return api_as(user).post(API, {"password": password}, format="json")


# Refusals


@pytest.mark.parametrize("password", ["wrong", ""])
def test_closing_needs_the_right_password(cast, password):
    response = close_by_api(cast["ava"], password)

    assert response.status_code == 400
    assert "password" in response.json()
    ava = User.objects.get(pk=cast["ava"].pk)
    assert ava.is_active
    assert Appointment.objects.filter(client=ava, status="booked").count() == 2
    assert AuditEvent.objects.filter(detail="account closed").count() == 0


def test_closing_without_a_password_names_the_field(cast):
    response = api_as(cast["ava"]).post(API, {}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"password": ["This field is required."]},
    )


def test_the_page_refuses_a_wrong_password_and_keeps_the_account(cast):
    http = signed_in(cast["ava"])

    response = http.post(PAGE, {"password": "wrong"})

    assertContains(response, "The password is not right.", status_code=400)
    assert User.objects.get(pk=cast["ava"].pk).is_active
    assert http.get("/record/").status_code == 200


# Password guessing is throttled like sign-in

LOCKED = "Too many failed sign-ins. Try again in 15 minutes."


def sign_in_events() -> list[tuple]:
    failures = [AuditEvent.Action.SIGN_IN_FAILED, AuditEvent.Action.LOCKOUT]
    return list(
        AuditEvent.objects.filter(action__in=failures)
        .order_by("pk")
        .values_list("action", "subject", "ip")
    )


def failures_and_lockout(user) -> list[tuple]:
    """As on the sign-in page: the lockout is recorded while the fifth failure is handled."""
    failed = ("sign_in_failed", user.pk, "127.0.0.1")
    return [failed] * 4 + [("lockout", user.pk, "127.0.0.1"), failed]


def assert_still_open(user) -> None:
    assert User.objects.get(pk=user.pk).is_active
    assert Appointment.objects.filter(client=user, status="booked").count() == 2
    assert not AuditEvent.objects.filter(detail="account closed").exists()


def test_five_wrong_passwords_on_the_page_lock_it_even_for_the_right_one(cast):
    ava = cast["ava"]
    http = signed_in(ava)

    wrong = [http.post(PAGE, {"password": f"guess-{n}"}) for n in range(5)]
    events = sign_in_events()
    right = http.post(PAGE, {"password": PASSWORD})

    assert [response.status_code for response in wrong] == [400, 400, 400, 400, 429]
    assert events == failures_and_lockout(ava)
    assertContains(right, LOCKED, status_code=429)
    assert_still_open(ava)


def test_five_wrong_passwords_by_the_api_lock_it_even_for_the_right_one(cast):
    ava = cast["ava"]

    wrong = [close_by_api(ava, f"guess-{n}") for n in range(5)]
    events = sign_in_events()
    right = close_by_api(ava)

    assert [response.status_code for response in wrong] == [400, 400, 400, 400, 429]
    assert events == failures_and_lockout(ava)
    assert (right.status_code, right.json()) == (429, {"detail": LOCKED})
    assert_still_open(ava)


def test_wrong_passwords_on_the_page_count_toward_the_sign_in_lockout(cast):
    ava = cast["ava"]
    http = signed_in(ava)
    for n in range(4):
        close_by_api(ava, f"guess-{n}")
    http.post(PAGE, {"password": "guess-4"})

    response = Client().post("/accounts/login/", {"username": ava.email, "password": PASSWORD})

    assertContains(response, LOCKED, status_code=429)


# What closing does


def test_closing_cancels_the_upcoming_sessions_through_the_cancel_service(cast):
    response = close_by_api(cast["ava"])

    assert response.status_code == 200
    assert response.json() == {
        "detail": "Your account is closed.",
        "cancelled_appointments": [a.pk for a in cast["upcoming"]],
    }
    assert list(
        Appointment.objects.filter(client=cast["ava"])
        .order_by("start")
        .values_list("status", "cancelled_by", "cancellation_reason", "cancelled_at", "sequence")
    ) == [
        ("completed", None, "", None, 0),  # the past session stays as it was
        ("cancelled", cast["ava"].pk, "The client closed their account.", NOW, 1),
        ("cancelled", cast["ava"].pk, "The client closed their account.", NOW, 1),
    ]


def test_closing_frees_the_therapists_time_and_skips_messages_to_the_client(cast):
    close_by_api(cast["ava"])

    states = Message.objects.filter(recipient=cast["ava"]).values_list("state", flat=True)
    assert set(states) == {MessageState.SKIPPED}
    # the cancellation notices were planned by the cancel service, then skipped with the rest
    assert Message.objects.filter(recipient=cast["ava"], kind="cancellation").count()
    therapist_days = Message.objects.filter(recipient=cast["maya"].user, kind="therapist_day")
    assert set(therapist_days.values_list("state", flat=True)) == {MessageState.PENDING}
    assert not Appointment.objects.live().filter(start__gt=NOW, therapist=cast["maya"]).exists()


def test_closing_deactivates_and_records_when_and_by_whom(cast):
    close_by_api(cast["ava"])

    ava = User.objects.get(pk=cast["ava"].pk)
    assert not ava.is_active
    profile = ClientProfile.objects.get(user=ava)
    assert (profile.closed_at, profile.closed_by_id) == (NOW, ava.pk)
    assert (profile.phone, profile.by_sms, profile.reminders) == ("", False, False)
    assert not IntakeDraft.objects.filter(client=ava).exists()


def test_closing_keeps_the_clinical_records(cast):
    ava = cast["ava"]

    close_by_api(ava)

    assert list(Intake.objects.filter(client=ava).values_list("pk", "phone")) == [
        (cast["intake"].pk, "416-555-0100")
    ]
    assert SessionNote.objects.get(pk=cast["note"].pk).is_signed
    assert Appointment.objects.filter(client=ava).count() == 3
    assert User.objects.filter(pk=ava.pk).exists()


def test_closing_writes_one_audit_event(cast):
    ava = cast["ava"]

    close_by_api(ava)

    assert list(
        AuditEvent.objects.filter(subject=ava, record_type="clinic.User").values_list(
            "actor", "action", "record_type", "record_id", "detail", "ip", "at"
        )
    ) == [(ava.pk, "change", "clinic.User", str(ava.pk), "account closed", "127.0.0.1", NOW)]


# Access afterwards


def test_after_closing_sign_in_is_refused(cast):
    close_by_api(cast["ava"])

    assert not Client().login(email=cast["ava"].email, password=PASSWORD)
    response = Client().post(
        "/accounts/login/", {"username": cast["ava"].email, "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in Client().session


def test_after_closing_the_api_token_is_gone_and_refused(cast):
    api = api_as(cast["ava"])

    assert api.post(API, {"password": PASSWORD}, format="json").status_code == 200

    assert not ApiToken.objects.filter(user=cast["ava"]).exists()
    assert api.get("/api/v1/appointments/").status_code == 401
    token = APIClient().post(
        "/api/v1/auth/token/", {"email": cast["ava"].email, "password": PASSWORD}, format="json"
    )
    assert token.status_code == 400


def test_closing_on_the_page_ends_every_session_of_the_client(cast):
    ava = cast["ava"]
    phone, laptop = signed_in(ava), signed_in(ava)
    other = signed_in(ClientFactory())

    response = laptop.post(PAGE, {"password": PASSWORD})

    assertContains(response, "Your account is closed")
    assert Session.objects.count() == 1  # the other client's
    assert phone.get("/record/").status_code == 302
    assert laptop.get("/record/").status_code == 302
    assert other.get("/record/").status_code == 200


def test_the_page_lists_the_sessions_it_will_cancel(cast):
    response = signed_in(cast["ava"]).get(PAGE)

    assertContains(response, '<ul id="upcoming">')
    assert response.content.count(b"<li>Thu 3 Dec 2026, 10:00") == 1
    assert response.content.count(b"<li>Wed 9 Dec 2026, 10:00") == 1


def test_a_closed_clients_check_in_link_no_longer_works(cast):
    token = check_in_token(cast["past"])
    close_by_api(cast["ava"])

    response = Client().get(f"/check-in/{token}/")

    assertContains(response, "This link is not valid.", status_code=410)


def test_a_closed_clients_records_stay_readable_by_admins_and_their_therapist(cast):
    ava = cast["ava"]
    close_by_api(ava)

    admin = api_as(AdminFactory())
    assert admin.get(f"/api/v1/clients/{ava.pk}/intake/").status_code == 200
    assert admin.get(f"/api/v1/clients/{ava.pk}/notes/").json()["count"] == 1
    therapist = api_as(cast["maya"].user)
    assert therapist.get(f"/api/v1/clients/{ava.pk}/notes/").json()["count"] == 1


# Who may close


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_only_clients_close_their_account(cast, role):
    user = cast["maya"].user if role == "therapist" else AdminFactory()

    assert close_by_api(user).status_code == 403
    assert signed_in(user).post(PAGE, {"password": PASSWORD}).status_code == 403
    assert User.objects.get(pk=user.pk).is_active


def test_anonymous_closing_is_refused(cast):
    assert APIClient().post(API, {"password": PASSWORD}, format="json").status_code == 401
    assert Client().get(PAGE)["Location"] == "/accounts/login/?next=/account/close/"


def test_a_client_closes_only_their_own_account(cast):
    ben = ClientFactory()

    close_by_api(ben)

    assert User.objects.get(pk=cast["ava"].pk).is_active
    assert not User.objects.get(pk=ben.pk).is_active


def test_the_messages_page_links_to_closing(cast):
    assertContains(signed_in(cast["ava"]).get("/account/messages/"), f'href="{PAGE}"')


def test_admin_user_list_marks_closed_accounts(cast):
    close_by_api(cast["ava"])
    http = Client()
    http.force_login(AdminFactory())

    closed = http.get("/admin/clinic/user/?client_profile__closed_at__isempty=0")

    assert [u.email for u in closed.context["cl"].result_list] == [cast["ava"].email]
    assertContains(closed, "Account closed")
    assertContains(closed, "1 Dec 2026")
