"""The settings module as a process started with given environment variables reads it."""

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SETTINGS_SOURCE = Path(__file__).resolve().parents[1] / "clinic" / "config" / "settings.py"


def settings_read_from(environment: dict[str, str]) -> ModuleType:
    spec = importlib.util.spec_from_file_location("environment_settings", SETTINGS_SOURCE)
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        spec.loader.exec_module(module)
    return module
