"""The channels booking's messages go by: those the client chose, email at least for notices."""

import pytest
import time_machine

from sessions.services import appointment_cancel, appointment_reschedule
from tests.clock import at_clinic
from tests.factories import ClientFactory
from tests.sessions.planning import (
    DAY,
    NOW,
    PHONE,
    TEN,
    book,
    kinds,
    profile_client,
    therapist_days,
)

pytestmark = pytest.mark.django_db


# A booking's client messages, by kind (the intake nudge goes now and the day before).
SESSION_KINDS = [
    "aftercare",
    "check_in",
    "confirmation",
    "intake_nudge",
    "intake_nudge",
    "reminder_24h",
]


@pytest.mark.parametrize(
    ("preferences", "channels"),
    [
        pytest.param(None, ["email"], id="no-profile-email"),
        pytest.param({}, ["email"], id="email"),
        pytest.param({"by_email": False, "by_sms": True, "phone": PHONE}, ["sms"], id="sms"),
        pytest.param({"by_sms": True, "phone": PHONE}, ["email", "sms"], id="both"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_every_message_goes_by_each_chosen_channel(preferences, channels):
    client = ClientFactory() if preferences is None else profile_client(**preferences)

    appointment = book(TEN, client=client)

    assert kinds(appointment) == sorted(
        (kind, channel) for kind in SESSION_KINDS for channel in channels
    )


@pytest.mark.parametrize(
    "preferences",
    [
        pytest.param({"by_email": False, "by_sms": False}, id="none"),
        pytest.param({"by_email": False, "by_sms": True, "phone": ""}, id="sms-without-phone"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_no_channel_leaves_only_the_confirmation_by_email(preferences):
    appointment = book(TEN, client=profile_client(**preferences))

    assert kinds(appointment) == [("confirmation", "email")]


@time_machine.travel(NOW, tick=False)
def test_no_channel_still_sends_change_and_cancellation_notices_by_email():
    appointment = book(TEN, client=profile_client(by_email=False, by_sms=False))

    appointment = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
    )
    appointment_cancel(appointment=appointment, by=appointment.client)

    assert kinds(appointment) == [
        ("cancellation", "email"),
        ("change", "email"),
        ("confirmation", "email"),
    ]


@time_machine.travel(NOW, tick=False)
def test_therapist_day_goes_by_email_whatever_the_client_chose():
    appointment = book(TEN, client=profile_client(by_email=False, by_sms=True, phone=PHONE))

    assert [row[1] for row in therapist_days(appointment.therapist)] == ["email"]
