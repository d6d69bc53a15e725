"""Each report's page and CSV take the same number of queries however many rows they read."""

from datetime import date, timedelta

import pytest

from clinic.messaging.kinds import kinds
from clinic.messaging.models import MessageState
from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import (
    AppointmentFactory,
    MessageFactory,
    TherapistFactory,
    TimeOffFactory,
    WorkingHoursFactory,
    signed_note,
)

from .reporting import ACTIVITY_SLUGS, csv_rows

pytestmark = pytest.mark.django_db


def arrange_everything(copies: int):
    """`copies` of every kind of row each report reads."""
    day = date(2026, 11, 24)
    for number in range(copies):
        therapist = TherapistFactory(display_name=f"Therapist {number}")
        WorkingHoursFactory(therapist=therapist, weekday=1)
        TimeOffFactory(therapist=therapist, start=at_clinic(day, 9), end=at_clinic(day, 10))
        past = AppointmentFactory(
            therapist=therapist,
            start=at_clinic(day - timedelta(days=7 * number), 11),
            status=AppointmentStatus.COMPLETED,
        )
        signed_note(appointment=past)
        AppointmentFactory(therapist=therapist, start=at_clinic(date(2026, 12, 2), 9 + number))
        MessageFactory(appointment=past, due_at=at_clinic(day, 8), state=MessageState.SENT)


# Queries per page: the session and the user, then the report's own.
REPORT_QUERIES = {"activity": 1, "utilisation": 4, "intakes-missing": 1, "pain": 1, "messages": 1}


@pytest.mark.parametrize("copies", [1, 5])
@pytest.mark.parametrize("slug", ACTIVITY_SLUGS)  # the money reports: test_money_report_queries
def test_report_pages_and_csv_keep_a_constant_number_of_queries(
    admin_client, django_assert_num_queries, slug, copies
):
    arrange_everything(copies)
    query = "first=2026-10-01&last=2026-12-14"

    # The session, the user and the session's second-factor device, then the report's own.
    with django_assert_num_queries(3 + REPORT_QUERIES[slug]):
        page = admin_client.get(f"/reports/{slug}/?{query}")
    with django_assert_num_queries(3 + REPORT_QUERIES[slug]):
        table = admin_client.get(f"/reports/{slug}.csv?{query}")

    assert page.status_code == table.status_code == 200
    expected_rows = {
        "activity": 12,  # the ISO weeks from 28 September to 14 December
        "utilisation": copies,
        "intakes-missing": copies,
        "pain": copies + 1,
        "messages": len(kinds()) + 1,
    }
    assert len(csv_rows(table)) - 1 == expected_rows[slug]
