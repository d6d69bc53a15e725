"""The client's message preferences page, and what the choices change."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from clinic.messaging.dispatch import claim_due, message_send
from clinic.messaging.models import Message, MessageState
from sessions.services import appointment_book
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ClientProfileFactory,
    ServiceFactory,
    UserFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db

URL = reverse("message-preferences")
NOW = datetime(2026, 3, 1, 17, tzinfo=UTC)  # Sunday 1 March 2026, 12:00 in Toronto
SESSION = datetime(2026, 3, 4, 15, tzinfo=UTC)  # Wednesday 4 March, 10:00 in Toronto
SAVED = "Your message preferences are saved."
BAD_PHONE = (
    "Enter a valid phone number (e.g. (506) 234-5678) or a number with an international call "
    "prefix."
)
NO_PHONE = "Give a mobile number for text messages."


def form(**changes) -> dict:
    """The form as a browser posts it: ticked boxes send "on", unticked ones nothing."""
    fields = {
        "by_email": True,
        "by_sms": False,
        "phone": "",
        "reminders": True,
        "reminder_2h": False,
    }
    fields.update(changes)
    return {
        name: "on" if value is True else value
        for name, value in fields.items()
        if value is not False
    }


def preferences(user) -> dict:
    return ClientProfile.objects.values(
        "by_email", "by_sms", "phone", "reminders", "reminder_2h"
    ).get(user=user)


# Who reaches the page


def test_page_needs_a_sign_in(client):
    response = client.get(URL)

    assertRedirects(response, f"{reverse('login')}?next={URL}")


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.ADMIN])
@pytest.mark.parametrize("method", ["get", "post"])
def test_page_is_for_clients_only(client, role, method):
    user = AdminFactory() if role == Role.ADMIN else UserFactory(role=role)
    client.force_login(user)

    response = getattr(client, method)(URL, form())

    assert response.status_code == 403
    assert ClientProfile.objects.filter(user=user).exists() is False


def test_page_shows_the_current_choices(client):
    profile = ClientProfileFactory(by_sms=True, phone="+14165550142", reminder_2h=True)
    client.force_login(profile.user)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "by_email": True,
        "by_sms": True,
        "phone": profile.phone,
        "reminders": True,
        "reminder_2h": True,
    }
    assertContains(response, 'name="phone" value="(416) 555-0142"')


def test_page_starts_a_profile_with_the_defaults(client):
    user = ClientFactory()
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert preferences(user) == {
        "by_email": True,
        "by_sms": False,
        "phone": "",
        "reminders": True,
        "reminder_2h": False,
    }


# Saving


def test_saving_stores_the_choices(client):
    user = ClientFactory()
    client.force_login(user)

    response = client.post(
        URL, form(by_sms=True, phone="416 555 0142", reminder_2h=True), follow=True
    )

    assert response.redirect_chain == [(URL, 302)]
    assert [str(notice) for notice in response.context["messages"]] == [SAVED]
    assert preferences(user) == {
        "by_email": True,
        "by_sms": True,
        "phone": "+14165550142",
        "reminders": True,
        "reminder_2h": True,
    }


def test_saving_can_turn_everything_off(client):
    profile = ClientProfileFactory(by_sms=True, phone="+14165550142", reminder_2h=True)
    client.force_login(profile.user)

    response = client.post(URL, form(by_email=False, reminders=False))

    assertRedirects(response, URL)
    assert preferences(profile.user) == {
        "by_email": False,
        "by_sms": False,
        "phone": "",
        "reminders": False,
        "reminder_2h": False,
    }


@pytest.mark.parametrize("phone", ["12345", "not a number", "+1 555"])
def test_invalid_phone_refused_with_400(client, phone):
    profile = ClientProfileFactory()
    client.force_login(profile.user)

    response = client.post(URL, form(by_sms=True, phone=phone))

    assert response.status_code == 400
    assert response.context["form"].errors == {"phone": [BAD_PHONE]}
    assertContains(response, "Enter a valid phone number", status_code=400)
    assert preferences(profile.user)["by_sms"] is False


def test_sms_without_a_phone_refused(client):
    profile = ClientProfileFactory()
    client.force_login(profile.user)

    response = client.post(URL, form(by_sms=True, phone=""))

    assert response.status_code == 400
    assert response.context["form"].errors == {"phone": [NO_PHONE]}
    assertContains(response, NO_PHONE, status_code=400)
    assert preferences(profile.user)["by_sms"] is False


def test_a_phone_alone_does_not_turn_on_sms(client):
    profile = ClientProfileFactory()
    client.force_login(profile.user)

    client.post(URL, form(phone="+14165550142"))

    assert preferences(profile.user)["by_sms"] is False


# What the choices change


def book(user):
    service = ServiceFactory(duration_minutes=60)
    return appointment_book(
        client=user, therapist=bookable_therapist(service), service=service, start=SESSION
    )


def channels(appointment) -> list[tuple[str, str]]:
    """The channels of the messages to the appointment's client (its therapist is told apart)."""
    messages = Message.objects.about(appointment).filter(recipient=appointment.client)
    return sorted(messages.values_list("kind", "channel"))


@time_machine.travel(NOW, tick=False)
def test_saved_choices_decide_the_channels_of_later_messages(client, sms):
    user = ClientFactory()
    client.force_login(user)
    first = book(user)

    client.post(URL, form(by_email=False, by_sms=True, phone="416 555 0142", reminder_2h=True))
    service = ServiceFactory(duration_minutes=45)
    second = appointment_book(
        client=User.objects.get(pk=user.pk),  # as the next request loads it
        therapist=bookable_therapist(service),
        service=service,
        start=datetime(2026, 3, 5, 15, tzinfo=UTC),
    )

    assert {channel for _, channel in channels(first)} == {"email"}
    assert channels(second) == [
        ("aftercare", "sms"),
        ("check_in", "sms"),
        ("confirmation", "sms"),
        ("intake_nudge", "sms"),
        ("intake_nudge", "sms"),
        ("reminder_24h", "sms"),
        ("reminder_2h", "sms"),
    ]
    for message_id in claim_due(now=NOW):
        message_send(message_id=message_id)
    assert sms == [
        {
            "to": "+14165550142",
            "body": f"Trigger point clinic: booked Thu 5 Mar 2026, 10:00 with {second.therapist}. "
            "Change or cancel: http://127.0.0.1:8000/appointments/",
        },
        {
            "to": "+14165550142",
            "body": "Trigger point clinic: please fill in your intake form before your "
            "session: http://127.0.0.1:8000/intake/",
        },
    ]


@time_machine.travel(NOW, tick=False)
def test_turning_reminders_off_skips_the_reminders_already_planned(client):
    user = ClientFactory()
    client.force_login(user)
    appointment = book(user)

    client.post(URL, form(reminders=False))
    message = Message.objects.about(appointment).get(kind="reminder_24h")
    Message.objects.filter(pk=message.pk).update(state=MessageState.QUEUED)
    outcome = message_send(message_id=message.pk)

    assert (outcome.state, outcome.detail) == (
        MessageState.SKIPPED,
        "The client turned reminders off.",
    )
