"""The slots are found in whole minutes since the epoch; the database rounds the blocked
times to them, down for a start and up for an end, exactly, on either database."""

from datetime import UTC, datetime, timedelta

import pytest

from sessions.availability import MinuteOf, minute_ceil, minute_floor
from tests.factories import TherapistFactory
from therapists.models import TimeOff

pytestmark = pytest.mark.django_db

INSTANTS = [
    datetime(2027, 3, 1, 13, 0, tzinfo=UTC),
    datetime(2027, 3, 1, 13, 0, 0, 1, tzinfo=UTC),
    datetime(2027, 3, 1, 13, 0, 30, tzinfo=UTC),
    datetime(2027, 3, 1, 13, 0, 59, 999_999, tzinfo=UTC),
    datetime(2027, 3, 14, 6, 59, 59, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
]


@pytest.mark.parametrize("instant", INSTANTS)
def test_the_database_rounds_as_python_does(instant):
    TimeOff.objects.create(
        therapist=TherapistFactory(), start=instant, end=instant + timedelta(hours=1)
    )

    start_down, end_up = TimeOff.objects.values_list(
        MinuteOf("start"), MinuteOf("end", up=True)
    ).get()

    assert start_down == minute_floor(instant)
    assert end_up == minute_ceil(instant + timedelta(hours=1))


def test_rounding_is_to_whole_minutes_since_the_epoch():
    whole = datetime(2027, 3, 1, 13, 0, tzinfo=UTC)
    assert minute_floor(whole) == minute_ceil(whole) == int(whole.timestamp()) // 60
    assert minute_floor(whole + timedelta(microseconds=1)) == minute_floor(whole)
    assert minute_ceil(whole + timedelta(microseconds=1)) == minute_floor(whole) + 1
    assert minute_ceil(whole - timedelta(microseconds=1)) == minute_floor(whole)
