"""The message delivery report: each kind's messages due in the range, counted by state."""

from datetime import date

import pytest

from clinic.messaging.kinds import kinds
from clinic.messaging.models import MessageState
from sessions.reports import queries
from tests.clock import at_clinic
from tests.factories import MessageFactory

from .reporting import NOW

pytestmark = pytest.mark.django_db


def test_message_delivery_counts_states_per_kind_for_messages_due_in_range():
    due = at_clinic(date(2026, 11, 20), 9)
    for state in (MessageState.SENT, MessageState.SENT, MessageState.FAILED):
        MessageFactory(kind="confirmation", state=state, due_at=due)
    MessageFactory(kind="reminder_24h", state=MessageState.SKIPPED, due_at=due)
    MessageFactory(kind="reminder_24h", state=MessageState.PENDING, due_at=due)
    MessageFactory(kind="aftercare", state=MessageState.QUEUED, due_at=due)
    MessageFactory(kind="confirmation", state=MessageState.SENT, due_at=NOW)  # later

    rows = {
        row.kind: row for row in queries.message_delivery(date(2026, 11, 1), date(2026, 11, 30))
    }

    assert len(rows) == len(kinds()) + 1
    assert rows["Booking confirmation"] == queries.DeliveryRow("Booking confirmation", 2, 1, 0, 0)
    assert rows["Reminder, the day before"] == queries.DeliveryRow(
        "Reminder, the day before", 0, 0, 1, 1
    )
    assert rows["Aftercare"] == queries.DeliveryRow("Aftercare", 0, 0, 0, 1)
    assert rows["Check-in"] == queries.DeliveryRow("Check-in", 0, 0, 0, 0)
    assert rows["All messages"] == queries.DeliveryRow("All messages", 2, 1, 1, 2)
