"""Sending one message row: claimed once, checked, rendered, delivered, recorded; and the
dispatcher that claims due rows."""

import smtplib
import threading
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.config import celery_app
from clinic.messaging.dispatch import LEASE, MAX_ATTEMPTS, Outcome, claim_due, message_send
from clinic.messaging.models import Message, MessageState
from clinic.messaging.services import message_requeue
from clinic.messaging.sms import LocmemBackend, SmsError
from clinic.messaging.tasks import dispatch_due_messages
from sessions.checkins.services import check_in_link
from sessions.models import Appointment, AppointmentStatus
from sessions.services import appointment_book, appointment_cancel, appointment_reschedule
from tests.clock import at_clinic
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    MessageFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
    bookable_therapist,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 17, tzinfo=UTC)  # Monday 2 March 2026, 12:00 in Toronto (EST)
SESSION = datetime(2026, 3, 9, 14, tzinfo=UTC)  # Monday 9 March 2026, 10:00 in Toronto (EDT)
DAY = date(2026, 3, 9)
PHONE = "+14165550142"
SITE = "http://127.0.0.1:8000"
FOOTER = (
    "\nTrigger point clinic · 100 King Street West, Toronto, ON\n"
    f"Your messages: {SITE}/account/messages/\n\n"
)
WHEN = (
    "Monday 9 March 2026, 10:00 (Trigger point therapy (60 min)) with Dana O'Brien\n"
    "100 King Street West, Toronto, ON\n"
)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def sms(settings) -> list[dict]:
    """Text messages go to LocmemBackend.outbox, emptied for each test."""
    settings.SMS_BACKEND = "clinic.messaging.sms.LocmemBackend"
    LocmemBackend.outbox = []
    yield LocmemBackend.outbox
    LocmemBackend.outbox = []


@pytest.fixture
def eager_celery():
    """Tasks run in the calling process, as soon as they are sent."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.fixture
def appointment() -> Appointment:
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


def state_of(message: Message) -> tuple:
    message.refresh_from_db()
    return message.state, message.skip_reason, message.attempts, message.last_error


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


def calendar_of(email) -> icalendar.Calendar:
    [attachment] = email.attachments
    assert attachment.filename == "session.ics"
    return icalendar.Calendar.from_ical(attachment.content)


# What each kind says


def test_confirmation_email_says_when_who_where_and_how_to_cancel(appointment):
    outcome, message = send("confirmation", appointment)

    assert outcome == Outcome(MessageState.SENT)
    [email] = mail.outbox
    assert email.to == ["ada@example.org"]
    assert email.subject == "Booked: Mon 9 Mar, 10:00 with Dana O'Brien"
    assert email.extra_headers == {"Message-ID": f"<clinic-message-{message.pk}@localhost>"}
    assert email.body == (
        "Hello Ada,\n\nYour session is booked:\n"
        + WHEN
        + f"\nTo reschedule or cancel: {SITE}/appointments/\n"
        "Cancelling is free until 24 hours before the session; later cancellations count as "
        "late.\nThe calendar invitation is attached.\n" + FOOTER
    )
    html = html_of(email)
    assert (html.title, html.text) == (email.subject, email.body)
    assert html.links == [f"{SITE}/appointments/", f"{SITE}/account/messages/"]
    assert (message.state, message.attempts, message.sent_at) == (MessageState.SENT, 1, NOW)


def test_confirmation_states_the_configured_cancellation_policy(appointment, settings):
    settings.BOOKING_FREE_CANCELLATION = timedelta(hours=48)

    send("confirmation", appointment)

    [line] = [line for line in mail.outbox[0].body.splitlines() if "Cancelling" in line]
    assert line == (
        "Cancelling is free until 48 hours before the session; later cancellations count as late."
    )


def test_html_part_escapes_what_the_text_part_says_as_written(appointment):
    appointment.therapist.display_name = "Dana <b>O'Brien</b> & Co"
    appointment.therapist.save()

    send("confirmation", appointment)

    [email] = mail.outbox
    assert email.subject == "Booked: Mon 9 Mar, 10:00 with Dana <b>O'Brien</b> & Co"
    html = email.alternatives[0].content
    assert "with Dana &lt;b&gt;O&#x27;Brien&lt;/b&gt; &amp; Co<br>" in html
    assert html_of(email).text == email.body


def test_change_email_gives_the_new_time(appointment):
    send("change", appointment)

    [email] = mail.outbox
    assert email.subject == "Moved: your session is now Mon 9 Mar, 10:00"
    assert email.body == (
        "Hello Ada,\n\nYour session has moved. The new time:\n"
        + WHEN
        + f"\nYour appointments: {SITE}/appointments/\n"
        "The updated calendar invitation is attached.\n" + FOOTER
    )
    assert html_of(email).text == email.body


@pytest.mark.parametrize(
    ("late", "late_sentence"),
    [
        pytest.param(
            True,
            " It was cancelled less than 24 hours before, so it counts as a late cancellation.",
            id="late",
        ),
        pytest.param(False, "", id="in-time"),
    ],
)
def test_cancellation_email_says_whether_it_was_late(appointment, late, late_sentence):
    Appointment.objects.filter(pk=appointment.pk).update(
        status=AppointmentStatus.CANCELLED, late_cancellation=late
    )

    send("cancellation", appointment)

    [email] = mail.outbox
    assert email.subject == "Cancelled: your session of Mon 9 Mar, 10:00"
    therapist_page = f"{SITE}/therapists/{appointment.therapist_id}/"
    assert email.body == (
        "Hello Ada,\n\nYour session of Monday 9 March 2026, 10:00 with Dana O'Brien is "
        f"cancelled.{late_sentence}\nBook another time: {therapist_page}\n" + FOOTER
    )
    assert html_of(email).links == [therapist_page, f"{SITE}/account/messages/"]


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        pytest.param("reminder_24h", "Tomorrow: 10:00 with Dana O'Brien", id="24h"),
        pytest.param("reminder_2h", "Soon: 10:00 with Dana O'Brien", id="2h"),
    ],
)
def test_reminder_email_repeats_the_session_and_how_to_cancel(appointment, kind, subject):
    send(kind, appointment)

    [email] = mail.outbox
    assert email.subject == subject
    assert email.body == (
        "Hello Ada,\n\nA reminder of your session:\n"
        + WHEN
        + f"\nCan't come? Please cancel or move it: {SITE}/appointments/\n"
        + FOOTER
    )
    assert email.attachments == []


def test_intake_nudge_email_links_the_intake_form(appointment):
    send("intake_nudge", appointment)

    [email] = mail.outbox
    assert email.subject == "Before your session: your intake form"
    assert email.body == (
        "Hello Ada,\n\nBefore your session on Monday 9 March, please fill in (or renew) your "
        "intake form: where it hurts, and a few questions that keep your treatment safe. It "
        f"takes about ten minutes.\n{SITE}/intake/\n" + FOOTER
    )


AFTERCARE = (
    "Hello Ada,\n\nThank you for coming in today. Drink plenty of water. Some soreness or "
    "tiredness for a day or two is normal after trigger point work; gentle movement and heat "
    "help.\n{plan}\nIf pain gets much worse, or you notice swelling, redness or warmth in a "
    "leg, contact a physician.\n"
)


def test_aftercare_email_includes_the_signed_notes_plan(appointment, time_machine):
    signed_note(appointment=appointment, plan="Heat & gentle stretches, twice a day.")
    time_machine.move_to(SESSION + timedelta(hours=3), tick=False)

    send("aftercare", appointment)

    [email] = mail.outbox
    assert email.subject == "After your session: looking after yourself"
    plan = "\nYour therapist's plan:\nHeat & gentle stretches, twice a day.\n"
    assert email.body == AFTERCARE.format(plan=plan) + FOOTER
    assert html_of(email).text == email.body


def test_aftercare_email_leaves_out_a_draft_plan(appointment):
    SessionNoteFactory(appointment=appointment, plan="Not yet agreed.")

    send("aftercare", appointment)

    assert mail.outbox[0].body == AFTERCARE.format(plan="") + FOOTER


def test_check_in_email_carries_a_working_link(appointment):
    send("check_in", appointment)

    [email] = mail.outbox
    link = check_in_link(appointment)
    assert email.subject == "How is the pain now?"
    assert email.body == (
        "Hello Ada,\n\nIt has been a few days since your session with Dana O'Brien. How is the "
        f"pain now? One question, no need to sign in:\n{SITE}{link}\n"
        "The link works once and for a week.\n" + FOOTER
    )
    assert html_of(email).links == [f"{SITE}{link}", f"{SITE}/account/messages/"]
    assert Client().get(link).status_code == 200


def test_rebook_email_links_the_therapists_page(appointment, time_machine):
    time_machine.move_to(SESSION + timedelta(days=14), tick=False)

    send("rebook", appointment)

    [email] = mail.outbox
    assert email.subject == "Time for your next session?"
    assert email.body == (
        "Hello Ada,\n\nDana O'Brien recommended a follow-up about now. Book it here:\n"
        f"{SITE}/therapists/{appointment.therapist_id}/\n" + FOOTER
    )


def test_therapist_day_lists_the_days_sessions_with_intake_flags(appointment):
    therapist, service = appointment.therapist, appointment.service
    with time_machine.travel(NOW - timedelta(days=400), tick=False):
        submit_intake(appointment.client, clot_signs=True)  # over a year old, needs clearance
    cautious = ClientFactory(first_name="Ben", last_name="Okafor")
    submit_intake(cautious, osteoporosis=True)
    clear = ClientFactory(first_name="Cleo", last_name="Park")
    submit_intake(clear)
    unknown = ClientFactory(first_name="Dev", last_name="Rao")

    def session(client, hour, **fields):
        start = at_clinic(DAY, hour)
        return AppointmentFactory(
            client=client, therapist=therapist, service=service, start=start, **fields
        )

    session(unknown, 8)
    session(cautious, 12)
    session(clear, 15)
    session(ClientFactory(), 13, status=AppointmentStatus.CANCELLED)
    next_day = at_clinic(DAY + timedelta(days=1), 9)
    AppointmentFactory(therapist=therapist, service=service, start=next_day)
    AppointmentFactory(service=service, start=at_clinic(DAY, 11))  # another therapist's

    outcome, message = send(
        "therapist_day", None, recipient=therapist.user, day=DAY, subject_time=None
    )

    assert outcome == Outcome(MessageState.SENT)
    [email] = mail.outbox
    assert email.to == [therapist.user.email]
    assert email.subject == "Tomorrow, Mon 9 Mar: 4 sessions"
    assert email.body == (
        "Hello Dana,\n\nYour sessions on Monday 9 March 2026:\n\n"
        "- 08:00-09:00 Dev Rao, Trigger point therapy (60 min) [No intake]\n"
        "- 10:00-11:00 Ada Lovelace, Trigger point therapy (60 min) "
        "[Intake over a year old, Needs clearance]\n"
        "- 12:00-13:00 Ben Okafor, Trigger point therapy (60 min) [Caution]\n"
        "- 15:00-16:00 Cleo Park, Trigger point therapy (60 min)\n\n"
        f"Your schedule: {SITE}/schedule/?date=2026-03-09\n"
    )
    assert email.extra_headers == {"Message-ID": f"<clinic-message-{message.pk}@localhost>"}


# The calendar invitation


def send_due() -> None:
    """What the dispatcher and the send tasks do, in this process."""
    for message_id in claim_due(now=timezone.now()):
        message_send(message_id=message_id)


def test_invitations_keep_their_uid_and_raise_their_sequence():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    appointment = appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=SESSION
    )
    send_due()
    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
    )
    send_due()
    appointment_cancel(appointment=appointment, by=appointment.client)
    send_due()

    invitations = [email for email in mail.outbox if email.attachments]
    assert [email.attachments[0].mimetype for email in invitations] == [
        "text/calendar; method=REQUEST; charset=utf-8",
        "text/calendar; method=REQUEST; charset=utf-8",
        "text/calendar; method=CANCEL; charset=utf-8",
    ]
    calendars = [calendar_of(email) for email in invitations]
    events = [calendar.events[0] for calendar in calendars]
    assert [str(calendar["METHOD"]) for calendar in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {str(event["UID"]) for event in events} == {
        f"appointment-{appointment.pk}@trigger-point-clinic"
    }
    assert [event["SEQUENCE"] for event in events] == [0, 1, 2]
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert [(event.DTSTART, event.DTEND) for event in events] == [
        (SESSION, SESSION + timedelta(hours=1)),
        (at_clinic(DAY, 14), at_clinic(DAY, 15)),
        (at_clinic(DAY, 14), at_clinic(DAY, 15)),
    ]
    assert {event.DTSTART.tzname() for event in events} == {"UTC"}
    assert [email.attachments[0].content.count("DTSTART:") for email in invitations] == [1, 1, 1]
    assert "DTSTART:20260309T140000Z" in invitations[0].attachments[0].content
    assert str(events[0]["LOCATION"]) == "100 King Street West, Toronto, ON"


# Text messages


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        pytest.param(
            "confirmation",
            "Trigger point clinic: booked Mon 9 Mar 10:00 with Dana O'Brien. "
            f"Change or cancel: {SITE}/appointments/",
            id="confirmation",
        ),
        pytest.param(
            "change",
            "Trigger point clinic: your session moved to Mon 9 Mar 10:00 with Dana O'Brien.",
            id="change",
        ),
        pytest.param(
            "reminder_24h",
            "Trigger point clinic: reminder, Mon 9 Mar 10:00 with Dana O'Brien. "
            f"Cancel or move: {SITE}/appointments/",
            id="reminder_24h",
        ),
        pytest.param(
            "intake_nudge",
            "Trigger point clinic: please fill in your intake form before your session: "
            f"{SITE}/intake/",
            id="intake_nudge",
        ),
        pytest.param(
            "aftercare",
            "Trigger point clinic: drink water today; soreness for a day or two is normal. "
            f"Your plan: {SITE}/record/",
            id="aftercare",
        ),
    ],
)
def test_sms_goes_to_the_clients_phone(appointment, sms, kind, body):
    ClientProfileFactory(user=appointment.client, by_sms=True, phone=PHONE)

    outcome, message = send(kind, appointment, channel="sms")

    assert outcome == Outcome(MessageState.SENT)
    assert sms == [{"to": PHONE, "body": body}]
    assert mail.outbox == []


def test_sms_check_in_carries_the_link(appointment, sms):
    ClientProfileFactory(user=appointment.client, by_sms=True, phone=PHONE)

    send("check_in", appointment, channel="sms")

    link = f"{SITE}{check_in_link(appointment)}"
    assert sms == [{"to": PHONE, "body": f"Trigger point clinic: how is the pain now? {link}"}]


# Skip rules


def test_too_late_is_skipped(appointment):
    outcome, message = send(
        "reminder_24h",
        appointment,
        due_at=NOW - timedelta(hours=13),
        send_by=NOW - timedelta(seconds=1),
    )

    assert outcome == Outcome(MessageState.SKIPPED, "Too late to be useful.")
    assert (message.state, message.skip_reason) == (MessageState.SKIPPED, "Too late to be useful.")
    assert mail.outbox == []


def test_send_by_itself_is_still_in_time(appointment):
    outcome, _ = send("reminder_24h", appointment, send_by=NOW)

    assert outcome == Outcome(MessageState.SENT)


@pytest.mark.parametrize(
    "kind",
    [
        "confirmation",
        "change",
        "reminder_24h",
        "intake_nudge",
        "aftercare",
        "check_in",
    ],
)
def test_cancelled_appointments_messages_are_skipped(appointment, kind):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)

    outcome, message = send(kind, appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The appointment was cancelled.")
    assert mail.outbox == []


def test_cancellation_notice_of_a_cancelled_appointment_is_sent(appointment):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)

    outcome, _ = send("cancellation", appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["confirmation", "reminder_24h", "check_in"])
def test_moved_appointments_old_messages_are_skipped(appointment, kind):
    outcome, message = send(kind, appointment, subject_time=SESSION - timedelta(days=1))

    assert outcome == Outcome(MessageState.SKIPPED, "The appointment moved.")
    assert (message.state, message.skip_reason) == (MessageState.SKIPPED, "The appointment moved.")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["aftercare", "check_in"])
def test_follow_ups_of_a_no_show_are_skipped(appointment, kind):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.NO_SHOW)

    outcome, _ = send(kind, appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The client did not come to the session.")
    assert mail.outbox == []


def test_optional_email_is_skipped_once_the_client_turned_email_off(appointment):
    ClientProfileFactory(user=appointment.client, by_email=False)

    outcome, _ = send("reminder_24h", appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The client turned email off.")
    assert mail.outbox == []


def test_confirmation_goes_by_email_even_with_email_turned_off(appointment):
    ClientProfileFactory(user=appointment.client, by_email=False)

    outcome, _ = send("confirmation", appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert [email.to for email in mail.outbox] == [[appointment.client.email]]


@pytest.mark.parametrize(
    "kind",
    [
        "reminder_24h",
        "reminder_2h",
        "intake_nudge",
        "aftercare",
        "check_in",
        "rebook",
    ],
)
def test_optional_messages_are_skipped_when_turned_off(appointment, kind):
    ClientProfileFactory(user=appointment.client, reminders=False)

    outcome, _ = send(kind, appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The client turned reminders off.")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["confirmation", "change", "cancellation"])
def test_notices_go_out_with_reminders_turned_off(appointment, kind):
    ClientProfileFactory(user=appointment.client, reminders=False)

    outcome, _ = send(kind, appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert len(mail.outbox) == 1


def test_intake_nudge_skipped_while_the_intake_is_current(appointment):
    submit_intake(appointment.client)

    outcome, _ = send("intake_nudge", appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The intake is current.")
    assert mail.outbox == []


def test_intake_nudge_sent_when_the_intake_is_over_a_year_old(appointment):
    with time_machine.travel(NOW - timedelta(days=366), tick=False):
        submit_intake(appointment.client)

    outcome, _ = send("intake_nudge", appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert [email.subject for email in mail.outbox] == ["Before your session: your intake form"]


def test_rebook_nudge_skipped_when_a_session_is_booked(appointment, time_machine):
    time_machine.move_to(SESSION + timedelta(days=14), tick=False)
    AppointmentFactory(client=appointment.client, start=SESSION + timedelta(days=20))

    outcome, _ = send("rebook", appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "A session is booked.")
    assert mail.outbox == []


def test_rebook_nudge_sent_when_only_a_cancelled_session_lies_ahead(appointment, time_machine):
    time_machine.move_to(SESSION + timedelta(days=14), tick=False)
    AppointmentFactory(
        client=appointment.client,
        start=SESSION + timedelta(days=20),
        status=AppointmentStatus.CANCELLED,
    )

    outcome, _ = send("rebook", appointment)

    assert outcome == Outcome(MessageState.SENT)


@pytest.mark.parametrize("cancelled", [False, True], ids=["nothing", "only-cancelled"])
def test_therapist_day_skipped_when_nothing_is_booked(appointment, cancelled):
    therapist = appointment.therapist
    if cancelled:
        Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)
        day = DAY
    else:
        day = DAY + timedelta(days=1)

    outcome, _ = send("therapist_day", None, recipient=therapist.user, day=day, subject_time=None)

    assert outcome == Outcome(MessageState.SKIPPED, "Nothing booked that day.")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param(None, id="no-profile"),
        pytest.param({"by_sms": True, "phone": ""}, id="phone-removed"),
    ],
)
def test_sms_without_a_phone_is_skipped(appointment, sms, profile):
    if profile is not None:
        ClientProfileFactory(user=appointment.client, **profile)

    outcome, _ = send("confirmation", appointment, channel="sms")

    assert outcome == Outcome(MessageState.SKIPPED, "No phone number for text messages.")
    assert sms == []


# Claimed once


def test_second_send_of_the_same_row_is_not_claimed(appointment):
    message = MessageFactory(kind="confirmation", appointment=appointment)
    first = message_send(message_id=message.pk)

    second = message_send(message_id=message.pk)

    assert first == Outcome(MessageState.SENT)
    assert second == Outcome("not claimed", "Another task has it, or it is done.")
    assert len(mail.outbox) == 1
    assert state_of(message) == (MessageState.SENT, "", 1, "")


@pytest.mark.parametrize(
    "state",
    [MessageState.PENDING, MessageState.SENDING, MessageState.SKIPPED, MessageState.FAILED],
)
def test_send_takes_only_a_queued_row(appointment, state):
    message = MessageFactory(kind="confirmation", appointment=appointment, state=state)

    outcome = message_send(message_id=message.pk)

    assert outcome.state == "not claimed"
    assert mail.outbox == []
    assert state_of(message) == (state, "", 0, "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tasks_sending_one_row_at_once_send_it_once(appointment):
    message = MessageFactory(kind="confirmation", appointment=appointment)
    barrier = threading.Barrier(2)
    outcomes: list = [None, None]

    def task(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[index] = message_send(message_id=message.pk).state
        finally:
            connection.close()

    threads = [threading.Thread(target=task, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["not claimed", MessageState.SENT]
    assert len(mail.outbox) == 1
    assert state_of(message)[:3] == (MessageState.SENT, "", 1)


# Failures


class DisconnectingBackend(BaseEmailBackend):
    """A mail server that drops the connection: a transient failure."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class BrokenBackend(BaseEmailBackend):
    """A failure that trying again won't cure."""

    def send_messages(self, email_messages):
        raise ValueError("Invalid address")


class FlakySmsBackend:
    def send(self, *, to: str, body: str) -> str:
        raise SmsError("Twilio answered 503", transient=True)


class RefusingSmsBackend:
    def send(self, *, to: str, body: str) -> str:
        raise SmsError("Twilio answered 400", transient=False)


def use_mailer(settings, backend: type) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


DISCONNECTED = "SMTPServerDisconnected: Connection unexpectedly closed"


def test_transient_failure_goes_back_to_pending_with_backoff(appointment, settings):
    use_mailer(settings, DisconnectingBackend)

    outcome, message = send("confirmation", appointment, send_by=NOW + timedelta(days=1))

    assert outcome == Outcome(MessageState.PENDING, DISCONNECTED)
    assert (message.state, message.attempts, message.last_error) == (
        MessageState.PENDING,
        1,
        DISCONNECTED,
    )
    assert message.due_at == NOW + timedelta(minutes=1)


def test_transient_failures_back_off_then_fail_after_max_attempts(
    appointment, settings, time_machine
):
    use_mailer(settings, DisconnectingBackend)
    message = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.PENDING,
        send_by=NOW + timedelta(days=1),
    )
    rounds = []

    for _ in range(MAX_ATTEMPTS):
        message.refresh_from_db()
        time_machine.move_to(message.due_at, tick=False)
        assert claim_due(now=timezone.now()) == [message.pk]
        state = message_send(message_id=message.pk).state
        message.refresh_from_db()
        rounds.append((state, message.attempts, message.due_at - timezone.now()))

    minute = timedelta(minutes=1)
    assert rounds == [
        (MessageState.PENDING, 1, minute),
        (MessageState.PENDING, 2, 2 * minute),
        (MessageState.PENDING, 3, 4 * minute),
        (MessageState.PENDING, 4, 8 * minute),
        (MessageState.FAILED, 5, timedelta(0)),
    ]
    assert (message.state, message.last_error, message.sent_at) == (
        MessageState.FAILED,
        DISCONNECTED,
        None,
    )
    assert claim_due(now=timezone.now() + timedelta(days=1)) == []


def test_non_transient_failure_fails_at_once(appointment, settings):
    use_mailer(settings, BrokenBackend)

    outcome, message = send("confirmation", appointment)

    assert outcome == Outcome(MessageState.FAILED, "Invalid address")
    assert (message.state, message.attempts, message.last_error) == (
        MessageState.FAILED,
        1,
        "ValueError: Invalid address",
    )


@pytest.mark.parametrize(
    ("backend", "state", "last_error"),
    [
        pytest.param(FlakySmsBackend, MessageState.PENDING, "Twilio answered 503", id="transient"),
        pytest.param(
            RefusingSmsBackend, MessageState.FAILED, "SmsError: Twilio answered 400", id="final"
        ),
    ],
)
def test_sms_failures(appointment, settings, backend, state, last_error):
    settings.SMS_BACKEND = f"{__name__}.{backend.__name__}"
    ClientProfileFactory(user=appointment.client, by_sms=True, phone=PHONE)

    outcome, message = send("confirmation", appointment, channel="sms")

    assert (message.state, message.attempts, message.last_error) == (state, 1, last_error)


# Claiming due rows


def pending(due_at: datetime, **fields) -> Message:
    """A row due at `due_at` (pending unless told), for claiming."""
    fields = {"state": MessageState.PENDING, "send_by": due_at + timedelta(days=1), **fields}
    return MessageFactory(appointment=None, recipient=ClientFactory(), due_at=due_at, **fields)


def test_claim_due_takes_due_pending_rows_in_due_order():
    later = pending(NOW - timedelta(minutes=1))
    earlier = pending(NOW - timedelta(hours=1))
    exactly_now = pending(NOW)
    pending(NOW + timedelta(seconds=1))
    for state in (MessageState.SENT, MessageState.FAILED, MessageState.SKIPPED):
        pending(NOW - timedelta(hours=2), state=state)

    claimed = claim_due(now=NOW)

    assert claimed == [earlier.pk, later.pk, exactly_now.pk]
    rows = Message.objects.filter(pk__in=claimed)
    assert set(rows.values_list("state", "claimed_at")) == {(MessageState.QUEUED, NOW)}


def test_claim_due_takes_at_most_limit_rows_earliest_first():
    rows = [pending(NOW - timedelta(minutes=minutes)) for minutes in (1, 5, 3, 4)]

    claimed = claim_due(now=NOW, limit=2)

    assert claimed == [rows[1].pk, rows[3].pk]
    assert claim_due(now=NOW) == [rows[2].pk, rows[0].pk]


def test_claimed_rows_are_not_claimed_again_within_the_lease():
    row = pending(NOW - timedelta(minutes=1))
    assert claim_due(now=NOW) == [row.pk]

    assert claim_due(now=NOW + LEASE) == []


@pytest.mark.parametrize("state", [MessageState.QUEUED, MessageState.SENDING])
def test_stale_claim_is_claimed_again(state):
    stale = pending(
        NOW - timedelta(hours=1), state=state, claimed_at=NOW - LEASE - timedelta(seconds=1)
    )
    fresh = pending(NOW - timedelta(hours=1), state=state, claimed_at=NOW - LEASE)

    assert claim_due(now=NOW) == [stale.pk]
    assert Message.objects.values_list("state", "claimed_at").get(pk=stale.pk) == (
        MessageState.QUEUED,
        NOW,
    )
    assert Message.objects.values_list("state", "claimed_at").get(pk=fresh.pk) == (
        state,
        NOW - LEASE,
    )


def test_stale_sending_row_is_sent_again_and_counted(appointment):
    message = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.SENDING,
        attempts=1,
        claimed_at=NOW - LEASE - timedelta(minutes=1),
    )

    for message_id in claim_due(now=NOW):
        message_send(message_id=message_id)

    assert state_of(message) == (MessageState.SENT, "", 2, "")
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claim_due_skips_rows_another_transaction_holds():
    rows = [pending(NOW - timedelta(minutes=minutes)) for minutes in range(6, 0, -1)]
    held = [row.pk for row in rows[:3]]
    claimed: list = []

    def dispatcher() -> None:
        try:
            claimed.extend(claim_due(now=NOW))
        finally:
            connection.close()

    with transaction.atomic():
        list(Message.objects.select_for_update().filter(pk__in=held).values_list("pk"))
        thread = threading.Thread(target=dispatcher)
        thread.start()
        thread.join(timeout=10)
        # It did not wait for the lock: it took the others and returned.
        assert not thread.is_alive()

    assert claimed == [row.pk for row in rows[3:]]
    assert claim_due(now=NOW) == held


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatchers_never_claim_the_same_row():
    rows = [pending(NOW - timedelta(seconds=seconds)) for seconds in range(120)]
    dispatchers = 6
    barrier = threading.Barrier(dispatchers)
    claims: list[list[int]] = [[] for _ in range(dispatchers)]

    def dispatcher(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            while ids := claim_due(now=NOW, limit=7):
                claims[index].extend(ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(index,)) for index in range(dispatchers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    every_claim = [pk for ids in claims for pk in ids]
    assert sorted(every_claim) == sorted(row.pk for row in rows)
    assert len(set(every_claim)) == len(every_claim)


# Re-queueing failed messages


def test_message_requeue_makes_failed_rows_due_again():
    failed = pending(
        NOW - timedelta(days=2), state=MessageState.FAILED, attempts=5, last_error="Boom"
    )
    others = [
        pending(NOW - timedelta(days=2), state=state)
        for state in (MessageState.SENT, MessageState.SKIPPED, MessageState.PENDING)
    ]

    count = message_requeue(Message.objects.all(), now=NOW)

    assert count == 1
    assert Message.objects.values_list("state", "due_at", "send_by", "attempts", "last_error").get(
        pk=failed.pk
    ) == (MessageState.PENDING, NOW, NOW + timedelta(days=1), 0, "Boom")
    assert [Message.objects.get(pk=row.pk).state for row in others] == [
        MessageState.SENT,
        MessageState.SKIPPED,
        MessageState.PENDING,
    ]


def test_requeued_message_is_sent_by_the_next_dispatch(appointment):
    message = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.FAILED,
        attempts=5,
        due_at=NOW - timedelta(days=1),
        send_by=NOW - timedelta(hours=20),
    )
    message_requeue(Message.objects.filter(pk=message.pk), now=NOW)

    send_due()

    assert state_of(message)[:3] == (MessageState.SENT, "", 1)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["confirmation", "reminder_24h", "intake_nudge"])
def test_requeued_message_about_a_session_that_has_begun_is_skipped(
    appointment, time_machine, kind
):
    message = MessageFactory(
        kind=kind, appointment=appointment, state=MessageState.FAILED, send_by=SESSION
    )
    time_machine.move_to(SESSION + timedelta(hours=3), tick=False)
    message_requeue(Message.objects.filter(pk=message.pk), now=timezone.now())

    send_due()

    assert state_of(message)[:2] == (MessageState.SKIPPED, "Too late to be useful.")
    assert mail.outbox == []


def test_requeued_aftercare_after_the_session_is_sent(appointment, time_machine):
    message = MessageFactory(kind="aftercare", appointment=appointment, state=MessageState.FAILED)
    time_machine.move_to(SESSION + timedelta(days=1), tick=False)
    message_requeue(Message.objects.filter(pk=message.pk), now=timezone.now())

    send_due()

    assert state_of(message)[0] == MessageState.SENT


def test_admin_action_requeues_only_failed_messages():
    failed = pending(NOW - timedelta(days=1), state=MessageState.FAILED, last_error="Boom")
    sent = pending(NOW - timedelta(days=1), state=MessageState.SENT)
    browser = Client()
    browser.force_login(AdminFactory())

    response = browser.post(
        reverse("admin:messaging_message_changelist"),
        {"action": "requeue", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    assert [str(notice) for notice in response.context["messages"]] == [
        "1 message(s) queued again."
    ]
    assert Message.objects.values_list("state", "due_at").get(pk=failed.pk) == (
        MessageState.PENDING,
        NOW,
    )
    assert Message.objects.get(pk=sent.pk).state == MessageState.SENT


# The dispatcher task


def test_dispatcher_sends_due_rows_end_to_end(appointment, eager_celery):
    due = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.PENDING,
        due_at=NOW - timedelta(minutes=1),
    )
    stale = MessageFactory(
        kind="change",
        appointment=appointment,
        state=MessageState.QUEUED,
        claimed_at=NOW - LEASE - timedelta(minutes=1),  # its worker died
    )
    later = MessageFactory(
        kind="reminder_24h",
        appointment=appointment,
        state=MessageState.PENDING,
        due_at=NOW + timedelta(minutes=1),
    )

    count = dispatch_due_messages.apply().get()

    assert count == 2
    assert [email.subject for email in mail.outbox] == [
        "Booked: Mon 9 Mar, 10:00 with Dana O'Brien",
        "Moved: your session is now Mon 9 Mar, 10:00",
    ]
    assert [state_of(message)[0] for message in (due, stale, later)] == [
        MessageState.SENT,
        MessageState.SENT,
        MessageState.PENDING,
    ]


def test_dispatcher_run_directly_claims_and_hands_off(appointment):
    """Without eager tasks the sends wait in the (in-memory) broker: rows are queued."""
    due = MessageFactory(kind="confirmation", appointment=appointment, state=MessageState.PENDING)

    count = dispatch_due_messages.run()

    assert count == 1
    assert state_of(due)[0] == MessageState.QUEUED
    assert mail.outbox == []
