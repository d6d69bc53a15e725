"""Publishing consent wording: new wording is a new version, never a change to an old one."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from clients.consent.models import ConsentDocument, ConsentKind
from clients.consent.selectors import consent_documents_current
from clients.consent.services import consent_document_publish
from tests.clock import frozen_at

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
frozen = frozen_at(NOW)


def test_publish_new_wording_makes_the_next_version_and_keeps_the_old():
    first = ConsentDocument.objects.current(ConsentKind.PRIVACY)

    published = consent_document_publish(kind=ConsentKind.PRIVACY, text="  New wording.\n")

    first_again = ConsentDocument.objects.get(pk=first.pk)
    assert (published.version, published.text, published.published_at) == (2, "New wording.", NOW)
    assert (first_again.version, first_again.text) == (1, first.text)
    assert ConsentDocument.objects.current(ConsentKind.PRIVACY) == published


def test_publish_the_current_wording_again_publishes_nothing():
    current = ConsentDocument.objects.current(ConsentKind.TREATMENT)

    published = consent_document_publish(kind=ConsentKind.TREATMENT, text=current.text + "\n")

    assert published == current
    assert ConsentDocument.objects.filter(kind=ConsentKind.TREATMENT).count() == 1


def test_publish_blank_wording_is_refused():
    with pytest.raises(ValidationError) as refused:
        consent_document_publish(kind=ConsentKind.TREATMENT, text="  \n ")

    assert refused.value.message_dict == {"text": ["Write the text clients agree to."]}
    assert ConsentDocument.objects.filter(kind=ConsentKind.TREATMENT).count() == 1


def test_publish_a_kind_never_published_starts_at_version_1():
    ConsentDocument.objects.filter(kind=ConsentKind.PRIVACY).delete()

    published = consent_document_publish(kind=ConsentKind.PRIVACY, text="A notice.")

    assert published.version == 1


def test_current_documents_are_the_latest_of_each_kind(django_assert_num_queries):
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Second.")
    consent_document_publish(kind=ConsentKind.PRIVACY, text="Third.")

    with django_assert_num_queries(1):
        current = consent_documents_current()

    assert {kind: doc.version for kind, doc in current.items()} == {"privacy": 3, "treatment": 1}
