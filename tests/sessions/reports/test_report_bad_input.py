"""A report's bad range answered with the reason, and CSV cells like formulas defused."""

from datetime import date

import pytest

from clinic.web.spreadsheets import spreadsheet_safe
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory

from .reporting import RANGED_SLUGS, csv_rows

pytestmark = pytest.mark.django_db

BAD_RANGES = {
    "first=yesterday&last=2026-12-01": "Enter a valid date.",
    "first=2026-12-01": "This field is required.",
    "first=2026-12-02&last=2026-12-01": "The last day must not be before the first.",
    "first=2025-01-01&last=2026-12-01": "Choose a range of at most 370 days.",
    "first=1900-01-01&last=1900-01-31": "Choose dates between 2000 and 2100.",
    "first=9999-12-31&last=9999-12-31": "Enter a date between 1900 and 2200.",
    "first=2026-02-30&last=2026-03-01": "Enter a valid date.",
}


@pytest.mark.parametrize("slug", RANGED_SLUGS)
@pytest.mark.parametrize(("query", "message"), BAD_RANGES.items())
def test_bad_range_shows_the_form_error_with_400(admin_client, slug, query, message):
    response = admin_client.get(f"/reports/{slug}/?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="report-table"' not in response.content.decode()


@pytest.mark.parametrize(("query", "message"), BAD_RANGES.items())
def test_bad_range_in_csv_is_400_with_the_reason(admin_client, query, message):
    response = admin_client.get(f"/reports/pain.csv?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()


def test_csv_cells_that_look_like_formulas_are_defused(admin_client):
    client = ClientFactory(first_name="=HYPERLINK(1)", last_name="", email="x@example.org")
    AppointmentFactory(client=client, start=at_clinic(date(2026, 12, 3), 10))

    response = admin_client.get("/reports/intakes-missing.csv?first=2026-12-01&last=2026-12-14")

    assert csv_rows(response)[1][1] == "'=HYPERLINK(1)"
    assert spreadsheet_safe("-2.50") == "-2.50"
    assert spreadsheet_safe("@sum") == "'@sum"
