"""The grid the desk shares with the therapist's schedule: on the desk's calendar a block
shows no intake flags and no attendance, which only the therapist's schedule adds."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, submit_intake
from tests.sessions.grid import blocks
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def test_the_desk_s_blocks_show_no_intake_flags_nor_attendance(client, maya, service):
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    submit_intake(ava, clot_signs=True)
    AppointmentFactory(client=ava, start=utc(20, 15, month=11), status=AppointmentStatus.NO_SHOW)
    booked = AppointmentFactory(client=ava, therapist=maya, service=service, start=utc(2, 14))
    client.force_login(DeskFactory())

    response = client.get("/desk/", {"date": "2026-12-02"})

    assert blocks(response) == [booked.pk]
    assertContains(response, '<span class="appt-client">Ava Chen</span>', count=1)
    assertNotContains(response, "appt-flags")
    assertNotContains(response, "intake-flag")
    assertNotContains(response, "Needs clearance")
    assertNotContains(response, "no-show</span>")
