"""Every API operation, sent input no field should let through (a NUL, the year 9999,
overlong text, huge numbers, values of the wrong type) in every query parameter and every
field of its body, as every role: a 4xx with a reason, never a 500."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api import api_as
from tests.factories import (
    AdminFactory,
    DeskFactory,
)
from tests.hostile import clinic_history, hostile_json, hostile_text

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)


def body_fields(operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    reference = content.get("application/json", {}).get("schema", {}).get("$ref")
    if reference is None:
        return []
    return list(SCHEMA["components"]["schemas"][reference.split("/")[-1]]["properties"])


OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
]


@pytest.fixture
def callers() -> dict:
    """Ava with a past session (a signed note) and a booked one with Maya, her intake, the
    desk and an admin: ids that exist for every path parameter."""
    ava, maya, _, past, booked = clinic_history().values()
    return {
        "apis": [api_as(user) for user in (ava, maya.user, DeskFactory(), AdminFactory())],
        "ids": {"id": [past.pk, booked.pk, maya.pk], "client_id": [ava.pk], "code": ["x"]},
    }


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.data())
def test_hostile_input_is_refused_not_a_500(callers, method, path, operation, values):
    api = values.draw(st.sampled_from(callers["apis"]), label="caller")
    for name, ids in callers["ids"].items():
        path = path.replace(f"{{{name}}}", str(values.draw(st.sampled_from(ids), label=name)))
    query = {
        parameter["name"]: values.draw(hostile_text, label=parameter["name"])
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    body = {name: values.draw(hostile_json, label=name) for name in body_fields(operation)}

    if method == "GET":
        response = api.get(path, query)
    else:
        response = getattr(api, method.lower())(path, body, format="json")

    assert response.status_code < 500
