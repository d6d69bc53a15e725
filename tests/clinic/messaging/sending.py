"""The scene of the message-sending tests (Ada's session, a week ahead) and how they send a row."""

from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from django.utils import timezone

from clinic.messaging.dispatch import Outcome, claim_due, message_send
from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    MessageFactory,
    ServiceFactory,
    TherapistFactory,
)

# The `appointment` fixture (tests/conftest.py) is Ada's session at SESSION.
NOW = datetime(2026, 3, 2, 17, tzinfo=UTC)  # Monday 2 March 2026, 12:00 in Toronto (EST)
SESSION = datetime(2026, 3, 9, 14, tzinfo=UTC)  # Monday 9 March 2026, 10:00 in Toronto (EDT)
DAY = date(2026, 3, 9)
PHONE = "+14165550142"
SITE = "http://127.0.0.1:8000"
FOOTER = (
    "\nTrigger point clinic · 100 King Street West, Toronto, ON\n"
    f"Your messages: {SITE}/account/messages/\n\n"
)


def ada_session() -> Appointment:
    """Ada's one-hour session with Dana O'Brien on Monday 9 March, 10:00 clinic time."""
    service = ServiceFactory(duration_minutes=60)
    therapist = TherapistFactory(
        display_name="Dana O'Brien", services=[service], user__first_name="Dana"
    )
    client = ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    return AppointmentFactory(client=client, therapist=therapist, service=service, start=SESSION)


def send(kind: str, appointment: Appointment | None, **fields) -> tuple[Outcome, Message]:
    """Queue one message of `kind` as the dispatcher would, send it, read it back."""
    message = MessageFactory(kind=kind, appointment=appointment, **fields)
    outcome = message_send(message_id=message.pk)
    message.refresh_from_db()
    return outcome, message


def send_due() -> None:
    """What the dispatcher and the send tasks do, in this process."""
    for message_id in claim_due(now=timezone.now()):
        message_send(message_id=message_id)


def state_of(message: Message) -> tuple:
    message.refresh_from_db()
    return message.state, message.skip_reason, message.attempts, message.last_error


def pending(due_at: datetime, **fields) -> Message:
    """A row due at `due_at` (pending unless told), for claiming."""
    fields = {"state": MessageState.PENDING, "send_by": due_at + timedelta(days=1), **fields}
    return MessageFactory(appointment=None, recipient=ClientFactory(), due_at=due_at, **fields)


class HtmlPart(HTMLParser):
    """The HTML alternative as a reader sees it: its title, its text, its links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.text, self.links = "", "", []
        self._where = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "div"):
            self._where = tag
        elif tag == "br":
            self.text += "\n"
        elif tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("title", "div"):
            self._where = ""

    def handle_data(self, data):
        if self._where == "title":
            self.title += data
        elif self._where == "div":
            self.text += data


def html_of(email) -> HtmlPart:
    [(content, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    return HtmlPart(content)
