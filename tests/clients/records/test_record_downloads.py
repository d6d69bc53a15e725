"""The record's downloads: a JSON attachment never cached, the same by API or page; the print."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.api import api_as
from tests.pages import http_as

from .export import API, PAGE_JSON, PRINT

pytestmark = pytest.mark.django_db


def test_api_export_is_a_json_attachment_never_cached(cast):
    response = api_as(cast["ava"]).get(API)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}-2026-12-01.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_api_export_with_a_session_is_the_same_as_with_a_token(cast):
    by_token = api_as(cast["ava"]).get(API).content
    by_session = http_as(cast["ava"]).get(API).content

    assert by_session == by_token


def test_page_download_is_the_same_file_as_the_api(cast):
    page = http_as(cast["ava"]).get(PAGE_JSON)

    assert page.content == api_as(cast["ava"]).get(API).content
    assert page["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}-2026-12-01.json"'
    )
    assert "no-store" in page["Cache-Control"]


def test_record_page_links_the_download_and_the_printable_page(cast):
    response = http_as(cast["ava"]).get("/record/")

    assertContains(response, f'href="{PAGE_JSON}"')
    assertContains(response, f'href="{PRINT}"')


def test_printable_page_shows_the_whole_record(cast):
    response = http_as(cast["ava"]).get(PRINT)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assertContains(response, '<link rel="stylesheet" href="/static/css/print.css">', html=True)
    assertContains(response, '<script src="/static/js/print.js"></script>', html=True)
    assertContains(response, "Version 2, signed")
    assertContains(response, "<td>Temple, your left</td><td>7/10</td>", html=True)
    assertContains(response, "Aching, Throbbing")
    assertContains(response, "Heat and gentle stretches daily.")
    assertContains(response, "Cleared by Maya Lindqvist")
    assertContains(response, "Much better.")
    assertContains(response, "Reminder, the day before")
    assertNotContains(response, "Private remark.")
    assertNotContains(response, "Draft words.")
