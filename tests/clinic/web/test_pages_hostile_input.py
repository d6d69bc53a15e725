"""Every page, asked for with query parameters no field should let through (a NUL, the year
9999, overlong text, huge numbers) under the names the project's forms and views read, as
every role: an answer with a reason, never a 500."""

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    AdminFactory,
    DeskFactory,
)
from tests.hostile import DATES, clinic_history, hostile_text
from tests.pages import http_as
from tests.routes import PARAMETER, routes

from .test_forms_fuzz import FORMS

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# The forms pages fill from their query string, and what views read from it themselves.
QUERY_FORMS = {
    "AuditSearchForm",
    "CalendarForm",
    "ClientSearchForm",
    "DateRangeForm",
    "DayPickerForm",
    "DeskBookingForm",
    "InvoiceFilterForm",
    "MoveProposalForm",
    "ScheduleForm",
    "SeriesForm",
    "ServiceFilterForm",
}
QUERY_NAMES = sorted(
    {name for form in FORMS if form.__name__ in QUERY_FORMS for name in form.base_fields}
    | {"start", "end", "date", "day", "q", "search", "client", "page", "next", "first", "last"}
)
PAGES = sorted(route for route in routes() if not route.startswith("api/"))


@pytest.fixture
def cast() -> dict:
    """Ava's past session with Maya (a signed note) and a booked one, her intake, the desk
    and an admin: the ids every page's parameters are filled with."""
    ava, maya, _, past, booked = clinic_history().values()
    return {
        "browsers": [http_as(user) for user in (ava, maya.user, DeskFactory(), AdminFactory())],
        "ids": [past.pk, booked.pk, ava.pk, maya.pk, 1],
    }


@pytest.mark.parametrize("route", PAGES)
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.data())
def test_hostile_query_parameters_are_refused_not_a_500(cast, route, values):
    browser = values.draw(st.sampled_from(cast["browsers"]), label="caller")
    ids = cast["ids"]
    path = "/" + PARAMETER.sub(
        lambda match: (
            str(values.draw(st.sampled_from(ids))) if match["converter"] == "int" else "x"
        ),
        route,
    )
    names = values.draw(st.lists(st.sampled_from(QUERY_NAMES), min_size=1, max_size=3))
    query = {name: values.draw(hostile_text, label=name) for name in names}

    response = browser.get(path, query)

    assert response.status_code < 500


def date_fields_shown(response) -> list[str]:
    """The names of the date and datetime fields of the forms a page shows."""
    shown = {
        value
        for context in response.context or []
        for value in context.flatten().values()
        if isinstance(value, forms.BaseForm)
    }
    return sorted(
        form.add_prefix(name)
        for form in shown
        for name, field in form.fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    )


@pytest.mark.parametrize("route", [route for route in PAGES if "<" not in route])
def test_every_date_field_a_page_shows_refuses_insane_dates(cast, route):
    failed = {}

    for browser in cast["browsers"]:
        page = browser.get("/" + route)
        if page.status_code != 200:
            continue
        for name in date_fields_shown(page):
            for value in DATES:
                status = browser.get("/" + route, {name: value}).status_code
                if status >= 500:
                    failed[name, value] = status

    assert failed == {}
