"""The admins' search of the audit trail: by client, user, dates and action, newest first,
in the clinic's time zone, a page at a time."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from tests.clinic.web.test_no_inline_code import INLINE_SCRIPT, INLINE_STYLE
from tests.factories import AdminFactory, ClientFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/audit/"
# 23:30 on Tuesday 1 December 2026 in Toronto (UTC-5) is already the 2nd in UTC.
LATE_EVENING = datetime(2026, 12, 2, 4, 30, tzinfo=UTC)


def event(*, actor, subject, at=LATE_EVENING, action=AuditEvent.Action.READ) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        record_type="intake.Intake",
        record_id="1",
        subject=subject,
        at=at,
        ip="203.0.113.9",
    )


def as_user(user) -> Client:
    http = Client()
    http.force_login(user)
    return http


@pytest.fixture
def admin():
    return UserFactory(role=Role.ADMIN, email="office@clinic.example")


@pytest.fixture
def people():
    return {
        "ava": ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org"),
        "ben": ClientFactory(first_name="Ben", last_name="Okafor", email="ben@example.org"),
        "tess": TherapistFactory(
            user__first_name="Tess", user__last_name="Ng", user__email="tess@example.org"
        ).user,
        "raj": TherapistFactory(
            user__first_name="Raj", user__last_name="Patel", user__email="raj@example.org"
        ).user,
    }


def shown_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-event="(\d+)"', response.content.decode())]


def test_anonymous_is_sent_to_sign_in():
    response = Client().get(URL)

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/audit/")


@pytest.mark.parametrize("role", [Role.CLIENT, Role.THERAPIST])
def test_clients_and_therapists_are_refused(role):
    response = as_user(UserFactory(role=role, is_staff=True)).get(URL)

    assert response.status_code == 403


@pytest.mark.parametrize("user", ["clinic admin", "superuser"])
def test_admins_and_superusers_may_search(user):
    person = {
        "clinic admin": lambda: UserFactory(role=Role.ADMIN),
        "superuser": lambda: AdminFactory(role=Role.CLIENT),
    }[user]()

    assert as_user(person).get(URL).status_code == 200


def test_newest_first_in_the_clinics_time_zone(admin, people):
    older = event(actor=people["tess"], subject=people["ava"], at=LATE_EVENING - timedelta(days=1))
    newer = event(actor=people["tess"], subject=people["ava"])

    response = as_user(admin).get(URL)

    assert shown_ids(response) == [newer.pk, older.pk]
    assert "Tue 1 Dec 2026, 23:30" in response.content.decode()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"client": "ava@example"}, ["tess-ava", "raj-ava-sign"]),
        ({"client": "ben okafor"}, ["tess-ben"]),
        ({"client": "BEN"}, ["tess-ben"]),
        ({"user": "raj"}, ["raj-ava-sign"]),
        ({"user": "tess@example.org", "client": "chen"}, ["tess-ava"]),
        ({"action": "sign"}, ["raj-ava-sign"]),
        ({"client": "nobody"}, []),
    ],
)
def test_filters_by_client_user_and_action(admin, people, filters, expected):
    made = {
        "tess-ava": event(actor=people["tess"], subject=people["ava"]),
        "tess-ben": event(actor=people["tess"], subject=people["ben"], at=LATE_EVENING),
        "raj-ava-sign": event(
            actor=people["raj"],
            subject=people["ava"],
            action=AuditEvent.Action.SIGN,
            at=LATE_EVENING - timedelta(hours=1),
        ),
    }

    response = as_user(admin).get(URL, filters)

    found = {pk: name for name, pk in ((name, e.pk) for name, e in made.items())}
    assert sorted(found[pk] for pk in shown_ids(response)) == sorted(expected)


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2026-12-01", "2026-12-01", True),  # 23:30 local on the 1st, though the 2nd in UTC
        ("2026-12-02", "", False),
        ("", "2026-11-30", False),
        ("2026-11-30", "2026-12-03", True),
    ],
)
def test_dates_are_the_clinics_days_inclusive(admin, people, start, end, shown):
    late = event(actor=people["tess"], subject=people["ava"])

    response = as_user(admin).get(URL, {"start": start, "end": end})

    assert shown_ids(response) == ([late.pk] if shown else [])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13-45"}, "Enter a valid date."),
        ({"start": "2026-12-02", "end": "2026-12-01"}, "The end date must not be before"),
        ({"action": "erase"}, "Select a valid choice."),
    ],
)
def test_bad_filters_answer_400_with_a_message(admin, query, message):
    response = as_user(admin).get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert shown_ids(response) == []


def test_pages_of_fifty_keep_the_filters(admin, people):
    events = [
        event(actor=people["tess"], subject=people["ava"], at=LATE_EVENING - timedelta(minutes=i))
        for i in range(51)
    ]
    event(actor=people["tess"], subject=people["ben"])
    http = as_user(admin)

    first = http.get(URL, {"client": "ava"})
    second = http.get(URL, {"client": "ava", "page": 2})

    assert shown_ids(first) == [e.pk for e in events[:50]]
    assert shown_ids(second) == [events[50].pk]
    assert 'href="?client=ava&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 60])
def test_query_count_does_not_grow(admin, people, django_assert_num_queries, count):
    for i in range(count):
        event(
            actor=people["tess"] if i % 2 else people["raj"],
            subject=people["ava"] if i % 3 else people["ben"],
            at=LATE_EVENING - timedelta(minutes=i),
        )
    http = as_user(admin)

    # the session, the user, the second-factor device, the count and the page
    with django_assert_num_queries(5):
        response = http.get(URL, {"user": "example.org", "start": "2026-11-01"})

    assert len(shown_ids(response)) == min(count, 50)


def admin_list_queries(http, count: int, people) -> int:
    for i in range(count):
        event(actor=people["tess"], subject=people["ava"], at=LATE_EVENING - timedelta(minutes=i))
    with CaptureQueriesContext(connection) as queries:
        assert http.get("/admin/audit/auditevent/", {"q": "example.org"}).status_code == 200
    return len(queries)


def test_admin_list_query_count_does_not_grow(people):
    http = as_user(AdminFactory(role=Role.ADMIN))

    assert admin_list_queries(http, 1, people) == admin_list_queries(http, 40, people)


def test_page_has_no_inline_scripts_or_styles(admin, people):
    event(actor=people["tess"], subject=people["ava"])

    html = as_user(admin).get(URL, {"client": "ava"}).content.decode()

    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
