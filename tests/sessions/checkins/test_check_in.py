"""The check-in a few days after a session: a signed, expiring, single-use link, its page,
and where the answer shows."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from pytest_django.asserts import assertContains

from clients.records.outcomes import client_outcomes
from clients.records.plot import OutcomePoint
from sessions.checkins.models import CheckIn
from sessions.checkins.services import (
    SALT,
    CheckInRefused,
    check_in_answer,
    check_in_appointment,
    check_in_token,
)
from sessions.models import AppointmentStatus
from tests.factories import AppointmentFactory, ClientFactory, TherapistFactory, signed_note

pytestmark = pytest.mark.django_db

SESSION = datetime(2026, 3, 9, 14, tzinfo=UTC)  # Monday 9 March 2026, 10:00 in Toronto (EDT)
SENT = datetime(2026, 3, 12, 14, tzinfo=UTC)  # the check-in goes three days later
NOT_VALID = "This link is not valid."
EXPIRED = "This link has expired."
ANSWERED = "Thank you: this check-in was already answered."
THANKS = "Thank you. Your therapist will see your answer before your next session."


@pytest.fixture
def appointment():
    therapist = TherapistFactory(display_name="Dana Kim")
    return AppointmentFactory(
        therapist=therapist, start=SESSION, status=AppointmentStatus.COMPLETED
    )


def token_sent(appointment, at: datetime = SENT) -> str:
    with time_machine.travel(at, tick=False):
        return check_in_token(appointment)


def refusal(token: str) -> str:
    with pytest.raises(CheckInRefused) as refused:
        check_in_appointment(token)
    return str(refused.value)


def check_in_url(token: str) -> str:
    return reverse("check-in", args=[token])


# The link


@time_machine.travel(SENT + timedelta(hours=5), tick=False)
def test_link_answers_its_appointment_once(appointment):
    token = token_sent(appointment)

    answer = check_in_answer(token=token, pain_now=3, comment="  Better, thanks.  ")

    assert CheckIn.objects.values_list("appointment", "pain_now", "comment", "answered_at").get(
        pk=answer.pk
    ) == (appointment.pk, 3, "Better, thanks.", SENT + timedelta(hours=5))
    with pytest.raises(CheckInRefused) as refused:
        check_in_answer(token=token, pain_now=1, comment="")
    assert str(refused.value) == ANSWERED
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("age", "refused"),
    [
        pytest.param(timedelta(days=7) - timedelta(seconds=1), None, id="a-second-short-of-7-days"),
        pytest.param(timedelta(days=7), None, id="exactly-7-days"),
        pytest.param(timedelta(days=7, seconds=1), EXPIRED, id="past-7-days"),
        pytest.param(timedelta(days=30), EXPIRED, id="a-month"),
    ],
)
def test_link_expires_after_7_days(appointment, age, refused):
    token = token_sent(appointment)

    with time_machine.travel(SENT + age, tick=False):
        if refused is None:
            assert check_in_appointment(token) == appointment
        else:
            assert refusal(token) == refused


@time_machine.travel(SENT, tick=False)
def test_forged_token_refused(appointment):
    assert refusal("not-a-token") == NOT_VALID
    assert refusal(signing.dumps({"a": appointment.pk, "c": appointment.client_id})) == NOT_VALID
    other_salt = signing.dumps({"a": appointment.pk, "c": appointment.client_id}, salt="other")
    assert refusal(other_salt) == NOT_VALID
    other_key = signing.dumps(
        {"a": appointment.pk, "c": appointment.client_id}, key="x" * 50, salt=SALT
    )
    assert refusal(other_key) == NOT_VALID


@time_machine.travel(SENT, tick=False)
def test_tampered_token_refused(appointment):
    other = AppointmentFactory(start=SESSION - timedelta(days=7))
    token = check_in_token(appointment)
    payload, rest = token.split(":", 1)
    forged_payload = signing.b64_encode(f'{{"a":{other.pk},"c":{other.client_id}}}'.encode())

    assert refusal(f"{forged_payload.decode()}:{rest}") == NOT_VALID
    assert refusal(token[:-1] + ("A" if token[-1] != "A" else "B")) == NOT_VALID


@time_machine.travel(SENT, tick=False)
def test_token_is_bound_to_its_appointment_and_client(appointment):
    other = AppointmentFactory(start=SESSION - timedelta(days=7), client=ClientFactory())
    # Properly signed, but the appointment is not this client's: refused.
    mixed = signing.dumps({"a": other.pk, "c": appointment.client_id}, salt=SALT)
    token = check_in_token(appointment)

    assert refusal(mixed) == NOT_VALID
    check_in_answer(token=token, pain_now=2, comment="")
    # Answering one appointment's check-in does not answer, or use up, another's.
    assert refusal(token) == ANSWERED
    assert check_in_appointment(check_in_token(other)) == other
    assert list(CheckIn.objects.values_list("appointment", flat=True)) == [appointment.pk]


@time_machine.travel(SENT, tick=False)
def test_cancelled_appointments_link_refused(appointment):
    token = check_in_token(appointment)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()

    assert refusal(token) == NOT_VALID


@time_machine.travel(SENT, tick=False)
def test_link_of_a_session_moved_later_waits_for_it(appointment):
    token = check_in_token(appointment)
    appointment.start = SENT + timedelta(days=2)
    appointment.end = appointment.blocked_until = appointment.start + timedelta(hours=1)
    appointment.status = AppointmentStatus.BOOKED
    appointment.save()

    assert refusal(token) == "This session has not taken place yet: check in after it."
    with pytest.raises(CheckInRefused):
        check_in_answer(token=token, pain_now=2, comment="")
    assert CheckIn.objects.count() == 0
    with time_machine.travel(appointment.start, tick=False):
        assert check_in_appointment(token) == appointment


# The page


@time_machine.travel(SENT + timedelta(hours=1), tick=False)
def test_page_shows_the_form(client, appointment):
    response = client.get(check_in_url(token_sent(appointment)))

    assert response.status_code == 200
    assertContains(response, "A few days after your session of Mon 9 Mar 2026 with Dana Kim.")
    assertContains(response, 'name="pain_now"')
    assertContains(response, 'name="comment"')


@pytest.mark.parametrize("pain", [0, 4, 10])
@time_machine.travel(SENT + timedelta(hours=1), tick=False)
def test_page_records_the_answer_and_thanks(client, appointment, pain):
    response = client.post(
        check_in_url(token_sent(appointment)), {"pain_now": pain, "comment": "Less stiff."}
    )

    assert response.status_code == 200
    assertContains(response, THANKS)
    assert list(CheckIn.objects.values_list("appointment", "pain_now", "comment")) == [
        (appointment.pk, pain, "Less stiff.")
    ]


@pytest.mark.parametrize(
    ("pain", "error"),
    [
        pytest.param("-1", "Ensure this value is greater than or equal to 0.", id="negative"),
        pytest.param("11", "Ensure this value is less than or equal to 10.", id="over-10"),
        pytest.param("7.5", "Enter a whole number.", id="fraction"),
        pytest.param("a lot", "Enter a whole number.", id="words"),
        pytest.param("", "This field is required.", id="missing"),
    ],
)
@time_machine.travel(SENT + timedelta(hours=1), tick=False)
def test_page_refuses_a_bad_pain_score_with_400(client, appointment, pain, error):
    response = client.post(check_in_url(token_sent(appointment)), {"pain_now": pain})

    assert response.status_code == 400
    assert response.context["form"].errors == {"pain_now": [error]}
    assertContains(response, error, status_code=400)
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_page_answers_410_for_a_used_expired_or_forged_link(client, appointment, method):
    token = token_sent(appointment)
    used_appointment = AppointmentFactory(start=SESSION - timedelta(days=7))
    used = token_sent(used_appointment)
    with time_machine.travel(SENT, tick=False):
        check_in_answer(token=used, pain_now=2, comment="")

    cases = {}
    with time_machine.travel(SENT + timedelta(days=1), tick=False):
        cases[ANSWERED] = getattr(client, method)(check_in_url(used), {"pain_now": 1})
        cases[NOT_VALID] = getattr(client, method)(check_in_url(token + "x"), {"pain_now": 1})
    with time_machine.travel(SENT + timedelta(days=8), tick=False):
        cases[EXPIRED] = getattr(client, method)(check_in_url(token), {"pain_now": 1})

    for message, response in cases.items():
        assert response.status_code == 410
        assert response.context["refusal"] == message
        assertContains(response, message.replace("'", "&#x27;"), status_code=410)
    assert CheckIn.objects.count() == 1


# Where the answer shows


def test_answer_joins_the_clients_outcomes_as_a_checkin(appointment):
    signed_note(appointment=appointment, pain_before=6, pain_after=3)
    with time_machine.travel(SENT + timedelta(hours=5), tick=False):
        check_in_answer(token=token_sent(appointment), pain_now=2, comment="")

    assert client_outcomes(appointment.client_id) == [
        OutcomePoint(date(2026, 3, 9), "before", 6),
        OutcomePoint(date(2026, 3, 9), "after", 3),
        OutcomePoint(date(2026, 3, 12), "checkin", 2),
    ]


def test_answer_dated_by_the_clinics_day(appointment):
    # 23:30 in Toronto on 12 March is already 13 March in UTC.
    with time_machine.travel(datetime(2026, 3, 13, 3, 30, tzinfo=UTC), tick=False):
        check_in_answer(token=token_sent(appointment), pain_now=2, comment="")

    assert client_outcomes(appointment.client_id) == [OutcomePoint(date(2026, 3, 12), "checkin", 2)]


def test_answer_shows_on_the_record_pages_plot(client, appointment):
    signed_note(appointment=appointment, pain_before=6, pain_after=3)
    with time_machine.travel(SENT + timedelta(hours=5), tick=False):
        check_in_answer(token=token_sent(appointment), pain_now=2, comment="")
    client.force_login(appointment.client)

    response = client.get(reverse("my-record"))

    assert response.status_code == 200
    titles = re.findall(
        r'<g class="plot-point plot-checkin"[^>]*><title>([^<]*)</title>', response.content.decode()
    )
    assert titles == ["Check-in on Thu 12 Mar 2026: pain 2/10"]
