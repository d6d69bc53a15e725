"""What each screening rule the answers meet limits in a session."""

import pytest

from clients.intake.screening import (
    CAUTIONS,
    CONTROLLED_PRESSURE,
    LIMITS,
    STOP_AND_REFER,
    UNCONTROLLED_PRESSURE,
    Limits,
    ScreeningLimit,
    intake_limits,
)
from tests.factories import ClientFactory, submit_intake

pytestmark = pytest.mark.django_db


def test_every_rule_states_its_limits():
    assert set(LIMITS) == {*STOP_AND_REFER, *CAUTIONS, "controlled", "uncontrolled"}


def test_no_intake_no_limits():
    assert intake_limits(None) == []


def test_a_clear_intake_limits_nothing():
    assert intake_limits(submit_intake(ClientFactory())) == []


def test_limits_of_each_rule_met_in_order():
    intake = submit_intake(
        ClientFactory(),
        anticoagulants_or_bleeding=True,
        skin_problems=True,  # its areas are the client's own words: nothing to check here
        blood_pressure="controlled",
    )

    assert intake_limits(intake) == [
        ScreeningLimit(
            CAUTIONS["anticoagulants_or_bleeding"],
            Limits(max_pressure=2, avoid_techniques=frozenset({"deep_tissue"})),
        ),
        ScreeningLimit(CONTROLLED_PRESSURE, Limits(max_pressure=3)),
    ]


def test_uncontrolled_pressure_limits_pressure_and_deep_work():
    intake = submit_intake(ClientFactory(), blood_pressure="uncontrolled")

    assert [limit.as_json() for limit in intake_limits(intake)] == [
        {
            "reason": UNCONTROLLED_PRESSURE,
            "max_pressure": 3,
            "avoid_techniques": ["deep_tissue"],
            "avoid_regions": [],
        }
    ]
