"""What booking's messages say: each kind's email (the therapist's day too) and text message."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from clinic.catalogue.models import Service
from clinic.messaging.dispatch import Outcome
from clinic.messaging.models import MessageState
from sessions.models import Appointment, AppointmentStatus
from tests.clinic.messaging.sending import DAY, FOOTER, NOW, PHONE, SITE, html_of, send
from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, ClientFactory, ClientProfileFactory, submit_intake

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)

WHEN = (
    "Mon 9 Mar 2026, 10:00 (Trigger point therapy (60 min)) with Dana O'Brien\n"
    "100 King Street West, Toronto, ON\n"
)


# By email


def test_confirmation_email_says_when_who_where_how_to_cancel_and_what_it_costs(appointment):
    outcome, message = send("confirmation", appointment)

    assert outcome == Outcome(MessageState.SENT)
    [email] = mail.outbox
    assert email.to == ["ada@example.org"]
    assert email.subject == "Booked: Mon 9 Mar 2026, 10:00 with Dana O'Brien"
    assert email.extra_headers == {"Message-ID": f"<clinic-message-{message.pk}@localhost>"}
    assert email.body == (
        "Hello Ada,\n\nYour session is booked:\n"
        + WHEN
        + f"\nTo reschedule or cancel: {SITE}/appointments/\n"
        "Cancelling or rescheduling less than 24 hours before costs CAD 50.00 (50%); "
        "missing the session costs CAD 100.00.\nThe calendar invitation is attached.\n" + FOOTER
    )
    html = html_of(email)
    assert (html.title, html.text) == (email.subject, email.body)
    assert html.links == [f"{SITE}/appointments/", f"{SITE}/account/messages/"]
    assert (message.state, message.attempts, message.sent_at) == (MessageState.SENT, 1, NOW)


def test_confirmation_states_the_configured_cancellation_policy(appointment, settings):
    settings.BOOKING_FREE_CANCELLATION = timedelta(hours=48)
    settings.NO_SHOW_FEE_PERCENT = 0
    Service.objects.filter(pk=appointment.service_id).update(tax_rate="13.00")

    send("confirmation", appointment)

    [line] = [line for line in mail.outbox[0].body.splitlines() if "Cancelling" in line]
    # 50.00 and its 13% tax; the no-show fee is off, so it is left out.
    assert line == "Cancelling or rescheduling less than 48 hours before costs CAD 56.50 (50%)."


def test_confirmation_without_fees_says_cancelling_is_free_until_the_window(appointment, settings):
    settings.LATE_CANCELLATION_FEE_PERCENT = 0
    settings.NO_SHOW_FEE_PERCENT = 0

    send("confirmation", appointment)

    [line] = [line for line in mail.outbox[0].body.splitlines() if "Cancelling" in line]
    assert line == (
        "Cancelling is free until 24 hours before the session; later cancellations count as late."
    )


def test_change_email_gives_the_new_time(appointment):
    send("change", appointment)

    [email] = mail.outbox
    assert email.subject == "Moved: your session is now Mon 9 Mar 2026, 10:00"
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
    assert email.subject == "Cancelled: your session of Mon 9 Mar 2026, 10:00"
    therapist_page = f"{SITE}/therapists/{appointment.therapist_id}/"
    assert email.body == (
        "Hello Ada,\n\nYour session of Mon 9 Mar 2026, 10:00 with Dana O'Brien is "
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
        "Hello Ada,\n\nBefore your session on Mon 9 Mar 2026, please fill in (or renew) your "
        "intake form: where it hurts, and a few questions that keep your treatment safe. It "
        f"takes about ten minutes.\n{SITE}/intake/\n" + FOOTER
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
    assert email.subject == "Tomorrow, Mon 9 Mar 2026: 4 sessions"
    assert email.body == (
        "Hello Dana,\n\nYour sessions on Mon 9 Mar 2026:\n\n"
        "- 08:00-09:00 Dev Rao, Trigger point therapy (60 min) [No intake]\n"
        "- 10:00-11:00 Ada Lovelace, Trigger point therapy (60 min) "
        "[Intake over a year old, Needs clearance]\n"
        "- 12:00-13:00 Ben Okafor, Trigger point therapy (60 min) [Caution]\n"
        "- 15:00-16:00 Cleo Park, Trigger point therapy (60 min)\n\n"
        f"Your schedule: {SITE}/schedule/?date=2026-03-09\n"
    )
    assert email.extra_headers == {"Message-ID": f"<clinic-message-{message.pk}@localhost>"}


# By text message


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        pytest.param(
            "confirmation",
            "Trigger point clinic: booked Mon 9 Mar 2026, 10:00 with Dana O'Brien. "
            f"Change or cancel: {SITE}/appointments/",
            id="confirmation",
        ),
        pytest.param(
            "change",
            "Trigger point clinic: your session moved to Mon 9 Mar 2026, 10:00 with Dana O'Brien.",
            id="change",
        ),
        pytest.param(
            "reminder_24h",
            "Trigger point clinic: reminder, Mon 9 Mar 2026, 10:00 with Dana O'Brien. "
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
