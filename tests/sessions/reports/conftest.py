"""The report tests' clock, stopped at NOW. They sign in as pytest-django's `admin_client`,
a clinic admin."""

from tests.clock import frozen_at

from .reporting import NOW

frozen = frozen_at(NOW)
