"""Two-step sign-in is required for staff: the code before any page, good once, and until
then only the code page, sign-out and static files."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.clock import frozen_at
from tests.factories import PASSWORD, AdminFactory
from tests.otp import confirmed_authenticator, totp_code

from .two_factor import NOW, SETUP, VERIFY, sign_in_with_password, staff_users, therapist_user

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def is_signed_in(browser: Client) -> bool:
    return browser.get("/accounts/two-factor/").status_code == 200


@pytest.mark.parametrize("kind", list(staff_users()))
def test_staff_with_an_authenticator_are_asked_for_the_code_before_any_page(client, kind):
    user = staff_users()[kind]()
    confirmed_authenticator(user)
    sign_in_with_password(client, user)

    responses = [client.get(url) for url in ["/", "/appointments/", "/admin/", "/schedule/"]]

    assert [(r.status_code, r["Location"]) for r in responses] == [
        (302, f"{VERIFY}?next=%2F"),
        (302, f"{VERIFY}?next=%2Fappointments%2F"),
        (302, f"{VERIFY}?next=%2Fadmin%2F"),
        (302, f"{VERIFY}?next=%2Fschedule%2F"),
    ]


def test_therapist_reaches_the_schedule_after_the_code(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "/schedule/"})

    assert (response.status_code, response["Location"]) == (302, "/schedule/")
    assert client.get("/schedule/").status_code == 200


def test_admin_reaches_the_django_admin_after_the_code(client):
    admin = AdminFactory()
    device = confirmed_authenticator(admin)
    client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302

    client.post(VERIFY, {"code": totp_code(device)})

    assert client.get("/admin/").status_code == 200


def test_code_step_cycles_the_session_key(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)
    before = client.session.session_key

    client.post(VERIFY, {"code": totp_code(device)})

    assert client.session.session_key != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_refused_and_keeps_the_pages_closed(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "code": ["That code is not right, or it was used already."]
    }
    assert client.get("/schedule/").status_code == 302


def test_a_code_is_good_only_once(client, frozen):
    user = therapist_user()
    device = confirmed_authenticator(user)
    code = totp_code(device)
    sign_in_with_password(client, user)
    client.post(VERIFY, {"code": code})
    client.post("/accounts/logout/")
    sign_in_with_password(client, user)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert client.get("/schedule/").status_code == 302


def test_code_page_does_not_follow_a_next_to_another_site(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_unverified_staff_reach_the_code_page_sign_out_and_static_files_only(client):
    user = therapist_user()
    confirmed_authenticator(user)
    sign_in_with_password(client, user)

    assert client.get(VERIFY).status_code == 200
    assert client.get("/static/css/clinic.css").status_code == 200
    assert client.get("/accounts/password_change/").status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert is_signed_in(client) is False


def test_unverified_staff_get_403_json_from_the_api_with_their_session(client):
    user = therapist_user()
    confirmed_authenticator(user)
    sign_in_with_password(client, user)

    response = client.get("/api/v1/appointments/")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Finish two-step sign-in on the website first, or use an API token."
    }


def test_unverified_staff_cannot_set_up_another_authenticator(client):
    user = therapist_user()
    confirmed_authenticator(user)
    sign_in_with_password(client, user)

    response = client.get(SETUP, follow=True)

    assert response.redirect_chain == [
        ("/accounts/two-factor/", 302),
        (f"{VERIFY}?next=%2Faccounts%2Ftwo-factor%2F", 302),
    ]
    assert TOTPDevice.objects.filter(user=user).count() == 1
