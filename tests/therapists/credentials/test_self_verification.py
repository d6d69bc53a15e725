"""Nobody decides on their own credential: an admin who is also a therapist cannot verify or
reject it, on the page or through the service."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.clock import frozen_at
from tests.factories import InsuredTherapistFactory
from tests.therapists.conftest import signed_in
from therapists.credentials.models import CredentialStatus
from therapists.credentials.services import CredentialDecisionRefused, credential_verify

from .verification import NOW, pending_licence, review

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


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
