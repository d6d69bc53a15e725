"""The aftercare message: due two hours after the session, quoting the signed note's plan."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from sessions.messages import plan_booking_messages
from tests.clinic.messaging.sending import FOOTER, NOW, SESSION, ada_session, html_of, send
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, SessionNoteFactory, signed_note
from tests.sessions.planning import due_of

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.fixture
def appointment():
    """Ada's session, as the other apps' message tests have it (this folder's own
    `appointment` is another client's)."""
    return ada_session()


AFTERCARE = (
    "Hello Ada,\n\nThank you for coming in today. Drink plenty of water. Some soreness or "
    "tiredness for a day or two is normal after trigger point work; gentle movement and heat "
    "help.\n{plan}\nIf pain gets much worse, or you notice swelling, redness or warmth in a "
    "leg, contact a physician.\n"
)


def test_aftercare_due_two_real_hours_after_the_end_across_the_change():
    # Saturday 7 March 2026, 23:00-00:00 EST; that night 02:00 EST jumps to 03:00 EDT.
    late = AppointmentFactory(
        start=datetime(2026, 3, 8, 4, tzinfo=UTC), end=datetime(2026, 3, 8, 5, tzinfo=UTC)
    )

    plan_booking_messages(late, now=datetime(2026, 3, 7, 12, tzinfo=UTC))

    # Midnight EST plus two hours of real time is 03:00 EDT (07:00 UTC).
    assert due_of(late, "aftercare") == (
        datetime(2026, 3, 8, 7, tzinfo=UTC),
        datetime(2026, 3, 8, 19, tzinfo=UTC),
    )


def test_aftercare_email_includes_the_signed_notes_plan(appointment, frozen):
    signed_note(appointment=appointment, plan="Heat & gentle stretches, twice a day.")
    frozen.move_to(SESSION + timedelta(hours=3))

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
