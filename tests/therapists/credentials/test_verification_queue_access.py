"""Who reaches the verification queue and the review pages: admins only, and visitors are
sent to sign in."""

import pytest

from tests.clock import frozen_at
from tests.therapists.conftest import signed_in
from therapists.credentials.models import CredentialStatus

from .verification import NOW, QUEUE, pending_licence, review

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


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
