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
