"""Two-step sign-in: required for therapists and admins, offered to clients, on every path."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains
from rest_framework.test import APIClient

from clinic.accounts.models import Role
from clinic.accounts.twofactor import backup_codes_renew
from clinic.audit.models import AuditEvent
from tests.clinic.web.test_no_inline_code import INLINE_SCRIPT, INLINE_STYLE
from tests.clock import frozen_at
from tests.factories import PASSWORD, AdminFactory, ClientFactory, TherapistFactory, UserFactory
from tests.otp import confirmed_authenticator, totp_code

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"
TURN_OFF = "/accounts/two-factor/turn-off/"
TOKEN_URL = "/api/v1/auth/token/"


frozen = frozen_at(NOW)


def therapist_user():
    return TherapistFactory().user


def sign_in_with_password(browser: Client, user) -> None:
    response = browser.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def is_signed_in(browser: Client) -> bool:
    return browser.get("/accounts/two-factor/").status_code == 200


def staff_users():
    return {
        "therapist": therapist_user,
        "clinic admin": lambda: UserFactory(role=Role.ADMIN),
        "staff": lambda: ClientFactory(is_staff=True),
        "superuser": AdminFactory,
    }


# Required for staff


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

    assert response.status_code == 200
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

    assert response.status_code == 200
    assert client.get("/schedule/").status_code == 302


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


# Enrolment


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client):
    user = therapist_user()
    sign_in_with_password(client, user)

    response = client.get("/schedule/")

    assert (response.status_code, response["Location"]) == (302, f"{SETUP}?next=%2Fschedule%2F")


def test_setup_page_shows_a_qr_code_and_the_secret_in_text(client):
    user = therapist_user()
    sign_in_with_password(client, user)

    response = client.get(SETUP)

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = response.context["secret"]
    assert response.status_code == 200
    assert secret.replace(" ", "") == re.search(r"secret=([A-Z2-7]+)", device.config_url)[1]
    assertContains(response, secret, count=1)
    assertContains(response, '<svg viewBox="0 0', count=1)
    assertContains(response, "QR code for your authenticator app", count=1)


def test_setup_keeps_the_same_secret_until_confirmed(client):
    sign_in_with_password(client, therapist_user())

    first = client.get(SETUP).context["secret"]
    second = client.get(SETUP).context["secret"]

    assert first == second


def test_confirming_setup_turns_it_on_and_shows_ten_backup_codes_once(client):
    user = therapist_user()
    sign_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP, {"code": totp_code(device), "next": "/schedule/"})

    device.refresh_from_db()
    codes = response.context["codes"]
    stored = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert response.status_code == 200
    assert device.confirmed is True
    assert len(codes) == 10
    assert sorted(stored) == sorted(codes)
    for code in codes:
        assertContains(response, code, count=1)
    assert client.get("/schedule/").status_code == 200
    assertContains(client.get("/accounts/two-factor/"), "10 unused backup codes", count=1)


def test_setup_with_a_wrong_code_says_so_and_stays_off(client):
    user = therapist_user()
    sign_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    device.refresh_from_db()
    assert response.context["form"].errors == {
        "code": ["That code is not right. Type the code the app shows now."]
    }
    assert device.confirmed is False
    assert StaticDevice.objects.filter(user=user).exists() is False
    assert client.get("/schedule/").status_code == 302


# Backup codes


def test_a_backup_code_signs_in_once(client):
    user = therapist_user()
    confirmed_authenticator(user)
    code = backup_codes_renew(user=user)[0]
    sign_in_with_password(client, user)

    first = client.post(VERIFY, {"code": code.upper()})
    client.post("/accounts/logout/")
    sign_in_with_password(client, user)
    second = client.post(VERIFY, {"code": code})

    assert first.status_code == 302
    assert second.status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_backup_codes_replace_the_old_ones(client):
    user = therapist_user()
    old = backup_codes_renew(user=user)
    client.force_login(user)

    response = client.post("/accounts/two-factor/backup-codes/")

    new = response.context["codes"]
    stored = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert response.status_code == 200
    assert sorted(stored) == sorted(new)
    assert set(old) & set(new) == set()


def test_new_backup_codes_need_post(client):
    client.force_login(therapist_user())

    assert client.get("/accounts/two-factor/backup-codes/").status_code == 405


# Offered to clients


def test_client_without_two_step_sign_in_needs_no_code(client):
    user = ClientFactory()
    sign_in_with_password(client, user)

    assert client.get("/appointments/").status_code == 200


def test_client_enrols_from_the_account_page(client):
    user = ClientFactory()
    sign_in_with_password(client, user)

    page = client.get("/accounts/two-factor/")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    done = client.post(SETUP, {"code": totp_code(device)})

    assertContains(page, "Off. Turn it on", count=1)
    assertContains(page, f'href="{SETUP}"', count=1)
    assert len(done.context["codes"]) == 10
    assert client.get("/appointments/").status_code == 200


def test_enrolled_client_needs_the_code_at_sign_in(client, frozen):
    user = ClientFactory()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)

    before = client.get("/appointments/")
    client.post(VERIFY, {"code": totp_code(device)})
    after = client.get("/appointments/")

    assert (before.status_code, before["Location"]) == (
        302,
        f"{VERIFY}?next=%2Fappointments%2F",
    )
    assert after.status_code == 200


def test_client_without_an_authenticator_is_not_sent_to_the_code_page(client):
    client.force_login(ClientFactory())

    response = client.get(VERIFY)

    assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/")


def test_code_page_does_not_follow_a_next_to_another_site(client):
    user = therapist_user()
    device = confirmed_authenticator(user)
    sign_in_with_password(client, user)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})

    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.parametrize("url", ["/accounts/two-factor/", SETUP, VERIFY])
def test_two_factor_pages_need_a_signed_in_user(client, url):
    response = client.get(url)

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


# The test suite's own sign-in


def test_force_login_in_tests_signs_staff_in_verified_and_without_an_audit_event(client):
    user = therapist_user()

    client.force_login(user)

    assert client.get("/schedule/").status_code == 200
    assert AuditEvent.objects.count() == 0


def test_login_in_tests_checks_the_password_and_signs_in_verified(client):
    user = therapist_user()

    refused = client.login(username=user.email, password="wrong-password")
    accepted = client.login(username=user.email, password=PASSWORD)

    assert (refused, accepted) == (False, True)
    assert client.get("/schedule/").status_code == 200


# The token API


def token_request(user, **extra):
    return APIClient().post(
        TOKEN_URL, {"email": user.email, "password": PASSWORD, **extra}, format="json"
    )


def test_token_for_staff_needs_the_code(frozen):
    user = therapist_user()
    confirmed_authenticator(user)

    response = token_request(user)

    assert response.status_code == 400
    assert response.json() == {"otp": ["This account needs a one-time code: add `otp`."]}


def test_token_for_staff_with_a_wrong_code_is_refused(frozen):
    user = therapist_user()
    device = confirmed_authenticator(user)

    response = token_request(user, otp=f"{(int(totp_code(device)) + 1) % 1_000_000:06d}")

    assert response.status_code == 400
    assert response.json() == {"otp": ["The one-time code is not right, or it was used already."]}


def test_token_for_staff_with_the_code_is_given(frozen):
    user = therapist_user()
    device = confirmed_authenticator(user)

    response = token_request(user, otp=totp_code(device))

    assert response.status_code == 200
    assert response.json()["token"] == user.auth_token.key


def test_token_for_staff_with_a_backup_code_is_given():
    user = therapist_user()
    confirmed_authenticator(user)
    code = backup_codes_renew(user=user)[0]

    response = token_request(user, otp=code)

    assert response.status_code == 200


def test_token_for_staff_without_an_authenticator_is_refused_until_set_up():
    response = token_request(therapist_user(), otp="123456")

    assert response.status_code == 400
    assert response.json() == {"otp": ["Set up two-step sign-in on the website first."]}


def test_token_for_a_client_without_two_step_sign_in_needs_no_code():
    assert token_request(ClientFactory()).status_code == 200


def test_token_for_an_enrolled_client_needs_the_code(frozen):
    user = ClientFactory()
    device = confirmed_authenticator(user)

    without = token_request(user)
    frozen.shift(timedelta(seconds=30))
    with_code = token_request(user, otp=totp_code(device))

    assert without.status_code == 400
    assert with_code.status_code == 200


# Turned off by clients, never by staff


def enrolled_client(browser: Client):
    """A client with an authenticator and backup codes, signed in with both steps."""
    user = ClientFactory()
    device = confirmed_authenticator(user)
    backup_codes_renew(user=user)
    browser.force_login(user)
    return user, device


def has_devices(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user).exists()
        or StaticDevice.objects.filter(user=user).exists()
    )


def test_enrolled_client_turns_it_off_with_password_and_code(client, frozen):
    user, device = enrolled_client(client)

    page = client.get("/accounts/two-factor/")
    form = client.get(TURN_OFF)
    done = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assertContains(page, f'href="{TURN_OFF}"', count=1)
    assert form.status_code == 200
    assert (done.status_code, done["Location"]) == (302, "/accounts/two-factor/")
    assert not has_devices(user)
    assertContains(client.get("/accounts/two-factor/"), "Off. Turn it on")
    assert client.get("/appointments/").status_code == 200
    assert list(
        AuditEvent.objects.filter(action="change").values_list(
            "actor", "record_type", "record_id", "subject", "detail", "ip", "at"
        )
    ) == [
        (user.pk, "clinic.User", str(user.pk), user.pk, "two-step sign-in turned off",
         "127.0.0.1", NOW)
    ]  # fmt: skip


def test_after_turning_it_off_sign_in_needs_no_code(client, frozen):
    user, device = enrolled_client(client)
    client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})
    client.post("/accounts/logout/")

    sign_in_with_password(client, user)

    assert client.get("/appointments/").status_code == 200


def test_a_backup_code_also_turns_it_off(client):
    user, _ = enrolled_client(client)
    code = StaticToken.objects.filter(device__user=user).first().token

    response = client.post(TURN_OFF, {"password": PASSWORD, "code": code})

    assert response.status_code == 302
    assert not has_devices(user)


@pytest.mark.parametrize(
    ("password", "code", "error"),
    [
        ("wrong", None, "The password is not right."),
        (PASSWORD, "000000", "That code is not right, or it was used already."),
        (PASSWORD, "", "This field is required."),
    ],
)
def test_turning_off_needs_the_password_and_a_right_code(client, frozen, password, code, error):
    user, device = enrolled_client(client)
    code = totp_code(device) if code is None else code

    response = client.post(TURN_OFF, {"password": password, "code": code})

    assertContains(response, error, status_code=400)
    assert TOTPDevice.objects.filter(user=user).exists()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert not AuditEvent.objects.filter(detail="two-step sign-in turned off").exists()


def test_wrong_passwords_when_turning_off_meet_the_sign_in_lockout(client, frozen):
    user, device = enrolled_client(client)

    wrong = [client.post(TURN_OFF, {"password": "guess", "code": "000000"}) for _ in range(5)]
    failures = AuditEvent.objects.filter(action="sign_in_failed", subject=user).count()
    right = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assert [response.status_code for response in wrong] == [400] * 4 + [429]
    assert failures == 5
    assertContains(right, "Too many failed sign-ins. Try again in 15 minutes.", status_code=429)
    assert has_devices(user)


@pytest.mark.parametrize("kind", list(staff_users()))
def test_staff_cannot_turn_it_off(client, frozen, kind):
    user = staff_users()[kind]()
    device = confirmed_authenticator(user)
    backup_codes_renew(user=user)
    client.force_login(user)

    page = client.get("/accounts/two-factor/")
    form = client.get(TURN_OFF)
    response = client.post(TURN_OFF, {"password": PASSWORD, "code": totp_code(device)})

    assert page.status_code == 200
    assert TURN_OFF not in page.content.decode()
    assert (form.status_code, response.status_code) == (403, 403)
    assert TOTPDevice.objects.filter(user=user).exists()
    assert StaticToken.objects.filter(device__user=user).count() == 10


# Who reaches the pages (signed in as the test suite signs in: verified where needed)

ROLES = {
    "anonymous": lambda: None,
    "client": ClientFactory,
    "therapist": therapist_user,
    "admin": AdminFactory,
}
EXPECTED = {
    ("get", "/accounts/two-factor/"): {
        "anonymous": (302, "/accounts/login/?next=/accounts/two-factor/"),
        "client": (200, None),
        "therapist": (200, None),
        "admin": (200, None),
    },
    ("get", SETUP): {
        "anonymous": (302, f"/accounts/login/?next={SETUP}"),
        "client": (200, None),
        "therapist": (302, "/accounts/two-factor/"),
        "admin": (302, "/accounts/two-factor/"),
    },
    ("get", VERIFY): {
        "anonymous": (302, f"/accounts/login/?next={VERIFY}"),
        "client": (302, "/accounts/two-factor/"),
        "therapist": (302, "/"),
        "admin": (302, "/"),
    },
    ("get", TURN_OFF): {
        "anonymous": (302, f"/accounts/login/?next={TURN_OFF}"),
        "client": (302, "/accounts/two-factor/"),
        "therapist": (403, None),
        "admin": (403, None),
    },
    ("post", TURN_OFF): {
        "anonymous": (302, f"/accounts/login/?next={TURN_OFF}"),
        "client": (302, "/accounts/two-factor/"),
        "therapist": (403, None),
        "admin": (403, None),
    },
    ("post", "/accounts/two-factor/backup-codes/"): {
        "anonymous": (302, "/accounts/login/?next=/accounts/two-factor/backup-codes/"),
        "client": (302, SETUP),
        "therapist": (200, None),
        "admin": (200, None),
    },
}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(("method", "url"), list(EXPECTED))
def test_who_reaches_the_two_step_pages(client, role, method, url):
    user = ROLES[role]()
    if user is not None:
        client.force_login(user)

    response = getattr(client, method)(url)

    location = response.get("Location")
    assert (response.status_code, location) == EXPECTED[(method, url)][role]


def test_pages_with_secrets_are_never_cached(client):
    user = therapist_user()
    sign_in_with_password(client, user)
    setup = client.get(SETUP)
    client.post(SETUP, {"code": totp_code(TOTPDevice.objects.get(user=user))})

    codes = client.post("/accounts/two-factor/backup-codes/")

    assert [response["Cache-Control"] for response in (setup, codes)] == [
        "max-age=0, no-cache, no-store, must-revalidate, private"
    ] * 2


def test_two_step_pages_have_no_inline_scripts_or_styles(client):
    user = therapist_user()
    sign_in_with_password(client, user)
    setup = client.get(SETUP)
    codes = client.post(SETUP, {"code": totp_code(TOTPDevice.objects.get(user=user))})
    client.post("/accounts/logout/")
    sign_in_with_password(client, user)
    verify = client.get(VERIFY)
    for _ in range(5):
        locked = Client().post("/accounts/login/", {"username": user.email, "password": "no"})

    assert [r.status_code for r in (setup, codes, verify, locked)] == [200, 200, 200, 429]
    for response in (setup, codes, verify, locked):
        html = response.content.decode()
        assert (INLINE_SCRIPT.findall(html), INLINE_STYLE.findall(html)) == ([], [])
