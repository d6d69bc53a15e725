"""The fee settings are whole percentages from 0 to 100, read from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each test starts a Python of its own, to read the settings from another environment.
pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[3]
READ = "from django.conf import settings; import django; django.setup(); " + (
    "print(settings.LATE_CANCELLATION_FEE_PERCENT, settings.NO_SHOW_FEE_PERCENT)"
)


def settings_with(**env) -> subprocess.CompletedProcess:
    inherited = {key: value for key, value in os.environ.items() if "FEE_PERCENT" not in key}
    environment = {
        **inherited,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "clinic.config.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_fees_default_to_half_for_a_late_change_and_all_for_a_no_show():
    read = settings_with()

    assert read.stdout.split() == ["50", "100"]


def test_a_fee_is_turned_off_with_zero():
    read = settings_with(LATE_CANCELLATION_FEE_PERCENT="0", NO_SHOW_FEE_PERCENT="0")

    assert read.stdout.split() == ["0", "0"]


@pytest.mark.parametrize("value", ["101", "-1"])
def test_a_fee_outside_0_to_100_stops_the_start(value):
    read = settings_with(NO_SHOW_FEE_PERCENT=value)

    assert read.returncode != 0
    assert f"NO_SHOW_FEE_PERCENT is a percentage from 0 to 100, not {value}." in read.stderr
