"""Version 1 of both consent texts comes with the migrations, for every database and the demo."""

from importlib import import_module

import pytest
from django.apps import apps

from clients.consent.models import ConsentDocument

pytestmark = pytest.mark.django_db

seeding = import_module("clients.consent.migrations.0002_seed_first_versions")


def documents() -> list[tuple[str, int]]:
    return list(ConsentDocument.objects.order_by("kind").values_list("kind", "version"))


def test_migrated_database_has_version_1_of_both_texts():
    seeded = {doc.kind: doc for doc in ConsentDocument.objects.all()}

    assert documents() == [("privacy", 1), ("treatment", 1)]
    assert seeded["treatment"].text.startswith("I ask for trigger point therapy")
    assert seeded["privacy"].text.startswith("This notice says what personal and health")


def test_seeding_an_empty_table_makes_version_1_of_each():
    ConsentDocument.objects.all().delete()

    seeding.seed_first_versions(apps, None)

    assert documents() == [("privacy", 1), ("treatment", 1)]


def test_seeding_keeps_texts_the_clinic_already_has():
    ConsentDocument.objects.filter(kind="privacy").update(text="Our own notice.")

    seeding.seed_first_versions(apps, None)

    assert ConsentDocument.objects.get(kind="privacy").text == "Our own notice."
    assert documents() == [("privacy", 1), ("treatment", 1)]


def test_unseeding_removes_only_the_seeded_versions():
    ConsentDocument.objects.filter(kind="privacy").update(text="Our own notice.")

    seeding.remove_first_versions(apps, None)

    assert documents() == [("privacy", 1)]
