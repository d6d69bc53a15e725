"""The two-step pages: who reaches each, and the pages with secrets never cached and free of
inline scripts and styles."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.clinic.web.test_no_inline_code import INLINE_SCRIPT, INLINE_STYLE
from tests.clock import frozen_at
from tests.factories import AdminFactory, ClientFactory
from tests.otp import totp_code

from .two_factor import NOW, SETUP, TURN_OFF, VERIFY, sign_in_with_password, therapist_user

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


@pytest.mark.parametrize("url", ["/accounts/two-factor/", SETUP, VERIFY])
def test_two_factor_pages_need_a_signed_in_user(client, url):
    response = client.get(url)

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


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
