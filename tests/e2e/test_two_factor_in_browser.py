"""A therapist's first sign-in in a real browser: password, authenticator set-up, schedule."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import PASSWORD, TherapistFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_therapist_sets_up_the_authenticator_at_first_sign_in(live_http, page, console_errors):
    user = TherapistFactory().user
    base = live_http.url

    page.goto(base + reverse("login"))
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    # What a person would type into the app from the page, turned into the app's code.
    secret = page.locator(".two-factor-secret").inner_text().replace(" ", "")
    page.locator("#id_code").fill(f"{totp(b32decode(secret)):06d}")
    page.locator("main").get_by_role("button", name="Turn on two-step sign-in").click()

    expect(page.get_by_role("heading", name="Two-step sign-in is on")).to_be_visible()
    expect(page.locator(".two-factor-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them").click()
    page.goto(base + reverse("schedule"))
    expect(page.get_by_role("link", name="Schedule")).to_be_visible()
    assert page.url == base + reverse("schedule")
    assert console_errors == []
