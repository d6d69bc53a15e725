"""The clinic's clock: how people read an instant, in the clinic's zone."""

from datetime import UTC, datetime

from django.test import override_settings

from clinic.clock import spoken


def test_an_instant_is_spoken_in_the_clinics_zone():
    assert spoken(datetime(2026, 12, 1, 16, tzinfo=UTC)) == "Tuesday 1 December 2026, 11:00"


@override_settings(CLINIC_TIME_ZONE="America/Vancouver")
def test_another_clinics_zone_gives_its_own_wall_clock():
    assert spoken(datetime(2026, 12, 1, 16, tzinfo=UTC)) == "Tuesday 1 December 2026, 08:00"
