"""Changing a therapist's hours or time off in the admin offers freed time to the waitlist."""

from datetime import UTC, date, datetime, time

import pytest

from sessions.waitlist.models import OfferState, WaitlistOffer
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    ServiceFactory,
    TimeOffFactory,
    WaitlistEntryFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto
DAY = date(2026, 12, 2)  # Wednesday


frozen = frozen_at(NOW)


def change_form_data(response) -> dict:
    """What the admin's change form posts as it stands: the main form and every inline."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(name): value for name, value in management.initial.items()}
        )
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple) or hasattr(value, "all"):
                data[form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
            else:
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


@pytest.fixture
def setup(client):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[DAY.weekday()], start=time(9), end=time(10))
    entry = WaitlistEntryFactory(service=service, first_day=DAY, last_day=DAY, earliest=time(13))
    client.force_login(AdminFactory())
    url = f"/admin/therapists/therapist/{therapist.pk}/change/"
    return therapist, entry, url


def test_new_working_hours_offer_their_time(client, setup):
    therapist, entry, url = setup
    data = change_form_data(client.get(url))
    data.update(
        {
            "hours-TOTAL_FORMS": "2",
            "hours-1-weekday": str(DAY.weekday()),
            "hours-1-start": "14:00",
            "hours-1-end": "15:00",
            "hours-1-therapist": str(therapist.pk),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(entry.offers.values_list("start", "state")) == [
        (at_clinic(DAY, 14), OfferState.OPEN)
    ]


def test_removed_time_off_offers_its_time(client, setup):
    therapist, entry, url = setup
    therapist.hours.update(end=time(17))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 12), end=at_clinic(DAY, 18))
    data = change_form_data(client.get(url))
    data["time_off-0-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(entry.offers.values_list("start", flat=True)) == [at_clinic(DAY, 13)]


def test_saving_without_calendar_changes_offers_nothing(client, setup):
    therapist, entry, url = setup
    therapist.hours.update(end=time(17))  # free time the waitlist was never told about
    data = change_form_data(client.get(url))
    data["bio"] = "New bio."

    response = client.post(url, data)

    assert response.status_code == 302
    assert WaitlistOffer.objects.count() == 0
