"""The services and the bookable therapists the API lists to anyone."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.factories import CredentialFactory, ServiceFactory, TherapistFactory, bookable_therapist
from tests.sessions.web import SERVICES_URL, THERAPISTS_URL, frozen
from therapists.credentials.models import CredentialStatus
from therapists.models import Modality

pytestmark = pytest.mark.django_db


def test_services_lists_active_services_with_their_price_and_tax():
    thirty = ServiceFactory(name="Trigger point therapy", duration_minutes=30, price="60.00")
    ninety = ServiceFactory(
        name="Trigger point therapy", duration_minutes=90, price="99.99", tax_rate="13.00"
    )
    ServiceFactory(name="Retired", duration_minutes=45, active=False)

    response = APIClient().get(SERVICES_URL)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": thirty.pk,
            "name": "Trigger point therapy",
            "duration_minutes": 30,
            "price": "60.00",
            "tax_rate": "0.00",
            "price_with_tax": "60.00",
        },
        {
            "id": ninety.pk,
            "name": "Trigger point therapy",
            "duration_minutes": 90,
            "price": "99.99",
            "tax_rate": "13.00",
            "price_with_tax": "112.99",  # 12.9987 tax rounds as an invoice rounds it
        },
    ]


@frozen
def test_therapists_lists_only_bookable_therapists_with_modalities(service):
    bookable = bookable_therapist(service)
    bookable.display_name = "Maya Lindqvist"
    bookable.modalities = [Modality.TRIGGER_POINT, Modality.PNF]
    bookable.save()
    CredentialFactory(therapist__display_name="Pending", status=CredentialStatus.PENDING)
    CredentialFactory(therapist__display_name="Rejected", status=CredentialStatus.REJECTED)
    CredentialFactory(
        therapist__display_name="Expired",
        issued_on=date(2020, 1, 1),
        expires_on=date(2026, 11, 30),
    )
    TherapistFactory(display_name="Unlicensed")
    inactive = bookable_therapist(service)
    inactive.user.is_active = False
    inactive.user.save()

    response = APIClient().get(THERAPISTS_URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": bookable.pk,
                "name": "Maya Lindqvist",
                "modalities": ["Trigger point therapy", "PNF stretching"],
            }
        ],
    }
