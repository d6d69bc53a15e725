"""/desk/book/: the desk books for a client, from a calendar cell or from a client's page."""

import pytest

from clinic.messaging.models import Message
from sessions.models import Appointment
from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, ServiceFactory
from tests.pages import html, http_as
from tests.sessions.booking import DAY, NOW

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)
START = at_clinic(DAY, 10)


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def ada():
    return ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")


def choice(therapist, service=None, client=None, start=START) -> dict:
    chosen = {"therapist": therapist.pk, "start": start.isoformat()}
    if client is not None:
        chosen["client"] = client.pk
    if service is not None:
        chosen["service"] = service.pk
    return chosen


def test_from_a_calendar_cell_the_page_shows_the_therapist_and_time(desk, therapist):
    therapist.display_name = "Dana Whitfield"
    therapist.save()

    response = http_as(desk).get("/desk/book/", choice(therapist))

    page = html(response)
    assert response.status_code == 200
    assert "Dana Whitfield" in page
    assert "Wed 2 Dec 2026, 10:00" in page


def test_a_search_lists_clients_as_links_that_keep_the_choice(desk, therapist, ada):
    response = http_as(desk).get("/desk/book/", {**choice(therapist), "q": "lov"})

    start = START.isoformat().replace(":", "%3A").replace("+", "%2B")
    assert f"?therapist={therapist.pk}&amp;start={start}&amp;client={ada.pk}" in html(response)


def test_the_services_offered_are_those_of_the_therapist(desk, therapist, service, ada):
    ServiceFactory(name="Not offered here")

    response = http_as(desk).get("/desk/book/", choice(therapist, client=ada))

    assert [s.name for s in response.context["services"]] == [service.name]


def test_booking_confirms_with_the_desk_as_booker_and_goes_to_the_calendar(
    desk, therapist, service, ada
):
    response = http_as(desk).post(
        "/desk/book/", {**choice(therapist, service, ada), "action": "book"}
    )

    booked = Appointment.objects.get()
    assert (response.status_code, response["Location"]) == (302, "/desk/?date=2026-12-02")
    assert (booked.client, booked.therapist, booked.start, booked.booked_by) == (
        ada,
        therapist,
        START,
        desk,
    )
    assert Message.objects.filter(kind="confirmation", recipient=ada).count() == 1


def test_a_taken_slot_is_a_409_with_the_choices_kept(desk, therapist, service, ada):
    AppointmentFactory(therapist=therapist, service=service, start=START)

    response = http_as(desk).post(
        "/desk/book/", {**choice(therapist, service, ada), "action": "book"}
    )

    page = html(response)
    assert response.status_code == 409
    assert "That time has just been taken. Please choose another slot." in page
    assert f'<input type="hidden" name="client" value="{ada.pk}">' in page
    assert Appointment.objects.count() == 1


def test_a_time_outside_the_hours_is_a_400(desk, therapist, service, ada):
    late = at_clinic(DAY, 20)

    response = http_as(desk).post(
        "/desk/book/", {**choice(therapist, service, ada, start=late), "action": "book"}
    )

    assert response.status_code == 400
    assert "That time is outside the therapist&#x27;s working hours." in html(response)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"client": "999999"}, "Unknown client."),
        ({"therapist": "x"}, "Unknown therapist."),
        ({"start": "soon"}, "Enter a valid date/time."),
        ({"start": "", "date": "9999-12-31", "time": "23:45"}, "within a year of today"),
        ({"start": "", "date": "2027-03-14", "time": "02:30"}, "The clock skips that time"),
    ],
)
def test_bad_input_is_a_400_with_a_message(desk, therapist, service, ada, bad, message):
    response = http_as(desk).post(
        "/desk/book/", {**choice(therapist, service, ada), **bad, "action": "book"}
    )

    assert response.status_code == 400
    assert message in html(response)
    assert Appointment.objects.count() == 0


def test_a_missing_client_is_asked_for(desk, therapist, service):
    response = http_as(desk).post("/desk/book/", {**choice(therapist, service), "action": "book"})

    assert response.status_code == 400
    assert "Choose the client." in html(response)


def test_a_new_client_made_inline_comes_back_chosen(desk, therapist):
    response = http_as(desk).post(
        "/desk/book/",
        {
            **choice(therapist),
            "action": "new-client",
            "new-first_name": "Grace",
            "new-last_name": "Hopper",
            "new-email": "grace@navy.example",
            "new-phone": "416 555 0100",
        },
    )

    grace = ClientFactory._meta.model.objects.get(email="grace@navy.example")
    assert response.status_code == 302
    assert response["Location"].endswith(f"&client={grace.pk}")
    assert str(grace.client_profile.phone) == "+14165550100"


def test_a_new_client_with_a_taken_email_stays_on_the_page(desk, therapist, ada):
    response = http_as(desk).post(
        "/desk/book/",
        {
            **choice(therapist),
            "action": "new-client",
            "new-first_name": "Ada",
            "new-last_name": "L",
            "new-email": "ada@example.org",
        },
    )

    assert response.status_code == 400
    assert "Another account already uses this email address." in html(response)


def test_from_a_clients_page_the_time_is_a_date_and_a_time(desk, therapist, service, ada):
    response = http_as(desk).post(
        "/desk/book/",
        {
            "client": ada.pk,
            "therapist": therapist.pk,
            "date": DAY.isoformat(),
            "time": "10:00",
            "service": service.pk,
            "action": "book",
        },
    )

    assert response.status_code == 302
    assert Appointment.objects.get().start == START


def test_only_the_desk_and_admins_book_here(ada, therapist):
    assert http_as(ada).get("/desk/book/").status_code == 403
    assert http_as(therapist.user).post("/desk/book/").status_code == 403


def test_from_a_clients_page_the_therapist_date_and_time_are_asked_for(desk, therapist, ada):
    response = http_as(desk).get("/desk/book/", {"client": ada.pk})

    page = html(response)
    assert response.status_code == 200
    assert 'name="therapist"' in page and 'type="date"' in page and 'type="time"' in page
    assert f'<input type="hidden" name="client" value="{ada.pk}">' in page


def test_the_review_offers_the_same_session_as_a_series(desk, therapist, service, ada):
    response = http_as(desk).get("/desk/book/", choice(therapist, service, ada))

    start = START.isoformat().replace(":", "%3A").replace("+", "%2B")
    series = f"/desk/series/new/?client={ada.pk}&amp;therapist={therapist.pk}"
    assert f'{series}&amp;service={service.pk}&amp;start={start}" id="as-series"' in html(response)


def test_before_the_client_is_chosen_no_series_is_offered(desk, therapist):
    response = http_as(desk).get("/desk/book/", choice(therapist))

    assert 'id="as-series"' not in html(response)
