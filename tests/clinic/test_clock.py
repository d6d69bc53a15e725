"""The clinic's clock: how people read a moment, a day and a time, in the clinic's zone;
how a spreadsheet gets a moment."""

from datetime import UTC, date, datetime, time

import pytest
from django.template import engines
from django.test import override_settings

from clinic.clock import for_csv, spoken


def test_a_moment_is_spoken_on_the_clinics_wall_clock():
    assert spoken(datetime(2026, 12, 8, 18, tzinfo=UTC)) == "Tue 8 Dec 2026, 13:00"


@override_settings(CLINIC_TIME_ZONE="America/Vancouver")
def test_another_clinics_zone_gives_its_own_wall_clock():
    assert spoken(datetime(2026, 12, 1, 16, tzinfo=UTC)) == "Tue 1 Dec 2026, 08:00"


def test_a_day_alone_has_no_time():
    assert spoken(date(2027, 3, 14)) == "Sun 14 Mar 2027"


@pytest.mark.parametrize(
    ("at", "text"), [(time(13, 0), "13:00"), (time(0, 0), "00:00"), (time(12, 0), "12:00")]
)
def test_a_time_alone_is_on_the_24_hour_clock(at, text):
    assert spoken(at) == text


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        # Toronto springs forward at 02:00 on 8 March 2026: 06:59 UTC is 01:59 EST...
        (datetime(2026, 3, 8, 6, 59, tzinfo=UTC), "Sun 8 Mar 2026, 01:59"),
        # ...and a minute later the wall clock reads 03:00 EDT.
        (datetime(2026, 3, 8, 7, 0, tzinfo=UTC), "Sun 8 Mar 2026, 03:00"),
        # It falls back at 02:00 on 1 November 2026: 01:30 is read twice.
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "Sun 1 Nov 2026, 01:30"),
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "Sun 1 Nov 2026, 01:30"),
    ],
)
def test_a_moment_around_a_clock_change_reads_the_local_wall_clock(instant, text):
    assert spoken(instant) == text


def test_midnight_is_a_time_not_a_word():
    assert spoken(datetime(2026, 12, 9, 5, tzinfo=UTC)) == "Wed 9 Dec 2026, 00:00"


def test_a_moment_late_in_utcs_new_year_is_still_the_old_year_at_the_clinic():
    assert spoken(datetime(2027, 1, 1, 3, tzinfo=UTC)) == "Thu 31 Dec 2026, 22:00"


def test_pages_read_moments_days_and_times_in_the_one_format():
    template = engines["django"].from_string(
        "{{ at }}|{{ at|date }}|{{ at|time }}|{{ at|spoken }}|{{ day }}|{{ day|spoken }}|"
        "{{ at|date:'SHORT_DATETIME_FORMAT' }}|{{ nothing|spoken }}"
    )
    context = {"at": datetime(2026, 12, 8, 18, tzinfo=UTC), "day": date(2027, 3, 14)}

    assert template.render(context) == (
        "Tue 8 Dec 2026, 13:00|Tue 8 Dec 2026|13:00|Tue 8 Dec 2026, 13:00|Sun 14 Mar 2027|"
        "Sun 14 Mar 2027|Tue 8 Dec 2026, 13:00|"
    )


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        (datetime(2026, 12, 8, 18, tzinfo=UTC), "2026-12-08T13:00:00-05:00"),
        (datetime(2026, 7, 8, 17, 30, 15, 999, tzinfo=UTC), "2026-07-08T13:30:15-04:00"),
        (datetime(2027, 1, 1, 3, tzinfo=UTC), "2026-12-31T22:00:00-05:00"),
    ],
)
def test_a_spreadsheet_gets_the_clinics_wall_clock_with_its_offset(instant, text):
    assert for_csv(instant) == text


def test_a_spreadsheet_gets_an_empty_cell_for_no_moment():
    assert for_csv(None) == ""
