"""The server-rendered pages: finding a therapist, booking, my appointments, the schedule."""

import re
from datetime import UTC, datetime, time

import pytest
import time_machine
from pytest_django.asserts import assertContains, assertNotContains
from rest_framework.authtoken.models import Token

from sessions.models import Appointment, AppointmentStatus
from sessions.services import SLOT_TAKEN
from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    TherapistFactory,
    bookable_therapist,
)
from therapists.credentials.models import CredentialStatus
from therapists.models import Modality

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def html(response) -> str:
    return response.content.decode()


def slot_times(response) -> list[tuple[str, str]]:
    """(value sent, time shown) of every slot button on a page."""
    return re.findall(
        r'<button type="submit" name="start" value="([^"]+)" class="btn btn-outline-primary slot">'
        r"([^<]+)</button>",
        html(response),
    )


def rows(response, list_id: str) -> list[int]:
    """Ids of the appointment rows in the <ul id=list_id> of a page."""
    section = re.search(
        rf'<ul class="list-group[^"]*" id="{list_id}">(.*?)</ul>', html(response), re.S
    )
    return [int(pk) for pk in re.findall(r'data-appointment="(\d+)"', section.group(1))]


frozen = frozen_at(NOW)


@pytest.fixture
def service():
    return ServiceFactory(name="Trigger point therapy", duration_minutes=60, price="110.00")


@pytest.fixture
def therapist(service):
    therapist = bookable_therapist(service, start=time(9), end=time(12))
    therapist.display_name = "Maya Lindqvist"
    therapist.modalities = [Modality.TRIGGER_POINT, Modality.PNF]
    therapist.save()
    return therapist


@pytest.fixture
def client_user():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def signed_in(client, client_user):
    client.force_login(client_user)
    return client


# Therapists


def test_therapist_list_shows_only_bookable_therapists_with_modalities(client, therapist):
    CredentialFactory(therapist__display_name="Liam Pending", status=CredentialStatus.PENDING)
    CredentialFactory(
        therapist__display_name="Hannah Expired",
        issued_on=datetime(2020, 1, 1).date(),
        expires_on=datetime(2026, 11, 30).date(),
    )
    TherapistFactory(display_name="Noah Unlicensed")

    response = client.get("/therapists/")

    assert response.status_code == 200
    assert re.findall(r'<a href="/therapists/(\d+)/">([^<]+)</a>', html(response)) == [
        (str(therapist.pk), "Maya Lindqvist")
    ]
    assert re.findall(r'<li class="list-inline-item[^"]*">([^<]+)</li>', html(response)) == [
        "Trigger point therapy",
        "PNF stretching",
    ]


def test_therapist_list_without_bookable_therapists_says_so(client):
    CredentialFactory(status=CredentialStatus.PENDING)

    response = client.get("/therapists/")

    assertContains(response, "No therapist can be booked at the moment.", count=1)


def test_therapist_page_lists_free_slots_of_the_chosen_day(client, service, therapist):
    AppointmentFactory(therapist=therapist, service=service, start=utc(2, 15))  # 10:00-11:00

    response = client.get(
        f"/therapists/{therapist.pk}/", {"service": service.pk, "date": "2026-12-02"}
    )

    assert response.status_code == 200
    assert slot_times(response) == [
        ("2026-12-02T14:00:00+00:00", "09:00"),
        ("2026-12-02T16:00:00+00:00", "11:00"),
    ]
    assertContains(response, "Free times on Wednesday 2 December 2026 (clinic time):", count=1)
    assertContains(response, '<form method="get" action="/appointments/new/" id="slot-form">')


def test_therapist_page_shows_today_after_the_minimum_notice_by_default(client, service):
    therapist = bookable_therapist(service, start=time(9), end=time(14))

    response = client.get(f"/therapists/{therapist.pk}/")

    assert [shown for _, shown in slot_times(response)] == [
        "12:00",
        "12:15",
        "12:30",
        "12:45",
        "13:00",
    ]
    assertContains(response, "Free times on Tuesday 1 December 2026 (clinic time):", count=1)


def test_therapist_page_for_a_day_without_free_times_says_so(client, service, therapist):
    response = client.get(
        f"/therapists/{therapist.pk}/", {"service": service.pk, "date": "2026-12-01"}
    )

    assert slot_times(response) == []
    assertContains(response, "No free times on this day. Try another day.", count=1)


def test_therapist_page_for_a_longer_service_fits_it_in_the_hours(client, therapist):
    ninety = ServiceFactory(name="Trigger point therapy", duration_minutes=90, buffer_minutes=15)
    therapist.services.add(ninety)

    response = client.get(
        f"/therapists/{therapist.pk}/", {"service": ninety.pk, "date": "2026-12-02"}
    )

    # 90 minutes and a 15-minute buffer: the last start is 10:15, to be done by 12:00.
    assert [shown for _, shown in slot_times(response)] == [
        "09:00",
        "09:15",
        "09:30",
        "09:45",
        "10:00",
        "10:15",
    ]


@pytest.mark.parametrize("date", ["2026-02-30", "next week", "9999-12-31"])
def test_therapist_page_with_a_bad_date_shows_today(client, service, therapist, date):
    response = client.get(f"/therapists/{therapist.pk}/", {"service": service.pk, "date": date})

    assert response.status_code == 200
    assertContains(response, "Free times on Tuesday 1 December 2026 (clinic time):", count=1)


def test_therapist_page_of_a_non_bookable_therapist_is_a_404(client, service):
    pending = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=pending, status=CredentialStatus.PENDING)

    response = client.get(f"/therapists/{pending.pk}/")

    assert response.status_code == 404


# Booking


def choice_query(therapist, service, start: str = "2026-12-02T15:00:00+00:00") -> dict:
    return {"therapist": therapist.pk, "service": service.pk, "start": start}


def test_confirm_page_shows_the_choice(signed_in, service, therapist):
    response = signed_in.get("/appointments/new/", choice_query(therapist, service))

    assert response.status_code == 200
    assert re.findall(r'<dd class="col-sm-8">([^<]+)</dd>', html(response)) == [
        "Maya Lindqvist",
        "Trigger point therapy (60 min) &middot; $110.00",
        "Wednesday 2 December 2026, 10:00",
    ]
    assertContains(response, '<input type="hidden" name="start" value="2026-12-02T15:00:00+00:00">')


def test_confirm_page_without_a_choice_offers_to_choose(signed_in):
    response = signed_in.get("/appointments/new/")

    assert response.status_code == 200
    assertContains(response, "Choose a therapist and a time", count=1)
    assertNotContains(response, "Book this session")


def test_booking_redirects_to_my_appointments_which_shows_it(signed_in, service, therapist):
    response = signed_in.post("/appointments/new/", choice_query(therapist, service), follow=True)

    appointment = Appointment.objects.get()
    assert response.redirect_chain == [("/appointments/", 302)]
    assert rows(response, "upcoming") == [appointment.pk]
    assert (appointment.start, appointment.end) == (utc(2, 15), utc(2, 16))
    assertContains(
        response,
        "Booked: Trigger point therapy (60 min) with Maya Lindqvist at 2026-12-02 10:00.",
        count=1,
    )
    assertContains(response, "Wed 2 Dec 2026, 10:00</strong>&ndash;11:00", count=1)


def test_booking_a_taken_slot_rerenders_with_the_error(signed_in, service, therapist):
    AppointmentFactory(therapist=therapist, service=service, start=utc(2, 15))

    response = signed_in.post(
        "/appointments/new/", choice_query(therapist, service, "2026-12-02T15:30:00+00:00")
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"start": [SLOT_TAKEN]}
    assertContains(response, f"<div>{SLOT_TAKEN}</div>", count=1, status_code=400)
    assert Appointment.objects.count() == 1


def test_booking_too_soon_rerenders_with_the_error(signed_in, service, therapist):
    response = signed_in.post(
        "/appointments/new/", choice_query(therapist, service, "2026-12-01T16:00:00+00:00")
    )

    assert response.status_code == 400
    assertContains(
        response,
        "<div>Sessions must be booked at least 2 hours ahead.</div>",
        count=1,
        status_code=400,
    )
    assert Appointment.objects.count() == 0


def test_booking_a_non_bookable_therapist_rerenders_with_the_error(signed_in, service):
    pending = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=pending, status=CredentialStatus.PENDING)

    response = signed_in.post("/appointments/new/", choice_query(pending, service))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "therapist": ["This therapist can't be booked for that date."]
    }
    assert Appointment.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "error"),
    [
        ("soon", "Enter a valid date/time."),
        ("9999-12-31T22:00:00-05:00", "Enter a valid date/time."),
        ("", "This field is required."),
    ],
)
def test_booking_with_a_malformed_time_is_a_400(signed_in, service, therapist, start, error):
    response = signed_in.post("/appointments/new/", choice_query(therapist, service, start))

    assert response.status_code == 400
    assert response.context["form"].errors == {"start": [error]}


# My appointments


def test_my_appointments_splits_upcoming_from_past_and_cancelled(signed_in, client_user, service):
    therapist = bookable_therapist(service)
    later = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(9, 15)
    )
    sooner = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )
    cancelled = AppointmentFactory(
        client=client_user,
        therapist=therapist,
        service=service,
        start=utc(4, 15),
        status=AppointmentStatus.CANCELLED,
        late_cancellation=True,
    )
    done = AppointmentFactory(
        client=client_user,
        therapist=therapist,
        service=service,
        start=datetime(2026, 11, 20, 15, tzinfo=UTC),
        status=AppointmentStatus.COMPLETED,
    )
    AppointmentFactory(therapist=therapist, service=service, start=utc(5, 15))  # someone else's

    response = signed_in.get("/appointments/")

    assert response.status_code == 200
    assert rows(response, "upcoming") == [sooner.pk, later.pk]
    assert rows(response, "past") == [cancelled.pk, done.pk]
    assertContains(response, "Cancelled, late</span>", count=1)


def test_my_appointments_when_empty_offers_to_book(signed_in):
    response = signed_in.get("/appointments/")

    assertContains(response, "Nothing booked.", count=1)
    assertContains(response, "None yet.", count=1)


# Cancel and reschedule


@pytest.fixture
def booked(client_user, service, therapist):
    return AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )


def test_cancel_page_shows_the_appointment(signed_in, booked):
    response = signed_in.get(f"/appointments/{booked.pk}/cancel/")

    assert response.status_code == 200
    assertContains(
        response,
        "<strong>Thursday 3 December 2026, 10:00</strong> &middot; "
        "Trigger point therapy (60 min) with Maya Lindqvist",
        count=1,
    )


def test_cancel_page_cancels_and_returns_to_my_appointments(signed_in, booked):
    response = signed_in.post(
        f"/appointments/{booked.pk}/cancel/", {"reason": "Feeling better"}, follow=True
    )

    booked.refresh_from_db()
    assert response.redirect_chain == [("/appointments/", 302)]
    assert (booked.status, booked.cancellation_reason) == ("cancelled", "Feeling better")
    assert (rows(response, "upcoming"), rows(response, "past")) == ([], [booked.pk])
    assertContains(response, "The appointment is cancelled.", count=1)


def test_cancel_page_for_a_started_session_shows_the_error(signed_in, booked):
    with time_machine.travel(utc(3, 15, 30), tick=False):
        response = signed_in.post(f"/appointments/{booked.pk}/cancel/", {"reason": ""})

    booked.refresh_from_db()
    assert response.status_code == 400
    assertContains(response, "This session has already started.", count=1, status_code=400)
    assert booked.status == AppointmentStatus.BOOKED


def test_cancel_page_for_a_cancelled_appointment_shows_the_error(signed_in, booked):
    booked.status = AppointmentStatus.CANCELLED
    booked.save()

    response = signed_in.post(f"/appointments/{booked.pk}/cancel/", {"reason": ""})

    assert response.status_code == 400
    assertContains(response, "This appointment is cancelled.", count=1, status_code=400)


def test_reschedule_page_lists_the_free_times_of_the_chosen_day(signed_in, service, booked):
    response = signed_in.get(
        f"/appointments/{booked.pk}/reschedule/", {"service": service.pk, "date": "2026-12-03"}
    )

    assert response.status_code == 200
    assert [shown for _, shown in slot_times(response)] == ["09:00", "11:00"]
    assertContains(
        response, f'<form method="post" action="/appointments/{booked.pk}/reschedule/"', count=1
    )


def test_reschedule_page_moves_the_appointment(signed_in, booked):
    response = signed_in.post(
        f"/appointments/{booked.pk}/reschedule/",
        {"start": "2026-12-03T16:00:00+00:00"},
        follow=True,
    )

    booked.refresh_from_db()
    assert response.redirect_chain == [("/appointments/", 302)]
    assert (booked.start, booked.end) == (utc(3, 16), utc(3, 17))
    assertContains(response, "The appointment is moved.", count=1)
    assertContains(response, "Thu 3 Dec 2026, 11:00</strong>&ndash;12:00", count=1)


def test_reschedule_page_onto_a_taken_time_shows_the_error(signed_in, service, therapist, booked):
    AppointmentFactory(therapist=therapist, service=service, start=utc(4, 15))

    response = signed_in.post(
        f"/appointments/{booked.pk}/reschedule/", {"start": "2026-12-04T15:00:00+00:00"}
    )

    booked.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {"__all__": [SLOT_TAKEN]}
    assertContains(response, f"<div>{SLOT_TAKEN}</div>", count=1, status_code=400)
    assert booked.start == utc(3, 15)


@pytest.mark.parametrize("start", ["later", "9999-12-31T22:00:00-05:00"])
def test_reschedule_page_with_a_malformed_time_shows_the_error(signed_in, booked, start):
    response = signed_in.post(f"/appointments/{booked.pk}/reschedule/", {"start": start})

    booked.refresh_from_db()
    assert response.status_code == 400
    assertContains(response, "<div>Enter a valid date/time.</div>", count=1, status_code=400)
    assert booked.start == utc(3, 15)


# The therapist's schedule


@pytest.fixture
def week(service, therapist):
    """The therapist's appointments around the week of Monday 30 November 2026."""
    return {
        "wednesday_late": AppointmentFactory(
            therapist=therapist, service=service, start=utc(2, 16)
        ),
        "wednesday_early": AppointmentFactory(
            therapist=therapist, service=service, start=utc(2, 14)
        ),
        "friday": AppointmentFactory(therapist=therapist, service=service, start=utc(4, 15)),
        "next_monday": AppointmentFactory(therapist=therapist, service=service, start=utc(7, 15)),
        "cancelled": AppointmentFactory(
            therapist=therapist,
            service=service,
            start=utc(2, 15),
            status=AppointmentStatus.CANCELLED,
        ),
        "someone_elses": AppointmentFactory(
            therapist=bookable_therapist(service), service=service, start=utc(2, 15)
        ),
    }


def test_schedule_day_shows_the_days_live_appointments(client, therapist, week):
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert response.status_code == 200
    assert rows(response, "schedule") == [week["wednesday_early"].pk, week["wednesday_late"].pk]
    assertContains(response, '<h1 class="h3 mb-0">Wednesday 2 December 2026</h1>', count=1)


def test_schedule_week_shows_monday_to_sunday(client, therapist, week):
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert response.status_code == 200
    assert rows(response, "schedule") == [
        week["wednesday_early"].pk,
        week["wednesday_late"].pk,
        week["friday"].pk,
    ]
    assert re.findall(r"list-group-item-secondary\">([^<]+)</li>", html(response)) == [
        "Wednesday 2 December",
        "Friday 4 December",
    ]
    assertContains(response, "Week of 30 November 2026", count=1)


def test_schedule_shows_today_by_default(client, therapist, service):
    today = AppointmentFactory(therapist=therapist, service=service, start=utc(1, 20))
    client.force_login(therapist.user)

    response = client.get("/schedule/")

    assert rows(response, "schedule") == [today.pk]
    assertContains(response, "Tuesday 1 December 2026", count=1)


@pytest.mark.parametrize("date", ["2026-02-30", "tomorrow", "9999-12-31", "0001-01-01"])
def test_schedule_with_a_malformed_date_shows_today_with_a_warning(client, therapist, date):
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": date, "view": "week"})

    assert response.status_code == 200
    assertContains(response, "Use a date like 2026-12-01. Showing today instead.", count=1)
    assertContains(response, "Tuesday 1 December 2026", count=1)


def test_schedule_with_an_unknown_view_shows_the_day(client, therapist):
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02", "view": "month"})

    assert response.status_code == 200
    assertContains(response, "Use a date like 2026-12-01. Showing today instead.", count=1)


# Constant query counts


def many_clients_booked(therapist, service, count: int) -> list[Appointment]:
    """`count` appointments with the therapist on Wednesday 2 December, each a new client."""
    return [
        AppointmentFactory(therapist=therapist, service=service, start=utc(2, 14 + hour))
        for hour in range(count)
    ]


@pytest.mark.parametrize("count", [1, 5])
def test_therapist_list_queries_do_not_grow(client, service, django_assert_num_queries, count):
    for _ in range(count):
        bookable_therapist(service)

    with django_assert_num_queries(2):  # the therapists, and the services to filter by
        response = client.get("/therapists/")

    assert len(response.context["therapists"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_my_appointments_queries_do_not_grow(
    signed_in, client_user, service, django_assert_num_queries, count
):
    therapist = bookable_therapist(service)
    for day in range(count):
        AppointmentFactory(
            client=client_user, therapist=therapist, service=service, start=utc(3 + day, 15)
        )
        AppointmentFactory(
            client=client_user,
            therapist=therapist,
            service=service,
            start=datetime(2026, 11, 20 + day, 15, tzinfo=UTC),
            status=AppointmentStatus.COMPLETED,
        )

    # session, user, upcoming, past, and the client's current intake
    with django_assert_num_queries(5):
        response = signed_in.get("/appointments/")

    assert (len(rows(response, "upcoming")), len(rows(response, "past"))) == (count, count)


@pytest.mark.parametrize("count", [1, 5])
def test_schedule_queries_do_not_grow(client, therapist, service, django_assert_num_queries, count):
    many_clients_booked(therapist, service, count)
    client.force_login(therapist.user)

    with django_assert_num_queries(6):  # with the session's second-factor device
        response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert len(rows(response, "schedule")) == count


@pytest.mark.parametrize("count", [1, 5])
def test_api_appointments_queries_do_not_grow(
    client, therapist, service, django_assert_num_queries, count
):
    many_clients_booked(therapist, service, count)
    token = Token.objects.create(user=therapist.user)

    with django_assert_num_queries(3):
        response = client.get("/api/v1/appointments/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 5])
def test_api_therapists_queries_do_not_grow(client, service, django_assert_num_queries, count):
    for _ in range(count):
        bookable_therapist(service)

    with django_assert_num_queries(2):
        response = client.get("/api/v1/therapists/")

    assert response.json()["count"] == count
