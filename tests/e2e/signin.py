"""Signing in through the login page, with the code step for accounts that need one, or
straight from a session the test client opened."""

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from clinic.accounts.access import is_clinic_staff
from clinic.accounts.models import User
from clinic.accounts.twofactor import has_second_factor
from tests.factories import PASSWORD
from tests.otp import confirmed_authenticator, totp_code


def sign_in(page: Page, base: str, email: str) -> None:
    user = User.objects.get(email=email)
    device = (
        confirmed_authenticator(user) if is_clinic_staff(user) or has_second_factor(user) else None
    )
    page.goto(base + reverse("login"))
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    if device is not None:
        expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
        page.locator("#id_code").fill(totp_code(device))
        page.locator("main").get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def signed_in_as(page: Page, base: str, user: User | None) -> None:
    """The browser carries a session of `user`, signed in fully (both steps for staff),
    without the pages of signing in; nobody for None."""
    if user is None:
        return
    http = Client()
    http.force_login(user)
    session = http.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )
