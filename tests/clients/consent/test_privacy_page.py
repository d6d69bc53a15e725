"""The public privacy notice: the current text with its version, for anyone, linked everywhere."""

from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clients.consent.models import ConsentDocument, ConsentKind
from clients.consent.services import consent_document_publish
from tests.clock import frozen_at
from tests.factories import ClientFactory
from tests.pages import html

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
frozen = frozen_at(NOW)


def test_privacy_page_shows_the_current_notice_without_signing_in(client, frozen):
    frozen.shift(timedelta(days=2))
    consent_document_publish(kind=ConsentKind.PRIVACY, text="We keep little.\n\nWe sell nothing.")

    response = client.get("/privacy/")

    assert response.status_code == 200
    assertContains(response, "<title>Privacy notice</title>", html=True)
    assertContains(response, 'id="privacy-version">Version 2, published Thu 3 Dec 2026</p>')
    assertContains(response, "<p>We keep little.</p>\n\n<p>We sell nothing.</p>")
    assertNotContains(response, "earlier version")


def test_privacy_page_of_an_earlier_version_says_so_and_links_the_current(client):
    first = ConsentDocument.objects.current(ConsentKind.PRIVACY)
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Newer.")

    response = client.get("/privacy/v1/")

    assert response.status_code == 200
    assertContains(response, first.text.split("\n")[0])
    assertContains(response, "This is an earlier version")
    assertContains(response, 'href="/privacy/">Read the current version (2)</a>')


def test_privacy_page_of_a_version_never_published_is_a_404(client):
    assert client.get("/privacy/v7/").status_code == 404


def test_privacy_page_before_any_notice_is_published_says_so(client):
    ConsentDocument.objects.filter(kind=ConsentKind.PRIVACY).delete()

    response = client.get("/privacy/")

    assertContains(response, "The clinic has not published its privacy notice yet.")


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/"])
def test_pages_link_the_privacy_notice_in_their_footer(client, path):
    footer = html(client.get(path)).split("<footer", 1)[1]

    assert '<a href="/privacy/">Privacy notice</a>' in footer


def test_signup_links_the_privacy_notice_beside_the_form(client):
    response = client.get("/accounts/signup/")

    assertContains(response, 'read our <a href="/privacy/">privacy notice</a>')


def test_privacy_page_for_a_signed_in_client_is_the_same_notice(client):
    client.force_login(ClientFactory())

    response = client.get("/privacy/")

    assertContains(response, 'id="privacy-version">Version 1, published ')


def test_current_consent_api_lists_each_kind_s_current_version(client, django_assert_num_queries):
    consent_document_publish(kind=ConsentKind.TREATMENT, text="Treatment, second wording.")

    with django_assert_num_queries(1):
        response = client.get("/api/v1/consent/")

    assert response.status_code == 200
    body = response.json()
    assert [(doc["kind"], doc["version"]) for doc in body] == [("privacy", 1), ("treatment", 2)]
    assert body[1] == {
        "kind": "treatment",
        "version": 2,
        "text": "Treatment, second wording.",
        "published_at": "2026-12-01T10:00:00-05:00",
    }
