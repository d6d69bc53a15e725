"""The menu bar stays one line on a laptop's screen (1280 px wide) for every role, the
admin's longest of all, and the admin's own pages are reached through its Office menu."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.accessibility import blocking_axe_violations
from tests.e2e.signin import signed_in_as
from tests.factories import AdminFactory, ClientFactory, DeskFactory, TherapistFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 800}
LONG_EMAIL = "firstname.lastname.of.the.clinic@example.org"


def bar_height(page) -> float:
    return page.locator("nav.navbar").bounding_box()["height"]


@pytest.mark.parametrize(
    "make_user",
    [
        AdminFactory,
        DeskFactory,
        lambda email: TherapistFactory(user__email=email).user,
        ClientFactory,
    ],
)
def test_menu_bar_is_one_line_at_1280_px(live_http, page, make_user):
    user = make_user(email=LONG_EMAIL)
    page.set_viewport_size(LAPTOP)
    page.goto(live_http.url + reverse("therapist-list"))
    one_line = bar_height(page)  # a visitor's bar: three links
    signed_in_as(page, live_http.url, user)

    page.goto(live_http.url + reverse("therapist-list"))

    assert bar_height(page) == one_line


def test_admin_reaches_the_office_pages_through_the_office_menu(live_http, page):
    admin = AdminFactory()
    page.set_viewport_size(LAPTOP)
    signed_in_as(page, live_http.url, admin)
    page.goto(live_http.url + reverse("therapist-list"))
    menu = page.locator("#office-menu")

    menu.get_by_role("button", name="Office").press("Enter")
    expect(menu.get_by_role("link", name="Approvals")).to_be_visible()
    violations = blocking_axe_violations(page)
    menu.get_by_role("link", name="Reports").click()

    expect(page).to_have_url(live_http.url + reverse("report-index"))
    assert violations == []
