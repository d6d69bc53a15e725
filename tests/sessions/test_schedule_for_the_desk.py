"""/schedule/ for those with no schedule of their own: the desk and admins are sent to the
clinic's calendar, where every therapist's day is; anyone else without a therapist's
profile is refused."""

import pytest

from clinic.accounts.models import Role
from tests.factories import AdminFactory, ClientFactory, DeskFactory, UserFactory
from tests.pages import answer_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [DeskFactory, AdminFactory], ids=["desk", "admin"])
def test_the_desk_and_admins_are_sent_to_the_clinic_s_calendar(client, make):
    client.force_login(make())

    response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert answer_of(response) == (302, "/desk/")


@pytest.mark.parametrize(
    "make",
    [ClientFactory, lambda: UserFactory(role=Role.THERAPIST)],
    ids=["client", "therapist-without-profile"],
)
def test_others_without_a_schedule_are_refused(client, make):
    client.force_login(make())

    response = client.get("/schedule/")

    assert response.status_code == 403
    assert "The schedule is for therapists." in response.content.decode()
