"""The API's error answers, as the fuzzer found them wanting: JSON everywhere under /api/,
a 404 (not a 500) for an id that is not a number, pages that must be numbers, and error codes
documented in the schema."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.api import api_as
from tests.factories import ClientFactory, TherapistFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/clients/-1/intake/", "/api/v1/nothing/", "/api/v1/clients/x/notes/"]
)
def test_an_unknown_api_url_is_a_json_404(path):
    response = api_as(ClientFactory()).get(path)

    assert (response.status_code, response["Content-Type"], response.json()) == (
        404,
        "application/json",
        {"detail": "Not found."},
    )


def test_an_unknown_page_url_is_still_the_404_page():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("rest", ["note/", "note/sign/", "note/addenda/"])
def test_a_note_route_with_an_id_that_is_not_a_number_is_a_404(rest):
    therapist = TherapistFactory().user

    response = api_as(therapist).post(f"/api/v1/appointments/null,null/{rest}", {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("page", ["", "last", "0", "two"])
def test_a_page_that_is_not_a_page_number_is_a_404(page):
    response = api_as(ClientFactory()).get("/api/v1/services/", {"page": page})

    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})


def test_the_first_page_is_the_default():
    response = api_as(ClientFactory()).get("/api/v1/services/")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def schema() -> dict:
    return APIClient().get("/api/schema/", {"format": "json"}).json()


def test_schema_documents_the_error_answers_of_each_kind_of_operation():
    paths = schema()["paths"]

    assert sorted(paths["/api/v1/clients/{client_id}/intake/"]["get"]["responses"]) == [
        "200",
        "401",
        "403",
        "404",
    ]
    assert sorted(paths["/api/v1/services/"]["get"]["responses"]) == ["200", "400", "401", "404"]
    closing = sorted(paths["/api/v1/me/close/"]["post"]["responses"])
    assert closing == ["200", "400", "401", "403", "429"]
    assert sorted(paths["/api/v1/intake/"]["get"]["responses"]) == ["200", "401", "403", "404"]


def test_schema_error_bodies_are_a_detail_or_messages_per_field():
    document = schema()
    intake = document["paths"]["/api/v1/clients/{client_id}/intake/"]["get"]["responses"]
    close = document["paths"]["/api/v1/me/close/"]["post"]["responses"]

    assert intake["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert close["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FieldErrors"
    }
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_schema_says_therapist_remarks_are_left_out_for_clients():
    note = schema()["components"]["schemas"]["Note"]

    assert "therapist_remarks" in note["properties"]
    assert "therapist_remarks" not in note["required"]
