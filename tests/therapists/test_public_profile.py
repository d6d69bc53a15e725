"""What clients see of credentials: "Licence verified" with the issuer and the date of the
last verification, verified certifications; never the number or the document."""

from datetime import UTC, date, datetime

import pytest
from rest_framework.test import APIClient

from tests.clock import frozen_at
from tests.factories import AdminFactory, CredentialFactory, ServiceFactory, bookable_therapist
from therapists.credentials.models import CredentialKind, CredentialStatus
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
VERIFIED_AT = datetime(2026, 6, 3, 14, 30, tzinfo=UTC)


frozen = frozen_at(NOW)


@pytest.fixture
def therapist():
    """Maya: a verified licence and insurance, a verified certification, a pending one,
    a rejected one and an expired one."""
    therapist = bookable_therapist(ServiceFactory())
    Therapist.objects.filter(pk=therapist.pk).update(display_name="Maya Lindqvist", bio="Hello.")
    therapist.refresh_from_db()
    admin = AdminFactory()
    therapist.credentials.update(decided_by=admin, decided_at=VERIFIED_AT)
    therapist.credentials.filter(kind=CredentialKind.LICENCE).update(number="RMT-98765")

    def certification(name, **fields):
        CredentialFactory(
            therapist=therapist,
            kind=CredentialKind.CERTIFICATION,
            certification=name,
            issuing_authority="Myofascial Pain Institute",
            number=f"CERT-{name}",
            decided_by=admin,
            decided_at=VERIFIED_AT,
            **{"issued_on": date(2024, 1, 1), "expires_on": date(2028, 1, 1), **fields},
        )

    certification("trigger_point")
    certification("neuromuscular", status=CredentialStatus.PENDING)
    certification("myofascial_release", status=CredentialStatus.REJECTED)
    certification("neural_reset", issued_on=date(2020, 1, 1), expires_on=date(2026, 11, 30))
    return therapist


def test_public_page_shows_licence_verified_issuer_date_and_verified_certifications(
    client, therapist
):
    response = client.get(f"/therapists/{therapist.pk}/")

    html = response.content.decode()
    items = [
        " ".join(item.split())
        for item in html.split('<ul class="list-unstyled" id="public-credentials">')[1]
        .split("</ul>")[0]
        .split("<li")[1:]
    ]
    assert items == [
        'class="mb-1"><strong>Licence verified</strong> &middot; College of Massage Therapists '
        "of Ontario, last verified on Wed 3 Jun 2026</li>",
        'class="mb-1"><strong>Trigger point therapy</strong> verified &middot; Myofascial Pain '
        "Institute, last verified on Wed 3 Jun 2026</li>",
        'class="mb-1"><strong>Liability insurance</strong> verified &middot; Healthcare Mutual '
        "Insurance, last verified on Wed 3 Jun 2026</li>",
    ]
    assert "RMT-98765" not in html and "98765" not in html
    assert "/document/" not in html
    assert "Neuromuscular" not in html and "Neural reset" not in html


def test_api_profile_lists_verified_credentials_only_without_number_or_document(therapist):
    response = APIClient().get(f"/api/v1/therapists/{therapist.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": therapist.pk,
        "name": "Maya Lindqvist",
        "bio": "Hello.",
        "years_of_practice": 5,
        "modalities": ["Trigger point therapy"],
        "credentials": [
            {
                "kind": "certification",
                "name": "Trigger point therapy",
                "issuer": "Myofascial Pain Institute",
                "status": "verified",
                "verified_at": "2026-06-03T10:30:00-04:00",
                "expires": "2028-01-01",
            },
            {
                "kind": "insurance",
                "name": "Liability insurance",
                "issuer": "Healthcare Mutual Insurance",
                "status": "verified",
                "verified_at": "2026-06-03T10:30:00-04:00",
                "expires": "2099-12-31",
            },
            {
                "kind": "licence",
                "name": "Licence",
                "issuer": "College of Massage Therapists of Ontario",
                "status": "verified",
                "verified_at": "2026-06-03T10:30:00-04:00",
                "expires": "2099-12-31",
            },
        ],
    }


def test_api_profile_of_an_unknown_or_unbookable_therapist_is_a_json_404(therapist):
    unbookable = CredentialFactory(status=CredentialStatus.PENDING).therapist

    for pk in [therapist.pk + 1000, unbookable.pk]:
        response = APIClient().get(f"/api/v1/therapists/{pk}/")
        assert (response.status_code, response["Content-Type"]) == (404, "application/json")
        assert response.json() == {"detail": "No Therapist matches the given query."}


@pytest.mark.parametrize("certifications", [0, 5])
def test_api_profile_queries_do_not_grow(therapist, django_assert_num_queries, certifications):
    for index in range(certifications):
        CredentialFactory(therapist=therapist, kind=CredentialKind.FIRST_AID, number=f"FA-{index}")

    with django_assert_num_queries(2):
        response = APIClient().get(f"/api/v1/therapists/{therapist.pk}/")

    assert len(response.json()["credentials"]) == 3 + certifications


def test_schema_describes_the_profile_and_its_credentials():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    credential = schema["components"]["schemas"]["PublicCredential"]["properties"]
    assert sorted(credential) == ["expires", "issuer", "kind", "name", "status", "verified_at"]
    assert "/api/v1/therapists/{id}/" in schema["paths"]
