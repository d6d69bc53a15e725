"""Planning messages: rows made in the same transaction as the change they are about.

Nothing here talks to the broker but `dispatch_after_commit`, which hands the messages due
now to the workers once the change has committed; the beat dispatcher finds the rest.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.db import models, transaction

from .kinds import Kind
from .models import Message, MessageState
from .recipients import reach_of
from .tasks import dispatch_due_messages


def _rows(
    *,
    kind: Kind,
    recipient,
    due_at: datetime,
    send_by: datetime,
    key: str,
    subject: models.Model | None = None,
    subject_time: datetime | None = None,
    day=None,
) -> list[Message]:
    """The rows of one planned message: one per channel the recipient is reached by."""
    reach = reach_of(recipient)
    if kind.opt_in and kind.name not in reach.opted_in:
        return []
    channels = [c for c in reach.channels(essential=kind.essential) if c in kind.channels]
    return [
        Message(
            key=f"{key}:{channel}",
            kind=kind.name,
            channel=channel,
            recipient=recipient,
            subject=subject,
            subject_time=subject_time,
            day=day,
            due_at=due_at,
            send_by=send_by,
        )
        for channel in channels
    ]


def _write(rows: list[Message]) -> None:
    """The rows in one statement; a message planned already (the same key) stays as it is."""
    Message.objects.bulk_create(rows, ignore_conflicts=True)


# The rows planned inside `messages_planned_together`, written when it ends.
_gathered: ContextVar[list[Message] | None] = ContextVar("gathered_messages", default=None)


def message_plan(**plan) -> None:
    """Plan a message (the keywords of `_rows`): written now, or with the others planned
    together."""
    rows = _rows(**plan)
    gathered = _gathered.get()
    if gathered is None:
        _write(rows)
    else:
        gathered.extend(rows)


@contextmanager
def messages_planned_together() -> Iterator[None]:
    """The messages planned inside, written in one statement when it ends, and not at all if
    it ends with an error. A booking plans eight: one statement each, before."""
    rows: list[Message] = []
    token = _gathered.set(rows)
    try:
        yield
    finally:
        _gathered.reset(token)
    _write(rows)


def messages_plan_new(plans: Iterable[dict]) -> int:
    """As `message_plan` for each plan, all in one statement, and how many of their rows are
    new (one query more)."""
    rows = [row for plan in plans for row in _rows(**plan)]
    planned = set(Message.objects.filter(key__in=[row.key for row in rows]).values_list("key"))
    new = [row for row in rows if (row.key,) not in planned]
    _write(new)
    return len(new)


def messages_skip(messages, *, reason: str, keep_kinds: tuple[str, ...] = ()) -> int:
    """Unsent messages that no longer hold (their subject moved, was cancelled...)."""
    unsent = messages.unsent().exclude(kind__in=keep_kinds)
    return unsent.update(state=MessageState.SKIPPED, skip_reason=reason)


def message_requeue(messages, *, now: datetime) -> int:
    """Make failed messages due again (the last error stays until the next attempt)."""
    return messages.filter(state=MessageState.FAILED).update(
        state=MessageState.PENDING, due_at=now, send_by=now + timedelta(days=1), attempts=0
    )


def dispatch_after_commit() -> None:
    """Hand the messages due now to the workers once the change has committed.

    If the broker is down the change still stands: the rows stay pending and the
    dispatcher sends them when it is back.
    """
    transaction.on_commit(_dispatch_now, robust=True)


def _dispatch_now() -> None:
    # No publish retries: with the broker down the request must not hang on it.
    dispatch_due_messages.apply_async(retry=False)
