"""The public pages and the booking path pass axe-core's checks in a real Chromium."""

import pytest
from django.urls import reverse

from tests.e2e.accessibility import axe_violations
from tests.factories import ServiceFactory, bookable_therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "name", ["home", "therapist-list", "login", "signup", "signup-done", "password_reset"]
)
def test_public_page_has_no_axe_violations(live_http, page, name):
    bookable_therapist(ServiceFactory(name="Trigger point therapy"))

    page.goto(live_http.url + reverse(name))

    assert axe_violations(page) == []


PAGE = '<html lang="en"><title>A page</title><body><main><h1>A page</h1>{}</main></body></html>'
BAD_PAGE = PAGE.format('<img src="x.png">')  # a picture without its text
GOOD_PAGE = PAGE.format("<p>Fine.</p>")


def test_the_checker_finds_a_violation_each_time_it_looks(page):
    page.set_content(BAD_PAGE)
    first, again = axe_violations(page), axe_violations(page)  # the script sent once
    page.set_content(GOOD_PAGE)
    good = axe_violations(page)
    page.set_content(BAD_PAGE)  # a new document: the script goes to it afresh

    assert first == again == axe_violations(page) == ["image-alt: ['img']"]
    assert good == []
