"""Make the project importable and Django ready, for the load scripts run as plain files."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.config.settings")
    import django

    django.setup()
