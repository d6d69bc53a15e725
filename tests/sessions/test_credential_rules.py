"""Bookable only with every required credential (licence and liability insurance) verified
and valid on the slot's date; a service needing a certification only with it too."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from rest_framework.test import APIClient

from clinic.catalogue.models import Service
from clinic.clock import clinic_zone
from sessions.availability import available_slots
from sessions.services import BookingRefused, appointment_book
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    ClientFactory,
    CredentialFactory,
    InsuranceFactory,
    ServiceFactory,
    TherapistFactory,
    WorkingHoursFactory,
    bookable_therapist,
)
from therapists.credentials.models import CredentialKind, CredentialStatus
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto
TODAY = date(2026, 12, 1)
NOT_BOOKABLE = "This therapist can't be booked for that date."
NOT_CERTIFIED = "This therapist isn't certified for that service on that date."


frozen = frozen_at(NOW)


def therapist_holding(service: Service, *credentials: dict) -> Therapist:
    """Working 09:00-17:00 every day, holding exactly the given credentials."""
    therapist = TherapistFactory(services=[service])
    for weekday in range(7):
        WorkingHoursFactory(therapist=therapist, weekday=weekday, start=time(9), end=time(17))
    for credential in credentials:
        CredentialFactory(therapist=therapist, **credential)
    return therapist


LICENCE = {"kind": CredentialKind.LICENCE, "issued_on": date(2020, 1, 1)}
INSURANCE = {"kind": CredentialKind.INSURANCE, "issued_on": date(2020, 1, 1)}


def local_days(slots) -> list[date]:
    return sorted({slot.start.astimezone(clinic_zone()).date() for slot in slots})


def offered(service, therapist, first=date(2026, 12, 2), days=7) -> list[date]:
    slots = available_slots(
        service=service, therapist_ids=[therapist.pk], first_day=first, days=days, now=NOW
    )
    return local_days(slots)


def book(therapist, service, day: date):
    return appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=at_clinic(day, 10)
    )


def refusal(therapist, service, day: date) -> tuple[str, str]:
    with pytest.raises(BookingRefused) as caught:
        book(therapist, service, day)
    return caught.value.field, caught.value.message


WEEK = [date(2026, 12, d) for d in range(2, 9)]


@pytest.mark.parametrize(
    ("credentials", "days"),
    [
        pytest.param([LICENCE, INSURANCE], WEEK, id="licence-and-insurance"),
        pytest.param([LICENCE], [], id="no-insurance"),
        pytest.param([INSURANCE], [], id="no-licence"),
        pytest.param(
            [LICENCE, {**INSURANCE, "status": CredentialStatus.PENDING}], [], id="insurance-pending"
        ),
        pytest.param(
            [LICENCE, {**INSURANCE, "status": CredentialStatus.REJECTED}],
            [],
            id="insurance-rejected",
        ),
        pytest.param(
            [{**LICENCE, "expires_on": date(2026, 12, 4)}, INSURANCE],
            WEEK[:3],
            id="licence-expires-on-the-4th",
        ),
        pytest.param(
            [LICENCE, {**INSURANCE, "expires_on": date(2026, 12, 5)}],
            WEEK[:4],
            id="insurance-expires-on-the-5th",
        ),
        pytest.param(
            [{**LICENCE, "issued_on": date(2026, 12, 6)}, INSURANCE],
            WEEK[4:],
            id="licence-starts-on-the-6th",
        ),
        pytest.param(
            [
                {**LICENCE, "expires_on": date(2026, 12, 4)},
                {**LICENCE, "issued_on": date(2026, 12, 5), "status": CredentialStatus.PENDING},
                INSURANCE,
            ],
            WEEK[:3],
            id="renewal-still-pending",
        ),
    ],
)
def test_slots_are_offered_only_on_days_every_required_credential_covers(credentials, days):
    service = ServiceFactory(duration_minutes=60)
    therapist = therapist_holding(service, *credentials)

    assert offered(service, therapist) == days


def test_a_slot_after_the_expiry_is_refused_though_today_is_before_it():
    service = ServiceFactory(duration_minutes=60)
    therapist = therapist_holding(service, LICENCE, {**INSURANCE, "expires_on": date(2026, 12, 4)})

    assert book(therapist, service, date(2026, 12, 4)).therapist == therapist
    assert refusal(therapist, service, date(2026, 12, 5)) == ("therapist", NOT_BOOKABLE)
    assert list(Therapist.objects.bookable()) == [therapist]  # today it still is


def test_expiry_stops_the_offer_at_once_computed_from_dates():
    service = ServiceFactory(duration_minutes=60)
    therapist = therapist_holding(service, {**LICENCE, "expires_on": date(2026, 12, 1)}, INSURANCE)

    before = list(Therapist.objects.bookable())
    with time_machine.travel(datetime(2026, 12, 2, 5, 1, tzinfo=UTC), tick=False):  # 00:01
        after = list(Therapist.objects.bookable())

    assert (before, after) == ([therapist], [])


def test_bookable_needs_an_active_account_a_licence_and_insurance():
    service = ServiceFactory()
    full = bookable_therapist(service)
    licence_only = TherapistFactory()
    CredentialFactory(therapist=licence_only)
    insurance_only = TherapistFactory()
    InsuranceFactory(therapist=insurance_only)

    assert list(Therapist.objects.bookable()) == [full]
    assert list(Therapist.objects.bookable(on=date(2100, 1, 1))) == []


# Service scope


@pytest.fixture
def neural_reset() -> Service:
    return ServiceFactory(name="Neural reset therapy", required_certification="neural_reset")


def certified(service: Service, **certification) -> Therapist:
    therapist = bookable_therapist(service)
    CredentialFactory(
        therapist=therapist,
        kind=CredentialKind.CERTIFICATION,
        certification=certification.pop("name", "neural_reset"),
        issued_on=date(2020, 1, 1),
        **certification,
    )
    return therapist


@pytest.mark.parametrize(
    ("certification", "days"),
    [
        pytest.param({}, WEEK, id="certified"),
        pytest.param({"name": "trigger_point"}, [], id="another-certification"),
        pytest.param({"status": CredentialStatus.PENDING}, [], id="pending"),
        pytest.param({"expires_on": date(2026, 12, 3)}, WEEK[:2], id="expires-on-the-3rd"),
    ],
)
def test_a_service_needing_a_certification_is_offered_only_while_it_is_held(
    neural_reset, certification, days
):
    therapist = certified(neural_reset, **certification)

    assert offered(neural_reset, therapist) == days


def test_a_service_without_a_requirement_needs_no_certification():
    service = ServiceFactory()
    therapist = bookable_therapist(service)

    assert offered(service, therapist) == WEEK


def test_booking_a_service_needing_a_certification_follows_it(neural_reset):
    therapist = certified(neural_reset, expires_on=date(2026, 12, 3))

    assert book(therapist, neural_reset, date(2026, 12, 3)).service == neural_reset
    assert refusal(therapist, neural_reset, date(2026, 12, 4)) == ("service", NOT_CERTIFIED)


def test_booking_without_the_certification_is_refused(neural_reset):
    therapist = bookable_therapist(neural_reset)

    assert refusal(therapist, neural_reset, date(2026, 12, 3)) == ("service", NOT_CERTIFIED)


def test_availability_queries_stay_constant_with_certifications(
    neural_reset, django_assert_num_queries
):
    therapists = [certified(neural_reset) for _ in range(3)] + [bookable_therapist(neural_reset)]

    with django_assert_num_queries(4):
        slots = available_slots(
            service=neural_reset,
            therapist_ids=[t.pk for t in therapists],
            first_day=date(2026, 12, 2),
            days=7,
            now=NOW,
        )

    assert {slot.therapist_id for slot in slots} == {t.pk for t in therapists[:3]}


def test_therapist_list_filters_by_service_and_its_certification(client, neural_reset):
    plain = ServiceFactory()
    holder = certified(neural_reset)
    Therapist.objects.filter(pk=holder.pk).update(display_name="Holder")
    lacking = bookable_therapist(neural_reset, plain)
    Therapist.objects.filter(pk=lacking.pk).update(display_name="Lacking")

    everyone = client.get("/therapists/").context["therapists"]
    for_neural_reset = client.get("/therapists/", {"service": neural_reset.pk}).context[
        "therapists"
    ]
    for_plain = client.get("/therapists/", {"service": plain.pk}).context["therapists"]

    assert [t.display_name for t in everyone] == ["Holder", "Lacking"]
    assert [t.display_name for t in for_neural_reset] == ["Holder"]
    assert [t.display_name for t in for_plain] == ["Lacking"]


def test_api_therapists_filter_by_service(neural_reset):
    holder = certified(neural_reset)
    bookable_therapist(neural_reset)

    response = APIClient().get("/api/v1/therapists/", {"service": neural_reset.pk})
    unknown = APIClient().get("/api/v1/therapists/", {"service": 999999})

    assert [row["id"] for row in response.json()["results"]] == [holder.pk]
    assert (unknown.status_code, unknown.json()) == (400, {"service": ["Unknown service."]})


def test_api_availability_follows_the_certification(neural_reset):
    holder = certified(neural_reset)
    bookable_therapist(neural_reset)

    response = APIClient().get(
        "/api/v1/availability/", {"service": neural_reset.pk, "start": "2026-12-02"}
    )

    assert {slot["therapist"] for slot in response.json()["slots"]} == {holder.pk}


def test_therapist_page_offers_only_the_services_held_today(client, neural_reset):
    plain = ServiceFactory(name="Trigger point therapy")
    therapist = bookable_therapist(neural_reset, plain)

    response = client.get(f"/therapists/{therapist.pk}/")

    assert list(response.context["picker"].fields["service"].queryset) == [plain]
