"""An admin signs in and lands on the office; on a phone it fits the screen's width and its
links are reached by keyboard.

Time is not frozen (the browser and the server thread read the real clock).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.signin import sign_in
from tests.factories import AdminFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def test_admin_lands_on_the_office_which_fits_a_phone(live_http, page, console_errors):
    admin = AdminFactory()
    base = live_http.url
    sign_in(page, base, admin.email)  # at a desktop's width, where "Sign out" shows

    expect(page).to_have_url(base + reverse("admin-home"))
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page).to_have_title("Clinic office · Trigger point clinic")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic office")
    wider = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert wider is False
    page.locator("#credentials-waiting").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#requests-waiting")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + reverse("approval-list"))
    assert console_errors == []
