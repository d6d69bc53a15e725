"""The calendar's grid model: rows from the clinic's hours, cells by what booking allows."""

from datetime import date, time, timedelta

import pytest

from sessions.grid import day_grid, week_grid
from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    ServiceFactory,
    TherapistFactory,
    TimeOffFactory,
    WorkingHoursFactory,
    bookable_therapist,
)
from tests.sessions.grid import cell_kinds, therapist_named
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)
TUESDAY = date(2026, 12, 1)
WEDNESDAY = date(2026, 12, 2)


def test_rows_run_from_the_earliest_start_to_the_latest_end_of_anyones_hours(service):
    therapist_named("Ann", service, start=time(9), end=time(12))
    therapist_named("Bo", service, start=time(10, 30), end=time(13))

    grid = day_grid(day=WEDNESDAY, now=NOW)

    assert (grid.times[0], grid.times[-1], len(grid.times)) == (time(9), time(12, 45), 16)
    assert [column.therapist.display_name for column in grid.columns] == ["Ann", "Bo"]
    assert [row.at for row in grid.hours] == [time(9), time(10), time(11), time(12)]


def test_cells_outside_hours_are_closed_and_the_slot_just_begun_is_still_free(service):
    ann = therapist_named("Ann", service, start=time(9), end=time(11))
    therapist_named("Bo", service, start=time(9), end=time(10, 30))

    grid = day_grid(day=TUESDAY, now=NOW)  # 10:00

    assert [kind for _, kind, _ in cell_kinds(grid.columns[0])] == [
        "past", "past", "past", "past", "free", "free", "free", "free",
    ]  # fmt: skip
    assert [kind for _, kind, _ in cell_kinds(grid.columns[1])][4:] == [
        "free", "free", "closed", "closed",
    ]  # fmt: skip
    free = grid.columns[0].cells[4]
    assert (
        free.book_url == f"/desk/book/?therapist={ann.pk}&start=2026-12-01T15%3A00%3A00%2B00%3A00"
    )


def test_an_appointment_spans_its_rows_and_its_buffer_is_busy(maya):
    service = ServiceFactory(duration_minutes=45, buffer_minutes=15)
    maya.services.add(service)
    appointment = AppointmentFactory(therapist=maya, service=service, start=utc(2, 15, 15))

    grid = day_grid(day=WEDNESDAY, now=NOW)

    column = grid.columns[0]
    assert cell_kinds(column) == [
        ("09:00", "free", 1),
        ("09:15", "free", 1),
        ("09:30", "free", 1),
        ("09:45", "free", 1),
        ("10:00", "free", 1),
        ("10:15", "block", 3),
        ("11:00", "busy", 1),
        ("11:15", "free", 1),
        ("11:30", "free", 1),
        ("11:45", "free", 1),
    ]
    assert column.cells[5].appointments == [appointment]
    assert column.cells[6] is None


def test_time_off_is_shaded_and_labelled_once_per_run(maya):
    TimeOffFactory(therapist=maya, start=utc(2, 14), end=utc(2, 15))

    column = day_grid(day=WEDNESDAY, now=NOW).columns[0]

    cells = [(cell.kind, cell.first_of_run) for cell in column.cells]
    assert cells[:5] == [
        ("off", True),
        ("off", False),
        ("off", False),
        ("off", False),
        ("free", True),
    ]


def test_a_therapist_without_a_valid_licence_that_day_shows_a_closed_column_with_bookings(
    service,
):
    lapsed = bookable_therapist(service, start=time(9), end=time(10), licence_expires=TUESDAY)
    booked = AppointmentFactory(therapist=lapsed, service=service, start=utc(2, 14))

    column = day_grid(day=WEDNESDAY, now=NOW).columns[0]

    assert column.bookable is False
    assert cell_kinds(column) == [("09:00", "block", 4)]
    assert column.cells[0].appointments == [booked]


def test_a_cancelled_appointment_is_a_ghost_beside_a_free_cell(maya, service):
    cancelled = AppointmentFactory(
        therapist=maya, service=service, start=utc(2, 14), status=AppointmentStatus.CANCELLED
    )

    column = day_grid(day=WEDNESDAY, now=NOW).columns[0]

    assert (column.cells[0].kind, column.cells[0].ghosts) == ("free", [cancelled])


def test_a_ghost_under_a_live_appointment_joins_its_block(maya, service):
    cancelled = AppointmentFactory(
        therapist=maya, service=service, start=utc(2, 14, 15), status=AppointmentStatus.CANCELLED
    )
    live = AppointmentFactory(therapist=maya, service=service, start=utc(2, 14))

    block = day_grid(day=WEDNESDAY, now=NOW).columns[0].cells[0]

    assert (block.kind, block.span, block.appointments, block.ghosts) == (
        "block",
        4,
        [live],
        [cancelled],
    )


def test_a_week_is_seven_columns_of_one_therapist(service):
    therapist = TherapistFactory(display_name="Cy", services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=2, start=time(8), end=time(9))

    grid = week_grid(therapist=therapist, monday=date(2026, 11, 30), now=NOW)

    assert [column.day for column in grid.columns] == [
        date(2026, 11, 30) + timedelta(days=offset) for offset in range(7)
    ]
    assert grid.times == [time(8), time(8, 15), time(8, 30), time(8, 45)]
    assert {cell.kind for cell in grid.columns[2].cells} == {"closed"}  # no licence at all
    assert all(column.bookable is False for column in grid.columns)


def test_rows_reach_an_appointment_outside_todays_hours(maya, service):
    AppointmentFactory(therapist=maya, service=service, start=utc(2, 19))  # 14:00

    grid = day_grid(day=WEDNESDAY, now=NOW)

    assert (grid.times[0], grid.times[-1]) == (time(9), time(14, 45))


def test_a_quiet_day_shows_nine_to_five(db):
    grid = day_grid(day=WEDNESDAY, now=NOW)

    assert (grid.columns, grid.times[0], grid.times[-1]) == ([], time(9), time(16, 45))


@pytest.mark.parametrize("therapists", [1, 3])
def test_the_grid_takes_six_queries_whatever_its_size(
    service, therapists, django_assert_num_queries
):
    for index in range(therapists):
        therapist = bookable_therapist(service)
        for hour in range(14, 14 + therapists):
            AppointmentFactory(therapist=therapist, service=service, start=utc(2, hour + index))

    with django_assert_num_queries(6):
        grid = day_grid(day=WEDNESDAY, now=NOW)

    assert sum(len(cell.appointments) for c in grid.columns for cell in c.cells if cell) == (
        therapists * therapists
    )
