"""The messaging tests' clock, stopped at NOW."""

from tests.clinic.messaging.sending import NOW
from tests.clock import frozen_at

frozen = frozen_at(NOW)
