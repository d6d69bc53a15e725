"""Messages planned together are written in one statement, all or none."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.messaging.models import Message
from clinic.messaging.services import messages_planned_together
from sessions.messages import (
    INTAKE_NUDGE,
    REMINDER_24H,
    plan_about,
    plan_booking_messages,
    plan_reschedule_messages,
)
from tests.clinic.messaging.sending import NOW

pytestmark = pytest.mark.django_db


def message_inserts(queries: CaptureQueriesContext) -> int:
    table = Message._meta.db_table
    return sum(
        query["sql"].startswith(("INSERT", "WITH")) and table in query["sql"]
        for query in queries.captured_queries
    )


def planned_kinds() -> list[str]:
    return sorted(Message.objects.values_list("kind", flat=True))


def plan_reminder(appointment, kind, key: str) -> None:
    start = appointment.start
    plan_about(appointment, kind, due_at=start - timedelta(hours=2), send_by=start, key=key)


def test_a_move_writes_its_new_messages_in_one_statement(appointment):
    plan_booking_messages(appointment, now=NOW)
    appointment.start += timedelta(days=1)
    appointment.end += timedelta(days=1)
    appointment.blocked_until += timedelta(days=1)
    appointment.sequence += 1
    appointment.save()

    with CaptureQueriesContext(connection) as queries:
        plan_reschedule_messages(appointment, now=NOW)

    assert message_inserts(queries) == 1
    assert Message.objects.filter(kind="change").count() == 1


def test_nothing_planned_together_is_written_when_the_block_fails(appointment):
    with pytest.raises(ZeroDivisionError), messages_planned_together():
        plan_reminder(appointment, INTAKE_NUDGE, "together:a")
        raise ZeroDivisionError

    assert Message.objects.count() == 0


def test_each_plan_is_written_only_when_the_block_ends(appointment):
    with messages_planned_together():
        plan_reminder(appointment, INTAKE_NUDGE, "together:a")
        plan_reminder(appointment, REMINDER_24H, "together:b")
        assert Message.objects.count() == 0

    assert planned_kinds() == ["intake_nudge", "reminder_24h"]


def test_a_message_planned_already_stays_as_it_is(appointment):
    plan_reminder(appointment, INTAKE_NUDGE, "together:a")
    first = Message.objects.get()

    with messages_planned_together():
        plan_reminder(appointment, REMINDER_24H, "together:a")
        plan_reminder(appointment, REMINDER_24H, "together:b")

    assert Message.objects.get(pk=first.pk).kind == "intake_nudge"
    assert planned_kinds() == ["intake_nudge", "reminder_24h"]
