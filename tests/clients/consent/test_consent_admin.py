"""Consent texts in the admin: editing published wording publishes a new version."""

from datetime import UTC, datetime

import pytest
from pytest_django.asserts import assertContains

from clients.consent.models import ConsentDocument, ConsentKind
from clients.consent.services import consent_document_publish
from tests.clock import frozen_at
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
CHANGELIST = "/admin/consent/consentdocument/"

frozen = frozen_at(NOW)


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


@pytest.fixture
def privacy_v1():
    return ConsentDocument.objects.get(kind=ConsentKind.PRIVACY, version=1)


def change_url(document: ConsentDocument) -> str:
    return f"{CHANGELIST}{document.pk}/change/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_editing_a_published_text_publishes_a_new_version(admin_client, privacy_v1):
    original = privacy_v1.text

    response = admin_client.post(change_url(privacy_v1), {"text": "Revised notice."}, follow=True)

    privacy_v1.refresh_from_db()
    latest = ConsentDocument.objects.current(ConsentKind.PRIVACY)
    assert (privacy_v1.version, privacy_v1.text) == (1, original)
    assert (latest.version, latest.text, latest.published_at) == (2, "Revised notice.", NOW)
    assert messages_of(response) == [
        "Privacy notice, version 2 is published; earlier versions stay as clients agreed to them."
    ]
    assert response.redirect_chain == [(change_url(latest), 302)]


def test_saving_unchanged_wording_publishes_nothing(admin_client, privacy_v1):
    response = admin_client.post(change_url(privacy_v1), {"text": privacy_v1.text}, follow=True)

    assert ConsentDocument.objects.filter(kind=ConsentKind.PRIVACY).count() == 1
    assert messages_of(response) == ["The wording is unchanged: nothing was published."]


def test_adding_a_text_numbers_it_after_the_kind_s_last_version(admin_client):
    response = admin_client.post(
        f"{CHANGELIST}add/", {"kind": "treatment", "text": "New consent."}, follow=True
    )

    latest = ConsentDocument.objects.current(ConsentKind.TREATMENT)
    assert (response.status_code, latest.version, latest.text) == (200, 2, "New consent.")


def test_kind_and_version_cannot_be_changed(admin_client, privacy_v1):
    admin_client.post(change_url(privacy_v1), {"text": "Other.", "kind": "treatment", "version": 9})

    assert ConsentDocument.objects.current(ConsentKind.PRIVACY).version == 2
    assert ConsentDocument.objects.filter(kind=ConsentKind.TREATMENT).count() == 1


def test_change_page_says_saving_makes_a_new_version(admin_client, privacy_v1):
    response = admin_client.get(change_url(privacy_v1))

    assertContains(response, "Saving changed wording publishes it as a new version")


def test_consent_texts_cannot_be_deleted(admin_client, privacy_v1):
    response = admin_client.post(f"{CHANGELIST}{privacy_v1.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ConsentDocument.objects.filter(pk=privacy_v1.pk).exists()


def test_changelist_marks_the_current_version(admin_client):
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Second.")

    response = admin_client.get(CHANGELIST)

    rows = {str(doc): doc.has_newer for doc in response.context["cl"].result_list}
    assert rows == {
        "Privacy notice, version 2": False,
        "Privacy notice, version 1": True,
        "Consent to treatment, version 1": False,
    }


def test_changelist_queries_do_not_grow_with_versions(admin_client, django_assert_num_queries):
    admin_client.get(CHANGELIST)  # the session and the user are loaded once before counting
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Second.")
    with django_assert_num_queries(6):
        admin_client.get(CHANGELIST)
    for number in range(3, 8):
        consent_document_publish(kind=ConsentKind.PRIVACY, text=f"Version {number}.")

    with django_assert_num_queries(6):
        admin_client.get(CHANGELIST)
