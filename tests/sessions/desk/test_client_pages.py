"""The desk's client pages: the list and search, a client's page, editing, adding and
inviting a client."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from clients.models import ClientProfile
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    DeskFactory,
    TherapistFactory,
    submit_intake,
)
from tests.pages import html, http_as
from tests.sessions.booking import DAY, NOW

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def ada():
    ada = ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    ClientProfileFactory(user=ada, phone="+14165550142")
    return ada


def test_the_list_finds_clients_by_a_prefix(desk, ada):
    ClientFactory(first_name="Alan", last_name="Turing")

    response = http_as(desk).get("/desk/clients/", {"q": "love"})

    assert response.status_code == 200
    assert re.findall(r'data-client="(\d+)"', html(response)) == [str(ada.pk)]
    assert f'href="/desk/clients/{ada.pk}/"' in html(response)
    assert "1 client found for &ldquo;love&rdquo;." in html(response)


def test_the_list_is_paginated_and_keeps_its_query_count(desk, django_assert_num_queries):
    ClientFactory.create_batch(2)
    http = http_as(desk)
    http.get("/desk/clients/")  # the session is read once before counting
    with django_assert_num_queries(5):  # session, user, count, page, its profiles joined
        http.get("/desk/clients/")
    ClientFactory.create_batch(30)

    with django_assert_num_queries(5):
        response = http.get("/desk/clients/", {"page": "2"})

    assert len(re.findall(r"data-client=", html(response))) == 7
    assert "Page 2 of 2" in html(response)


def test_a_query_too_long_is_a_400(desk):
    response = http_as(desk).get("/desk/clients/", {"q": "x" * 101})

    assert response.status_code == 400


def test_the_clients_page_shows_contact_sessions_and_attendance(desk, ada):
    therapist = TherapistFactory(display_name="Dana Whitfield")
    coming = AppointmentFactory(client=ada, therapist=therapist, start=at_clinic(DAY, 10))
    AppointmentFactory(
        client=ada, therapist=therapist, start=NOW - timedelta(days=7), status="no_show"
    )
    AppointmentFactory(
        client=ada,
        therapist=therapist,
        start=NOW - timedelta(days=3),
        status=AppointmentStatus.CANCELLED,
        late_cancellation=True,
    )

    response = http_as(desk).get(f"/desk/clients/{ada.pk}/")

    page = html(response)
    assert response.status_code == 200
    assert "<title>Ada Lovelace: client</title>" in page
    assert "(416) 555-0142" in page
    assert re.search(r'id="no-shows">1<', page)
    assert re.search(r'id="late-cancellations">1<', page)
    assert f'href="/appointments/{coming.pk}/reschedule/"' in page
    assert f'href="/appointments/{coming.pk}/cancel/"' in page
    assert f'href="/desk/book/?client={ada.pk}"' in page
    assert 'id="see-therapist"' not in page


def test_the_page_flags_an_intake_for_the_therapist_but_shows_none_of_it(desk, ada):
    submit_intake(ada, anticoagulants_or_bleeding=True, medications="Warfarin 5 mg")

    page = html(http_as(desk).get(f"/desk/clients/{ada.pk}/"))

    assert 'id="see-therapist"' in page
    assert "Warfarin" not in page
    assert "anticoagulant" not in page.lower()


@pytest.mark.parametrize("whose", ["unknown", "therapist", "desk"])
def test_a_page_for_anyone_but_a_client_is_a_404(desk, whose):
    other = {"unknown": None, "therapist": TherapistFactory().user, "desk": desk}[whose]
    pk = other.pk if other else 999_999

    for path in (f"/desk/clients/{pk}/", f"/desk/clients/{pk}/edit/"):
        assert http_as(desk).get(path).status_code == 404
    assert http_as(desk).post(f"/desk/clients/{pk}/invite/").status_code == 404


def test_only_the_desk_and_admins_open_the_pages(ada):
    assert http_as(ada).get("/desk/clients/").status_code == 403
    assert http_as(TherapistFactory().user).get(f"/desk/clients/{ada.pk}/").status_code == 403


def contact(**changes) -> dict:
    return {
        "first_name": "Ada",
        "last_name": "King",
        "email": "Ada.King@Example.org",
        "phone": "+1 416 555 0199",
        "by_email": "on",
        "by_sms": "on",
        "reminders": "on",
        **changes,
    }


def test_editing_saves_the_contact_details_and_audits_the_fields(desk, ada):
    response = http_as(desk).post(f"/desk/clients/{ada.pk}/edit/", contact())

    ada.refresh_from_db()
    profile = ClientProfile.objects.get(user=ada)
    event = AuditEvent.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/desk/clients/{ada.pk}/")
    assert (ada.last_name, ada.email) == ("King", "ada.king@example.org")
    assert (str(profile.phone), profile.by_sms, profile.reminder_2h) == (
        "+14165550199",
        True,
        False,
    )
    assert (event.actor, event.action, event.record_id, event.detail) == (
        desk,
        "change",
        str(ada.pk),
        "contact details: last_name, email, phone, by_sms",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"email": "TAKEN@example.org"},
            "email",
            "Another account already uses this email address.",
        ),
        ({"phone": "12"}, "phone", "Enter a valid phone number"),
        ({"phone": "", "by_sms": "on"}, "phone", "Give a mobile number for text messages."),
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ],
)
def test_editing_refuses_bad_details_with_a_clear_error(desk, ada, changes, field, message):
    ClientFactory(email="taken@example.org")

    response = http_as(desk).post(f"/desk/clients/{ada.pk}/edit/", contact(**changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    ada.refresh_from_db()
    assert ada.last_name == "Lovelace"


def test_adding_a_client_makes_an_account_without_a_password(desk):
    response = http_as(desk).post(
        "/desk/clients/new/",
        {"first_name": "Grace", "last_name": "Hopper", "email": "Grace@Navy.example", "phone": ""},
    )

    grace = User.objects.get(email="grace@navy.example")
    assert (response.status_code, response["Location"]) == (302, f"/desk/clients/{grace.pk}/")
    assert (grace.role, grace.has_usable_password()) == ("client", False)
    assert ClientProfile.objects.get(user=grace).phone == ""
    assert AuditEvent.objects.get().action == "create"


def test_adding_a_client_with_a_taken_email_is_refused(desk, ada):
    response = http_as(desk).post(
        "/desk/clients/new/",
        {"first_name": "Ada", "last_name": "L", "email": "ADA@example.org", "phone": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "email": ["Another account already uses this email address."]
    }
    assert User.objects.filter(email__iexact="ada@example.org").count() == 1


def test_the_invitation_lets_the_client_set_a_password_and_sign_in(desk):
    grace = User.objects.create_user(
        "grace@navy.example", None, first_name="Grace", last_name="Hopper"
    )
    page = html(http_as(desk).get(f"/desk/clients/{grace.pk}/"))
    assert "Send an invitation to set a password" in page

    response = http_as(desk).post(f"/desk/clients/{grace.pk}/invite/")

    assert (response.status_code, response["Location"]) == (302, f"/desk/clients/{grace.pk}/")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject) == (
        ["grace@navy.example"],
        "Set a password for your clinic account",
    )
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", sent.body)[1]
    browser = Client()
    form_page = browser.get(path, follow=True)
    assert form_page.context["validlink"] is True
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-Secret-42", "new_password2": "a-long-Secret-42"},
    )
    assert done.status_code == 302
    assert Client().login(username="grace@navy.example", password="a-long-Secret-42")


def test_a_client_with_a_password_gets_no_invitation(desk, ada):
    assert "Send an invitation" not in html(http_as(desk).get(f"/desk/clients/{ada.pk}/"))

    response = http_as(desk).post(f"/desk/clients/{ada.pk}/invite/")

    assert response.status_code == 400
    assert "This client has a password already." in html(response)
    assert mail.outbox == []
