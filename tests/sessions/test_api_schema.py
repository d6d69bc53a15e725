"""The OpenAPI schema: its paths, the booking and token requests."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_describes_every_api_path():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert sorted(response.json()["paths"]) == [
        "/api/v1/appointments/",
        "/api/v1/appointments/series/",
        "/api/v1/appointments/{id}/",
        "/api/v1/appointments/{id}/cancel/",
        "/api/v1/appointments/{id}/checkout/",
        "/api/v1/appointments/{id}/note/",
        "/api/v1/appointments/{id}/note/addenda/",
        "/api/v1/appointments/{id}/note/sign/",
        "/api/v1/appointments/{id}/reschedule/",
        "/api/v1/auth/token/",
        "/api/v1/availability/",
        "/api/v1/calendar/",
        "/api/v1/clients/",
        "/api/v1/clients/{client_id}/intake/",
        "/api/v1/clients/{client_id}/notes/",
        "/api/v1/clients/{client_id}/outcomes/",
        "/api/v1/clients/{client_id}/suggestions/",
        "/api/v1/consent/",
        "/api/v1/gift-cards/{code}/",
        "/api/v1/intake/",
        "/api/v1/invoices/",
        "/api/v1/invoices/{id}/",
        "/api/v1/invoices/{id}/credit/",
        "/api/v1/invoices/{id}/receipt.pdf",
        "/api/v1/invoices/{id}/refund/",
        "/api/v1/invoices/{id}/waive/",
        "/api/v1/me/close/",
        "/api/v1/me/confirm-email/",
        "/api/v1/me/export/",
        "/api/v1/services/",
        "/api/v1/therapists/",
        "/api/v1/therapists/{id}/",
    ]


def test_schema_describes_the_booking_request_and_the_token_exchange():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    booking = schema["paths"]["/api/v1/appointments/"]["post"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert sorted(schema["components"]["schemas"]["AppointmentCreate"]["properties"]) == [
        "client",
        "service",
        "start",
        "therapist",
    ]
    assert list(booking["responses"]) == ["201", "409", "429", "400", "401", "403"]
    assert sorted(schema["components"]["schemas"]["TokenRequest"]["properties"]) == [
        "email",
        "otp",
        "password",
    ]
    assert schema["components"]["schemas"]["TokenRequest"]["required"] == ["email", "password"]
    assert list(token["responses"]) == ["200", "400", "429"]
    assert sorted(schema["components"]["schemas"]["Token"]["properties"]) == ["expires", "token"]
    sign_out = schema["paths"]["/api/v1/auth/token/"]["delete"]
    assert (sign_out["security"], list(sign_out["responses"])[0]) == ([{"tokenAuth": []}], "204")


def test_schema_describes_the_series_request_and_answer():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    series = schema["paths"]["/api/v1/appointments/series/"]["post"]
    components = schema["components"]["schemas"]
    assert sorted(components["SeriesCreate"]["properties"]) == [
        "client",
        "count",
        "every_weeks",
        "service",
        "start",
        "therapist",
    ]
    assert sorted(components["SeriesBooked"]["properties"]) == ["appointments", "skipped"]
    assert sorted(components["Skipped"]["properties"]) == ["reason", "start"]
    assert list(series["responses"]) == ["201", "400", "401", "403"]


def test_schema_is_served_as_yaml_by_default():
    response = APIClient().get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert response.content.startswith(b"openapi: 3.0.3\n")
