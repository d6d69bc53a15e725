"""The admins' verification queue: pending credentials oldest first, a review page with the
document beside the fields, verify or reject with a reason, and the sessions to rescue."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from clinic.messaging.models import Message
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    CredentialFactory,
    InsuranceFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    bookable_therapist,
)
from tests.therapists.conftest import signed_in
from therapists.credentials.models import (
    Credential,
    CredentialEvent,
    CredentialEventLocked,
    CredentialStatus,
)
from therapists.credentials.services import (
    CredentialDecisionRefused,
    credential_reject,
    credential_update,
    credential_verify,
)
from therapists.models import Therapist

from .documents import png_upload

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
QUEUE = "/therapists/credentials/"


frozen = frozen_at(NOW)


def pending_licence(therapist, *, sent: datetime = NOW, **fields) -> Credential:
    credential = CredentialFactory(
        therapist=therapist, status=CredentialStatus.PENDING, submitted_at=sent, **fields
    )
    credential.document_type = "image/png"
    credential.document.save("scan.png", png_upload())
    return credential


def review(credential) -> str:
    return f"{QUEUE}{credential.pk}/"


# Access


@pytest.mark.parametrize(
    ("role", "queue", "page"),
    [("client", 403, 404), ("therapist", 403, 404), ("other therapist", 403, 404)],
)
def test_queue_and_review_are_for_admins_only(client, request, therapist, role, queue, page):
    credential = pending_licence(therapist)
    user = {
        "client": lambda: request.getfixturevalue("client_user"),
        "therapist": lambda: therapist.user,
        "other therapist": lambda: request.getfixturevalue("other_therapist").user,
    }[role]()
    signed_in(client, user)

    statuses = [
        client.get(QUEUE).status_code,
        client.get(review(credential)).status_code,
        client.post(review(credential) + "verify/").status_code,
        client.post(review(credential) + "reject/", {"reason": "No"}).status_code,
    ]

    assert statuses == [queue, page, page, page]
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.PENDING


def test_queue_sends_anonymous_visitors_to_sign_in(client, therapist):
    credential = pending_licence(therapist)

    for path in [QUEUE, review(credential)]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (
            302,
            f"/accounts/login/?next={path}",
        )


# The queue


def test_queue_lists_pending_credentials_oldest_first(
    client, admin_user, therapist, other_therapist
):
    newer = pending_licence(therapist, sent=NOW - timedelta(hours=1))
    older = pending_licence(other_therapist, sent=NOW - timedelta(days=2))
    CredentialFactory(therapist=therapist)  # verified: not in the queue

    response = signed_in(client, admin_user).get(QUEUE)

    assert response.status_code == 200
    assert list(response.context["pending"]) == [older, newer]
    assert re.findall(r'href="/therapists/credentials/(\d+)/"', response.content.decode()) == [
        str(older.pk),
        str(newer.pk),
    ]


def at_risk_starts(response) -> list[str]:
    """The sessions the queue lists as at risk, by their time as the table shows it."""
    page = response.content.decode()
    table = re.search(r'<table[^>]*id="sessions-at-risk".*?</table>', page, re.S).group()
    return re.findall(r"<tr>\s*<td>(\d{4}-\d\d-\d\d \d\d:\d\d) &middot;", table)


def listed(appointment) -> str:
    return f"{timezone.localtime(appointment.start):%Y-%m-%d %H:%M}"


@pytest.mark.parametrize("count", [1, 4])
def test_queue_queries_do_not_grow(client, admin_user, django_assert_num_queries, count):
    service = ServiceFactory()
    for _ in range(count):
        pending_licence(InsuredTherapistFactory())
        therapist = bookable_therapist(service, licence_expires=date(2026, 12, 10))
        AppointmentFactory(
            therapist=therapist,
            service=service,
            start=at_clinic(date(2026, 12, 20), 10),
            client=ClientProfileFactory(phone="+14165550142").user,
        )
    signed_in(client, admin_user)

    with django_assert_num_queries(5):  # session, user, device, pending, sessions at risk
        response = client.get(QUEUE)

    assert (len(response.context["pending"]), len(at_risk_starts(response))) == (count, count)


def test_queue_lists_sessions_after_a_required_credentials_expiry_with_the_clients_contact(
    client, admin_user
):
    service = ServiceFactory()
    therapist = bookable_therapist(service, licence_expires=date(2026, 12, 10))
    Therapist.objects.filter(pk=therapist.pk).update(display_name="Sofia Marchetti")
    ada = ClientProfileFactory(
        user=ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org"),
        phone="+14165550142",
    ).user
    before = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(date(2026, 12, 10), 10)
    )
    after = AppointmentFactory(
        therapist=therapist, client=ada, service=service, start=at_clinic(date(2026, 12, 11), 10)
    )
    uninsured = InsuredTherapistFactory()
    CredentialFactory(therapist=uninsured)
    uninsured.credentials.filter(kind="insurance").update(expires_on=date(2026, 12, 5))
    lapsed = AppointmentFactory(
        therapist=uninsured, service=service, start=at_clinic(date(2026, 12, 6), 9)
    )

    response = signed_in(client, admin_user).get(QUEUE)

    assert at_risk_starts(response) == [listed(lapsed), listed(after)]
    assert listed(before) not in at_risk_starts(response)
    row = re.search(r"<tr>\s*<td>2026-12-11 10:00.*?</tr>", response.content.decode(), re.S).group()
    assert re.findall(r"<td>([^<]*)</td>", row)[1:4] == [
        "Sofia Marchetti",
        "Licence ",
        "Ada Lovelace",
    ]
    assert 'href="mailto:ada@example.org"' in row
    assert "+14165550142" in row
    assert after.status == "booked"  # nothing is cancelled


def test_queue_lists_sessions_of_a_service_whose_certification_lapses(client, admin_user):
    service = ServiceFactory(required_certification="neural_reset")
    therapist = bookable_therapist(service)
    CredentialFactory(
        therapist=therapist,
        kind="certification",
        certification="neural_reset",
        expires_on=date(2026, 12, 3),
    )
    inside = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(date(2026, 12, 3), 10)
    )
    outside = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(date(2026, 12, 4), 10)
    )

    response = signed_in(client, admin_user).get(QUEUE)

    assert at_risk_starts(response) == [listed(outside)]  # not the one on the last valid day
    assert listed(inside) not in at_risk_starts(response)
    assertContains(response, "Neural reset therapy certification")


# Reviewing


def test_review_shows_the_fields_beside_the_document(client, admin_user, therapist):
    credential = pending_licence(therapist, number="RMT-10401")

    response = signed_in(client, admin_user).get(review(credential))

    assert response.status_code == 200
    assertContains(response, '<dd class="col-7">RMT-10401</dd>', html=False)
    assertContains(
        response,
        f'<img class="img-fluid border credential-document" id="credential-document" '
        f'src="/therapists/credentials/{credential.pk}/document/preview/"',
    )
    assert (
        client.get(f"/therapists/credentials/{credential.pk}/document/preview/").status_code == 200
    )


def test_verify_from_the_page_records_tells_and_makes_bookable(client, admin_user, therapist):
    credential = pending_licence(therapist)

    response = signed_in(client, admin_user).post(review(credential) + "verify/")

    credential.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, QUEUE)
    assert (credential.status, credential.decided_by, credential.decided_at) == (
        CredentialStatus.VERIFIED,
        admin_user,
        NOW,
    )
    assert list(Therapist.objects.bookable()) == [therapist]
    [event] = credential.events.all()
    assert (event.action, event.actor, event.at, event.reason) == ("verified", admin_user, NOW, "")
    [message] = Message.objects.filter(kind="cred_verified")
    assert (message.recipient, message.subject, message.due_at) == (
        therapist.user,
        credential,
        NOW,
    )


def test_reject_needs_a_reason(client, admin_user, therapist):
    credential = pending_licence(therapist)

    response = signed_in(client, admin_user).post(review(credential) + "reject/", {"reason": "  "})

    credential.refresh_from_db()
    assert response.status_code == 400
    assert response.context["reject_form"].errors == {"reason": ["This field is required."]}
    assert credential.status == CredentialStatus.PENDING
    assert credential.events.count() == 0


def test_reject_with_a_reason_records_it_and_tells_the_therapist(client, admin_user, therapist):
    credential = pending_licence(therapist)

    response = signed_in(client, admin_user).post(
        review(credential) + "reject/", {"reason": "The number is not on the register."}
    )

    credential.refresh_from_db()
    assert response.status_code == 302
    assert (credential.status, credential.rejection_reason) == (
        CredentialStatus.REJECTED,
        "The number is not on the register.",
    )
    assert list(credential.events.values_list("action", "actor", "reason")) == [
        ("rejected", admin_user.pk, "The number is not on the register.")
    ]
    assert Message.objects.get().kind == "cred_rejected"


# Self-verification


@pytest.fixture
def admin_therapist(admin_user):
    return InsuredTherapistFactory(user=admin_user)


def test_an_admin_cannot_verify_their_own_credential_from_the_page(
    client, admin_user, admin_therapist
):
    credential = pending_licence(admin_therapist)

    page = signed_in(client, admin_user).get(review(credential))
    response = client.post(review(credential) + "verify/")

    assertContains(page, "This is your own credential: another admin must decide on it.")
    assertNotContains(page, ">Verify</button>")
    assert response.status_code == 400
    assertContains(response, "Nobody can decide on their own credential.", status_code=400)
    credential.refresh_from_db()
    assert (credential.status, credential.events.count()) == (CredentialStatus.PENDING, 0)


def test_an_admin_cannot_reject_their_own_credential_from_the_page(
    client, admin_user, admin_therapist
):
    credential = pending_licence(admin_therapist)

    response = signed_in(client, admin_user).post(
        review(credential) + "reject/", {"reason": "Mine"}
    )

    assertContains(response, "Nobody can decide on their own credential.", status_code=400)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.PENDING


def test_the_service_refuses_self_verification(admin_user, admin_therapist):
    credential = pending_licence(admin_therapist)

    with pytest.raises(CredentialDecisionRefused) as caught:
        credential_verify(credential=credential, by=admin_user)

    assert str(caught.value) == "Nobody can decide on their own credential."
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.PENDING


# The history


def test_history_keeps_every_step_in_order_with_who_when_and_why(client, admin_user, therapist):
    credential = pending_licence(therapist, number="RMT-1")
    credential_reject(credential=credential, by=admin_user, reason="Blurred scan.")
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        credential_update(
            credential=credential, by=therapist.user, fields={}, document=png_upload()
        )
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        credential_verify(credential=credential, by=admin_user)

    events = credential.events.values_list("action", "actor", "at", "reason")
    assert list(events) == [
        ("rejected", admin_user.pk, NOW, "Blurred scan."),
        ("changed", therapist.user_id, NOW + timedelta(hours=1), "Changed: document."),
        ("verified", admin_user.pk, NOW + timedelta(hours=2), ""),
    ]
    page = signed_in(client, admin_user).get(review(credential))
    assert re.findall(
        r"<strong>([^<]+)</strong> &middot; ([A-Za-z ]+) by", page.content.decode()
    ) == [
        ("2026-12-01 10:00", "Rejected"),
        ("2026-12-01 11:00", "Changed and sent back to verification"),
        ("2026-12-01 12:00", "Verified"),
    ]


def test_an_event_cannot_be_changed_or_deleted(admin_user, therapist):
    credential = pending_licence(therapist)
    credential_verify(credential=credential, by=admin_user)
    event = credential.events.get()

    event.reason = "Edited afterwards"
    with pytest.raises(CredentialEventLocked):
        event.save()
    with pytest.raises(CredentialEventLocked):
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialEvent.objects.filter(pk=event.pk).update(reason="Edited in bulk")

    event.refresh_from_db()
    assert event.reason == ""


def test_events_are_read_only_in_the_django_admin(client, admin_user, therapist):
    credential = pending_licence(therapist)
    credential_verify(credential=credential, by=AdminFactory())
    event = credential.events.get()
    signed_in(client, admin_user)

    change = client.get(f"/admin/credentials/credentialevent/{event.pk}/change/")
    posted = client.post(f"/admin/credentials/credentialevent/{event.pk}/change/", {"reason": "x"})

    assert client.get("/admin/credentials/credentialevent/add/").status_code == 403
    assert client.get(f"/admin/credentials/credentialevent/{event.pk}/delete/").status_code == 403
    assert change.status_code == 200
    assert list(change.context["adminform"].form.fields) == []
    assert posted.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


def test_an_insured_therapist_needs_the_licence_verified_too(admin_user):
    therapist = InsuredTherapistFactory()
    InsuranceFactory(therapist=therapist, status=CredentialStatus.PENDING)

    assert list(Therapist.objects.bookable()) == []
