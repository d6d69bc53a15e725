"""Reviewing a pending credential: the document beside the fields, then verify (bookable
again) or reject with a reason, each recorded and told to the therapist."""

import pytest
from pytest_django.asserts import assertContains

from clinic.messaging.models import Message
from tests.clock import frozen_at
from tests.factories import InsuranceFactory, InsuredTherapistFactory
from tests.therapists.conftest import signed_in
from therapists.credentials.models import CredentialStatus
from therapists.models import Therapist

from .verification import NOW, QUEUE, pending_licence, review

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


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


def test_an_insured_therapist_needs_the_licence_verified_too(admin_user):
    therapist = InsuredTherapistFactory()
    InsuranceFactory(therapist=therapist, status=CredentialStatus.PENDING)

    assert list(Therapist.objects.bookable()) == []
