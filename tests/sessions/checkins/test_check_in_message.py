"""The check-in message: due three days after the session, its link working by email and text."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from sessions.checkins.services import check_in_link
from tests.clinic.messaging.sending import FOOTER, NOW, PHONE, SITE, html_of, send
from tests.clock import frozen_at
from tests.factories import ClientProfileFactory
from tests.sessions.planning import book, due_of

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.mark.parametrize(
    ("session", "check_in"),
    [
        pytest.param(
            datetime(2026, 3, 6, 15, tzinfo=UTC),  # Friday 6 March 10:00 EST
            datetime(2026, 3, 9, 14, tzinfo=UTC),  # Monday 9 March 10:00 EDT
            id="spring",
        ),
        pytest.param(
            datetime(2026, 10, 29, 14, tzinfo=UTC),  # Thursday 29 October 10:00 EDT
            datetime(2026, 11, 1, 15, tzinfo=UTC),  # Sunday 1 November 10:00 EST
            id="fall",
        ),
    ],
)
def test_check_in_due_three_days_later_at_the_same_clock_time(session, check_in):
    with time_machine.travel(session - timedelta(days=7), tick=False):
        appointment = book(session)

    assert due_of(appointment, "check_in") == (check_in, check_in + timedelta(days=2))


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
    # Opened once the session has begun, within the link's week.
    with time_machine.travel(appointment.start + timedelta(hours=1), tick=False):
        assert Client().get(link).status_code == 200


def test_sms_check_in_carries_the_link(appointment, sms):
    ClientProfileFactory(user=appointment.client, by_sms=True, phone=PHONE)

    send("check_in", appointment, channel="sms")

    link = f"{SITE}{check_in_link(appointment)}"
    assert sms == [{"to": PHONE, "body": f"Trigger point clinic: how is the pain now? {link}"}]
