"""The rebook nudge: planned by a signed note, linking the therapist's page, skipped if booked."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from clinic.accounts.models import User
from clinic.messaging.dispatch import Outcome
from clinic.messaging.models import MessageState
from sessions.models import AppointmentStatus
from sessions.notes.services import note_sign
from tests.clinic.messaging.sending import FOOTER, NOW, PHONE, SESSION, SITE, ada_session, send
from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, ClientFactory, SessionNoteFactory
from tests.sessions.planning import kinds, planned, profile_client

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.fixture
def appointment():
    """Ada's session, as the other apps' message tests have it (this folder's own
    `appointment` is another client's)."""
    return ada_session()


def signed_with_rebook(days: int | None, *, start: datetime, client: User | None = None):
    appointment = AppointmentFactory(start=start, client=client or ClientFactory())
    note = SessionNoteFactory(appointment=appointment, rebook_after_days=days)
    note_sign(note=note, by=appointment.therapist.user, now=start + timedelta(hours=2))
    return appointment


@pytest.mark.parametrize(
    ("start", "due"),
    [
        pytest.param(
            at_clinic(date(2026, 2, 11), 15), at_clinic(date(2026, 2, 25), 10), id="winter"
        ),
        pytest.param(
            # 14 days after Wednesday 25 February lies past the change: 10:00 EDT.
            datetime(2026, 2, 25, 20, tzinfo=UTC),
            datetime(2026, 3, 11, 14, tzinfo=UTC),
            id="across-the-spring-change",
        ),
    ],
)
def test_signing_a_note_plans_a_rebook_nudge_at_10_local(start, due):
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        appointment = signed_with_rebook(14, start=start)

    assert planned(appointment) == [("rebook", "email", due, due + timedelta(days=7))]


@time_machine.travel(datetime(2026, 2, 11, 22, tzinfo=UTC), tick=False)
def test_signing_a_note_without_an_interval_plans_no_rebook_nudge():
    appointment = signed_with_rebook(None, start=at_clinic(date(2026, 2, 11), 15))

    assert planned(appointment) == []


@time_machine.travel(datetime(2026, 2, 11, 22, tzinfo=UTC), tick=False)
def test_rebook_nudge_follows_the_channels():
    client = profile_client(by_email=False, by_sms=True, phone=PHONE)

    appointment = signed_with_rebook(21, start=at_clinic(date(2026, 2, 11), 15), client=client)

    assert kinds(appointment) == [("rebook", "sms")]


def test_rebook_email_links_the_therapists_page(appointment, frozen):
    frozen.move_to(SESSION + timedelta(days=14))

    send("rebook", appointment)

    [email] = mail.outbox
    assert email.subject == "Time for your next session?"
    assert email.body == (
        "Hello Ada,\n\nDana O'Brien recommended a follow-up about now. Book it here:\n"
        f"{SITE}/therapists/{appointment.therapist_id}/\n" + FOOTER
    )


def test_rebook_nudge_skipped_when_a_session_is_booked(appointment, frozen):
    frozen.move_to(SESSION + timedelta(days=14))
    AppointmentFactory(client=appointment.client, start=SESSION + timedelta(days=20))

    outcome, _ = send("rebook", appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "A session is booked.")
    assert mail.outbox == []


def test_rebook_nudge_sent_when_only_a_cancelled_session_lies_ahead(appointment, frozen):
    frozen.move_to(SESSION + timedelta(days=14))
    AppointmentFactory(
        client=appointment.client,
        start=SESSION + timedelta(days=20),
        status=AppointmentStatus.CANCELLED,
    )

    outcome, _ = send("rebook", appointment)

    assert outcome == Outcome(MessageState.SENT)
