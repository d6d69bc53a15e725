"""Every page of the front desk passes axe-core's checks in a real Chromium, and fits a phone.

Time is not frozen here (the browser and the server thread read the real clock): the sessions
lie a few days ahead, and the therapist works every day.
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from clinic.clock import clinic_zone
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def desk_pages():
    """The path of each desk page, with a client, a session and a series choice to show."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    ada = ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    ClientProfileFactory(user=ada)
    day = timezone.localdate() + timedelta(days=3)
    start = datetime.combine(day, time(10), tzinfo=clinic_zone())
    booked = AppointmentFactory(client=ada, therapist=therapist, service=service, start=start)
    series = urlencode(
        {
            "client": ada.pk,
            "therapist": therapist.pk,
            "service": service.pk,
            "start": (start + timedelta(hours=2)).isoformat(),
        }
    )
    return {
        "calendar": f"/desk/?date={day.isoformat()}",
        "week": f"/desk/?view=week&therapist={therapist.pk}&date={day.isoformat()}",
        "clients": "/desk/clients/?q=lov",
        "client": f"/desk/clients/{ada.pk}/",
        "client edit": f"/desk/clients/{ada.pk}/edit/",
        "new client": "/desk/clients/new/",
        "move": f"/desk/appointments/{booked.pk}/move/",
        "series": f"/desk/series/new/?{series}",
        "appointments": "/appointments/",
        "cancel": f"/appointments/{booked.pk}/cancel/",
    }


def test_every_desk_page_passes_axe(live_http, page, desk_pages):
    desk = DeskFactory()
    sign_in(page, live_http.url, desk.email)

    found = {}
    for name, path in desk_pages.items():
        page.goto(live_http.url + path)
        found[name] = (page.title() != "", axe_violations(page))

    assert found == {name: (True, []) for name in desk_pages}


def test_every_desk_page_fits_a_phone(live_http, page, desk_pages):
    desk = DeskFactory()
    sign_in(page, live_http.url, desk.email)
    page.set_viewport_size(PHONE)

    widths = {}
    for name, path in desk_pages.items():
        page.goto(live_http.url + path)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")

    assert widths == dict.fromkeys(desk_pages, PHONE["width"])


def test_the_admins_office_passes_axe(live_http, page):
    admin = AdminFactory()
    sign_in(page, live_http.url, admin.email)

    page.goto(live_http.url + "/office/")

    assert (page.title(), axe_violations(page)) == ("Clinic office · Trigger point clinic", [])
