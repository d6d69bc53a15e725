"""Other ways time frees up: a reschedule, new working hours, time off removed."""

from datetime import time, timedelta

import pytest

from sessions.services import appointment_reschedule
from sessions.waitlist.offers import offer_all_free_time
from tests.clock import at_clinic, frozen_at
from tests.factories import TimeOffFactory, WorkingHoursFactory

from .waiting import DAY, NOW, TEN, open_offers, wait

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def test_reschedule_away_offers_the_old_time(service, therapist, full_day):
    entry = wait(service, minutes_ago=5)
    moved = full_day[0]

    appointment_reschedule(
        appointment=moved, by=moved.client, start=at_clinic(DAY + timedelta(days=1), 10)
    )

    assert open_offers() == [(entry.pk, TEN)]


def test_new_working_hours_offer_the_new_time(service, therapist, full_day):
    entry = wait(service, minutes_ago=5)
    WorkingHoursFactory(therapist=therapist, weekday=DAY.weekday(), start=time(14), end=time(15))

    offer_all_free_time(therapist_id=therapist.pk)

    assert open_offers() == [(entry.pk, at_clinic(DAY, 14))]


def test_removed_time_off_offers_the_time(service, therapist):
    entry = wait(service, minutes_ago=5)
    away = TimeOffFactory(therapist=therapist, start=TEN, end=at_clinic(DAY, 12))
    offer_all_free_time(therapist_id=therapist.pk)
    assert open_offers() == []

    away.delete()
    offer_all_free_time(therapist_id=therapist.pk)

    assert open_offers() == [(entry.pk, TEN)]
