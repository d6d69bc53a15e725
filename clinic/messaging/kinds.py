"""The registry of kinds of message. Each app declares its own in its messages.py; this app
knows none of them, and asks each message's kind what to say, to whom, and whether to
send it at all."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

# A kind's rules take the message row (a Message, with its subject loaded). This module
# names no model, so that the Message model can ask it for its kind's label.
MessageRow = Any

EMAIL_AND_SMS = ("email", "sms")
EMAIL_ONLY = ("email",)
# The reason a message is skipped once its moment has passed.
TOO_LATE = "Too late to be useful."


def nothing_more(message: MessageRow) -> dict:
    return {}


def never_skipped(message: MessageRow, now: datetime) -> str:
    return ""


# An attachment: its file name, its content (text or bytes) and its MIME type.
Attachment = tuple[str, str | bytes, str]


def no_attachments(message: MessageRow) -> list[Attachment]:
    return []


@dataclass(frozen=True)
class Kind:
    """A kind of message: what it is called, how it is written and when it is pointless.

    Its texts are the templates `messages/<name>.subject.txt` and `messages/<name>.txt` for
    email and `messages/<name>.sms.txt` for a text message. `context` adds what they need to the
    message's own (the message, its recipient and the clinic's name, address and site);
    `stale` gives the reason its subject is no longer as planned (cancelled, moved...) and
    `skip` its own reason not to send it now, or "": the recipient's choices are checked
    between the two. `channels` are those it may go by;
    of those, the recipient's own choice decides, and an `essential` message goes by email
    at least. The client may turn `optional` messages off; an `opt_in` one is planned only
    for those who asked for it. `subject_related` is what to load with the subject.
    """

    name: str
    label: str
    context: Callable[[MessageRow], dict] = nothing_more
    stale: Callable[[MessageRow, datetime], str] = never_skipped
    skip: Callable[[MessageRow, datetime], str] = never_skipped
    attachments: Callable[[MessageRow], list[Attachment]] = no_attachments
    channels: tuple[str, ...] = EMAIL_AND_SMS
    essential: bool = False
    optional: bool = False
    opt_in: bool = False
    subject_related: tuple[str, ...] = ()

    @property
    def templates(self) -> str:
        return f"messages/{self.name}"


KINDS: dict[str, Kind] = {}


# The width of Message.kind (PostgreSQL enforces it): a longer name is refused at registration.
KIND_NAME_LENGTH = 16


def register(kind: Kind) -> Kind:
    """Declare a kind (at import of an app's messages.py); returns it for the app to use."""
    if len(kind.name) > KIND_NAME_LENGTH:
        raise ValueError(f"A kind's name has at most {KIND_NAME_LENGTH} characters: {kind.name!r}.")
    if KINDS.get(kind.name, kind) != kind:
        raise ValueError(f"Two kinds of message are called {kind.name!r}.")
    KINDS[kind.name] = kind
    return kind


def link(path: str) -> str:
    """An absolute link to a page of the site, for a message to carry."""
    return settings.SITE_URL.rstrip("/") + path


def kinds() -> list[Kind]:
    """Every kind declared, by label."""
    return sorted(KINDS.values(), key=lambda kind: kind.label)


def kind_of(name: str) -> Kind:
    return KINDS[name]


def label_of(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name
