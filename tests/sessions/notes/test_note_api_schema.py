"""The OpenAPI schema describes the note paths, requests and answers."""

import pytest
from rest_framework.test import APIClient

from .note_cast import FIELDS

pytestmark = pytest.mark.django_db


def test_schema_describes_the_note_paths():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    client_records = "/api/v1/clients/{client_id}/"  # not the list of clients' contacts
    note_paths = sorted(
        path for path in schema["paths"] if "/note" in path or path.startswith(client_records)
    )
    assert note_paths == [
        "/api/v1/appointments/{id}/note/",
        "/api/v1/appointments/{id}/note/addenda/",
        "/api/v1/appointments/{id}/note/sign/",
        "/api/v1/clients/{client_id}/intake/",
        "/api/v1/clients/{client_id}/notes/",
        "/api/v1/clients/{client_id}/outcomes/",
        "/api/v1/clients/{client_id}/suggestions/",
    ]
    assert list(
        schema["paths"]["/api/v1/appointments/{id}/note/addenda/"]["post"]["responses"]
    ) == ["201", "400", "401", "403", "404"]


def test_schema_describes_the_notes_request_and_answers():
    components = APIClient().get("/api/schema/", {"format": "json"}).json()["components"]
    schemas = components["schemas"]

    assert sorted(schemas["NoteWrite"]["properties"]) == sorted([*FIELDS, "points"])
    assert sorted(schemas["AddendumWrite"]["properties"]) == ["text"]
    assert schemas["Outcomes"]["properties"]["points"]["items"] == {
        "$ref": "#/components/schemas/OutcomePoint"
    }
    assert sorted(schemas["OutcomePoint"]["properties"]) == ["date", "kind", "value"]
    assert sorted(schemas["Suggestions"]["properties"]) == ["note", "suggestions"]
    assert sorted(schemas["Suggestion"]["properties"]) == [
        "muscle",
        "name",
        "regions",
        "score",
        "side",
    ]
