"""Alerts before a required credential expires: 60, 30 and 7 days before and on the day,
at 09:00 clinic time, to the therapist and every admin; each sent once, skipped if the
credential was renewed or changed meanwhile. And the decision's message."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.messaging.dispatch import claim_due, messages_send
from clinic.messaging.models import Message, MessageState
from tests.clock import at_clinic, frozen_at
from tests.factories import AdminFactory, CredentialFactory, InsuredTherapistFactory
from therapists.credentials.messages import plan_due_expiry_alerts, plan_expiry_alerts
from therapists.credentials.models import CredentialKind, CredentialStatus
from therapists.credentials.services import credential_reject, credential_update, credential_verify
from therapists.credentials.tasks import plan_credential_expiry_alerts

from .documents import png_upload

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)  # 10:00 in Toronto
EXPIRES = date(2027, 3, 1)


frozen = frozen_at(NOW)


@pytest.fixture
def therapist():
    return InsuredTherapistFactory(display_name="Sofia Marchetti", user__first_name="Sofia")


@pytest.fixture
def admins():
    return [AdminFactory(first_name="Ines"), AdminFactory(first_name="Omar")]


def pending(therapist, kind=CredentialKind.LICENCE, expires=EXPIRES, **fields):
    return CredentialFactory(
        therapist=therapist,
        kind=kind,
        status=CredentialStatus.PENDING,
        issued_on=date(2024, 3, 1),
        expires_on=expires,
        **fields,
    )


def alerts() -> list[tuple]:
    rows = Message.objects.filter(kind="cred_expiring").order_by("due_at", "recipient")
    return list(rows.values_list("due_at", "recipient", "send_by"))


def test_verifying_plans_the_four_alerts_for_the_therapist_and_each_admin(therapist, admins):
    credential = pending(therapist)

    credential_verify(credential=credential, by=admins[0])

    recipients = [therapist.user_id, admins[0].pk, admins[1].pk]
    end = at_clinic(date(2027, 3, 2), 0)
    expected = []
    for day in [date(2026, 12, 31), date(2027, 1, 30), date(2027, 2, 22), EXPIRES]:
        due = at_clinic(day, 9)
        expected += [(due, pk, min(due + timedelta(days=1), end)) for pk in sorted(recipients)]
    assert alerts() == expected
    assert set(Message.objects.filter(kind="cred_expiring").values_list("day", flat=True)) == {
        EXPIRES
    }


def test_alerts_already_past_are_not_planned(therapist, admins):
    credential = pending(therapist, expires=date(2026, 12, 20))

    credential_verify(credential=credential, by=admins[0])

    assert sorted({due for due, _, _ in alerts()}) == [
        at_clinic(date(2026, 12, 13), 9),
        at_clinic(date(2026, 12, 20), 9),
    ]


def test_certifications_and_first_aid_get_no_alerts(therapist, admins):
    certification = pending(
        therapist, kind=CredentialKind.CERTIFICATION, certification="trigger_point"
    )
    first_aid = pending(therapist, kind=CredentialKind.FIRST_AID)

    credential_verify(credential=certification, by=admins[0])
    credential_verify(credential=first_aid, by=admins[0])

    assert alerts() == []


def test_planning_again_adds_nothing(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])
    first = alerts()

    added = plan_due_expiry_alerts(now=NOW + timedelta(days=40))

    assert (added, alerts()) == (0, first)


def test_planning_takes_as_many_queries_with_five_admins_as_with_two(therapist, admins):
    def plan_for_a_new_licence() -> tuple[int, int]:
        credential = CredentialFactory(
            therapist=therapist, issued_on=date(2024, 1, 1), expires_on=EXPIRES
        )
        with CaptureQueriesContext(connection) as queries:
            planned = plan_expiry_alerts(credential, now=NOW)
        return planned, len(queries)

    planned_for_three, queries_for_three = plan_for_a_new_licence()
    AdminFactory.create_batch(3)
    planned_for_six, queries_for_six = plan_for_a_new_licence()

    assert (planned_for_three, planned_for_six) == (4 * 3, 4 * 6)
    assert queries_for_six == queries_for_three


def test_the_beat_task_plans_alerts_for_credentials_verified_before_and_new_admins(therapist):
    CredentialFactory(therapist=therapist, issued_on=date(2024, 1, 1), expires_on=date(2027, 1, 20))
    CredentialFactory(therapist=therapist, issued_on=date(2024, 1, 1), expires_on=date(2028, 1, 1))
    admin = AdminFactory()

    created = plan_credential_expiry_alerts()

    stages = [date(2026, 12, 21), date(2027, 1, 13), date(2027, 1, 20)]  # 60 days is past
    assert created == 6
    assert alerts() == [
        (
            at_clinic(day, 9),
            pk,
            min(at_clinic(day, 9) + timedelta(days=1), at_clinic(date(2027, 1, 21), 0)),
        )
        for day in stages
        for pk in sorted([therapist.user_id, admin.pk])
    ]
    assert plan_credential_expiry_alerts() == 0


def send_due(now: datetime) -> list[str]:
    with time_machine.travel(now, tick=False):
        outcomes = messages_send(message_ids=claim_due(now=now))
    return [outcome.state for outcome in outcomes]


def test_each_alert_goes_once_when_due_with_the_days_left(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[1])
    mail.outbox.clear()

    # Nothing ran for weeks: the decision's message and the 60- and 30-day alerts are stale.
    stale = send_due(at_clinic(date(2027, 2, 22), 8))
    on_time = send_due(at_clinic(date(2027, 2, 22), 9))
    again = send_due(at_clinic(date(2027, 2, 22), 10))

    assert stale == ["skipped"] * 7
    assert on_time == ["sent"] * 3
    assert again == []
    subjects = sorted((email.to[0], email.subject) for email in mail.outbox)
    assert subjects == sorted(
        [
            (therapist.user.email, "Your licence expires in 7 days"),
            (admins[0].email, "Sofia Marchetti's licence expires in 7 days"),
            (admins[1].email, "Sofia Marchetti's licence expires in 7 days"),
        ]
    )
    own = next(email for email in mail.outbox if email.to == [therapist.user.email])
    assert "expires in 7 days, on Mon 1 Mar 2027." in own.body
    assert "/therapists/me/" in own.body


def test_the_day_of_alert_says_today(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])
    Message.objects.exclude(due_at=at_clinic(EXPIRES, 9)).update(state=MessageState.SENT)
    mail.outbox.clear()

    send_due(at_clinic(EXPIRES, 9))

    assert sorted(email.subject for email in mail.outbox) == sorted(
        ["Your licence expires today"] + ["Sofia Marchetti's licence expires today"] * 2
    )


def test_an_alert_of_a_credential_renewed_meanwhile_is_skipped(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])
    renewal = pending(therapist, expires=date(2030, 3, 1))
    renewal.issued_on = date(2027, 2, 1)
    renewal.save()
    credential_verify(credential=renewal, by=admins[0])
    due_for_the_renewal = Message.objects.about(credential).filter(
        due_at=at_clinic(date(2027, 2, 22), 9)
    )
    Message.objects.exclude(pk__in=due_for_the_renewal).update(state=MessageState.SENT)
    mail.outbox.clear()

    send_due(at_clinic(date(2027, 2, 22), 9))

    skipped = Message.objects.filter(state=MessageState.SKIPPED).values_list(
        "skip_reason", flat=True
    )
    assert list(skipped) == ["The credential was renewed."] * 3
    assert mail.outbox == []


def test_changing_a_credential_skips_its_unsent_alerts(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])

    credential_update(credential=credential, by=therapist.user, fields={}, document=png_upload())

    states = set(Message.objects.filter(kind="cred_expiring").values_list("state", "skip_reason"))
    assert states == {(MessageState.SKIPPED, "The credential was renewed or changed.")}


def test_an_alert_whose_expiry_changed_before_sending_is_skipped(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])
    type(credential).objects.filter(pk=credential.pk).update(expires_on=date(2028, 3, 1))
    Message.objects.filter(kind="cred_verified").update(state=MessageState.SENT)

    assert send_due(at_clinic(date(2026, 12, 31), 9)) == ["skipped"] * 3
    assert set(
        Message.objects.filter(kind="cred_expiring", state="skipped").values_list(
            "skip_reason", flat=True
        )
    ) == {"The credential was renewed or changed."}


# The decision's message


def test_the_therapist_is_told_of_a_verification(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])

    states = send_due(NOW)

    assert states == ["sent"]
    [email] = mail.outbox
    assert (email.to, email.subject) == ([therapist.user.email], "Your licence is verified")
    assert "valid until Mon 1 Mar 2027" in email.body


def test_the_therapist_is_told_of_a_rejection_with_its_reason(therapist, admins):
    credential = pending(therapist)
    credential_reject(credential=credential, by=admins[0], reason="The scan is unreadable.")

    send_due(NOW)

    [email] = mail.outbox
    assert email.subject == "Your licence could not be verified"
    assert "The reason: The scan is unreadable." in email.body


def test_a_decision_overturned_before_sending_is_not_sent(therapist, admins):
    credential = pending(therapist)
    credential_verify(credential=credential, by=admins[0])
    credential_reject(credential=credential, by=admins[1], reason="Wrong person.")

    send_due(NOW)

    assert [email.subject for email in mail.outbox] == ["Your licence could not be verified"]
    assert (
        Message.objects.get(kind="cred_verified").skip_reason == "The decision has changed since."
    )
