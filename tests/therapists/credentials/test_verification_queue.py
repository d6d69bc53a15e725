"""The admins' verification queue: pending credentials oldest first, and the sessions at
risk from a required credential's expiry, with the clients' contact."""

import re
from datetime import date, timedelta

import pytest
from pytest_django.asserts import assertContains

from clinic.clock import spoken
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    bookable_therapist,
)
from tests.therapists.conftest import signed_in
from therapists.models import Therapist

from .verification import NOW, QUEUE, pending_licence

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def test_queue_lists_pending_credentials_oldest_first(
    client, admin_user, therapist, other_therapist
):
    newer = pending_licence(therapist, sent=NOW - timedelta(hours=1))
    older = pending_licence(other_therapist, sent=NOW - timedelta(days=2))
    CredentialFactory(therapist=therapist)  # verified: not in the queue

    response = signed_in(client, admin_user).get(QUEUE)

    assert response.status_code == 200
    assert list(response.context["pending"]) == [older, newer]
    assert re.findall(r'href="/therapists/credentials/(\d+)/"', response.content.decode()) == [
        str(older.pk),
        str(newer.pk),
    ]


def at_risk_starts(response) -> list[str]:
    """The sessions the queue lists as at risk, by their time as the table shows it."""
    page = response.content.decode()
    table = re.search(r'<table[^>]*id="sessions-at-risk".*?</table>', page, re.S).group()
    return re.findall(r"<tr>\s*<td>([^<]+?) &middot;", table)


def listed(appointment) -> str:
    return spoken(appointment.start)


@pytest.mark.parametrize("count", [1, 4])
def test_queue_queries_do_not_grow(client, admin_user, django_assert_num_queries, count):
    service = ServiceFactory()
    for _ in range(count):
        pending_licence(InsuredTherapistFactory())
        therapist = bookable_therapist(service, licence_expires=date(2026, 12, 10))
        AppointmentFactory(
            therapist=therapist,
            service=service,
            start=at_clinic(date(2026, 12, 20), 10),
            client=ClientProfileFactory(phone="+14165550142").user,
        )
    signed_in(client, admin_user)

    with django_assert_num_queries(5):  # session, user, device, pending, sessions at risk
        response = client.get(QUEUE)

    assert (len(response.context["pending"]), len(at_risk_starts(response))) == (count, count)


def test_queue_lists_sessions_after_a_required_credentials_expiry_with_the_clients_contact(
    client, admin_user
):
    service = ServiceFactory()
    therapist = bookable_therapist(service, licence_expires=date(2026, 12, 10))
    Therapist.objects.filter(pk=therapist.pk).update(display_name="Sofia Marchetti")
    ada = ClientProfileFactory(
        user=ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org"),
        phone="+14165550142",
    ).user
    before = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(date(2026, 12, 10), 10)
    )
    after = AppointmentFactory(
        therapist=therapist, client=ada, service=service, start=at_clinic(date(2026, 12, 11), 10)
    )
    uninsured = InsuredTherapistFactory()
    CredentialFactory(therapist=uninsured)
    uninsured.credentials.filter(kind="insurance").update(expires_on=date(2026, 12, 5))
    lapsed = AppointmentFactory(
        therapist=uninsured, service=service, start=at_clinic(date(2026, 12, 6), 9)
    )

    response = signed_in(client, admin_user).get(QUEUE)

    assert at_risk_starts(response) == [listed(lapsed), listed(after)]
    assert listed(before) not in at_risk_starts(response)
    row = re.search(
        r"<tr>\s*<td>Fri 11 Dec 2026, 10:00.*?</tr>", response.content.decode(), re.S
    ).group()
    assert re.findall(r"<td>([^<]*)</td>", row)[1:4] == [
        "Sofia Marchetti",
        "Licence ",
        "Ada Lovelace",
    ]
    assert 'href="mailto:ada@example.org"' in row
    assert "+14165550142" in row
    assert after.status == "booked"  # nothing is cancelled


def test_queue_lists_sessions_of_a_service_whose_certification_lapses(client, admin_user):
    service = ServiceFactory(required_certification="neural_reset")
    therapist = bookable_therapist(service)
    CredentialFactory(
        therapist=therapist,
        kind="certification",
        certification="neural_reset",
        expires_on=date(2026, 12, 3),
    )
    inside = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(date(2026, 12, 3), 10)
    )
    outside = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(date(2026, 12, 4), 10)
    )

    response = signed_in(client, admin_user).get(QUEUE)

    assert at_risk_starts(response) == [listed(outside)]  # not the one on the last valid day
    assert listed(inside) not in at_risk_starts(response)
    assertContains(response, "Neural reset therapy certification")
