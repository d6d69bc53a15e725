"""Uploading credential documents from the therapist's own page: content, size, storage,
and what a change does to the verification."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from tests.factories import CredentialFactory
from tests.therapists.conftest import signed_in
from therapists.credentials.models import (
    Credential,
    CredentialEvent,
    CredentialKind,
    CredentialStatus,
)
from therapists.credentials.services import (
    CredentialChangeRefused,
    credential_submit,
    credential_update,
)

from .documents import SCRIPT, image_bytes, pdf_bytes, pdf_upload, png_upload, upload

pytestmark = pytest.mark.django_db

NEW = "/therapists/me/credentials/new/"
FACTS = {
    "kind": CredentialKind.LICENCE,
    "certification": "",
    "number": "RMT-10401",
    "issuing_authority": "College of Massage Therapists of Ontario",
    "jurisdiction": "Ontario",
    "issued_on": "2024-01-01",
    "expires_on": "2027-01-01",
}
DISGUISED = (
    "This file is named licence.pdf but its content is not a PDF, PNG or JPEG; "
    "files are checked by content, not by name."
)


def post_new(client, document, **facts):
    return client.post(NEW, {**FACTS, **facts, "document": document})


def form_errors(response) -> dict:
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("document", "content_type", "extension"),
    [
        pytest.param(pdf_upload(), "application/pdf", ".pdf", id="pdf"),
        pytest.param(png_upload(), "image/png", ".png", id="png"),
        pytest.param(
            upload(image_bytes("JPEG"), "scan.jpeg", "image/jpeg"), "image/jpeg", ".jpg", id="jpeg"
        ),
    ],
)
def test_upload_of_a_real_document_is_stored_under_a_server_made_name(
    client, therapist, document, content_type, extension
):
    response = post_new(signed_in(client, therapist.user), document)

    assert (response.status_code, response["Location"]) == (302, "/therapists/me/")
    credential = Credential.objects.get(therapist=therapist, kind=CredentialKind.LICENCE)
    name = Path(credential.document.name)
    assert (credential.status, credential.document_type) == (CredentialStatus.PENDING, content_type)
    assert name.parent == Path("credentials")
    assert name.suffix == extension
    assert len(name.stem) == 32 and "licence" not in name.stem and "scan" not in name.stem
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / name
    assert stored.read_bytes()[:4] == document.open().read()[:4]
    assert not str(stored.resolve()).startswith(str(Path(settings.STATIC_ROOT).resolve()))


def test_upload_of_a_script_renamed_pdf_is_refused_with_a_clear_message(client, therapist):
    response = post_new(signed_in(client, therapist.user), upload(SCRIPT, "licence.pdf"))

    assert response.status_code == 400
    assert form_errors(response) == {"document": [DISGUISED]}
    assert DISGUISED in response.content.decode()
    assert Credential.objects.filter(therapist=therapist, kind="licence").exists() is False


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        pytest.param(
            b"Just some notes.", "notes.txt", "Upload a PDF, PNG or JPEG file.", id="text"
        ),
        pytest.param(
            b"GIF89a" + b"\x00" * 40, "scan.gif", "Upload a PDF, PNG or JPEG file.", id="gif"
        ),
        pytest.param(
            b"%PDF-1.4\n#!/bin/sh\nrm -rf /\n",
            "licence.pdf",
            "This PDF file could not be read: it is damaged or not really a PDF.",
            id="pdf-header-only",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + b"<?php system($_GET['c']); ?>",
            "licence.png",
            "This PNG file could not be read: it is damaged or not really a PNG.",
            id="png-header-only",
        ),
        pytest.param(
            image_bytes("PNG")[:60],
            "cut.png",
            "This PNG file could not be read: it is damaged or not really a PNG.",
            id="truncated-png",
        ),
        pytest.param(b"", "empty.pdf", "The submitted file is empty.", id="empty"),
    ],
)
def test_upload_of_wrong_content_is_refused(client, therapist, content, name, message):
    response = post_new(signed_in(client, therapist.user), upload(content, name))

    assert response.status_code == 400
    assert form_errors(response) == {"document": [message]}
    assert Credential.objects.filter(therapist=therapist, kind="licence").count() == 0


def test_upload_over_10_mb_is_refused_with_the_limit(client, therapist):
    too_big = pdf_bytes() + b"\n%" + b"x" * (10 * 1024 * 1024)

    response = post_new(signed_in(client, therapist.user), upload(too_big, "big.pdf"))

    assert response.status_code == 400
    assert form_errors(response) == {
        "document": ["The file is too large (10.0 MB); the limit is 10 MB."]
    }


def test_upload_of_exactly_10_mb_is_accepted(therapist):
    padded = pdf_bytes()
    padded += b"%" * (10 * 1024 * 1024 - len(padded))

    credential = credential_submit(
        therapist=therapist,
        by=therapist.user,
        fields={**FACTS, "issued_on": date(2024, 1, 1), "expires_on": date(2027, 1, 1)},
        document=upload(padded, "exact.pdf"),
    )

    assert credential.document.size == 10 * 1024 * 1024


def test_new_credential_without_a_document_is_refused(client, therapist):
    response = signed_in(client, therapist.user).post(NEW, FACTS)

    assert response.status_code == 400
    assert form_errors(response) == {"document": ["This field is required."]}


def test_certification_needs_its_name(client, therapist):
    response = post_new(
        signed_in(client, therapist.user), pdf_upload(), kind=CredentialKind.CERTIFICATION
    )

    assert response.status_code == 400
    assert form_errors(response) == {"certification": ["Choose the certification."]}


# A change sends the credential back to verification


@pytest.fixture
def verified(therapist, admin_user):
    return CredentialFactory(
        therapist=therapist, number="RMT-1", decided_by=admin_user, decided_at="2026-01-01T00:00Z"
    )


def edit(client, credential, **changes):
    data = {
        "kind": credential.kind,
        "certification": credential.certification,
        "number": credential.number,
        "issuing_authority": credential.issuing_authority,
        "jurisdiction": credential.jurisdiction,
        "issued_on": credential.issued_on.isoformat(),
        "expires_on": credential.expires_on.isoformat(),
        **changes,
    }
    return client.post(f"/therapists/me/credentials/{credential.pk}/", data)


def test_a_changed_number_puts_the_credential_back_to_pending(client, therapist, verified):
    response = edit(signed_in(client, therapist.user), verified, number="RMT-2")

    verified.refresh_from_db()
    assert response.status_code == 302
    assert (verified.number, verified.status, verified.decided_by) == (
        "RMT-2",
        CredentialStatus.PENDING,
        None,
    )
    assert list(verified.events.values_list("action", "reason")) == [
        (CredentialEvent.Action.CHANGED, "Changed: number.")
    ]


def test_a_new_upload_puts_the_credential_back_to_pending(client, therapist, verified):
    response = edit(signed_in(client, therapist.user), verified, document=png_upload())

    verified.refresh_from_db()
    assert response.status_code == 302
    assert (verified.status, verified.document_type) == (CredentialStatus.PENDING, "image/png")
    assert list(verified.events.values_list("action", "reason")) == [
        (CredentialEvent.Action.CHANGED, "Changed: document.")
    ]


def test_saving_without_a_change_keeps_the_verification(client, therapist, verified):
    response = edit(signed_in(client, therapist.user), verified)

    verified.refresh_from_db()
    assert response.status_code == 302
    assert verified.status == CredentialStatus.VERIFIED
    assert verified.events.count() == 0


def test_a_refused_upload_leaves_the_verified_credential_as_it_was(client, therapist, verified):
    response = edit(signed_in(client, therapist.user), verified, document=upload(SCRIPT, "x.pdf"))

    verified.refresh_from_db()
    assert response.status_code == 400
    assert (verified.status, verified.document.name) == (CredentialStatus.VERIFIED, "")


def test_another_therapists_credential_is_a_404_to_edit(client, other_therapist, verified):
    signed_in(client, other_therapist.user)

    assert client.get(f"/therapists/me/credentials/{verified.pk}/").status_code == 404
    assert edit(client, verified, number="MINE").status_code == 404
    verified.refresh_from_db()
    assert verified.number == "RMT-1"


def test_only_the_therapist_submits_their_credentials(therapist, other_therapist):
    with pytest.raises(CredentialChangeRefused) as caught:
        credential_update(
            credential=CredentialFactory(therapist=therapist),
            by=other_therapist.user,
            fields={"number": "X"},
        )

    assert str(caught.value) == "Only the therapist can submit their own credentials."


def test_document_check_refuses_a_disguised_script_in_the_service(therapist):
    with pytest.raises(ValidationError) as caught:
        credential_submit(
            therapist=therapist,
            by=therapist.user,
            fields={**FACTS, "issued_on": date(2024, 1, 1), "expires_on": date(2027, 1, 1)},
            document=upload(SCRIPT, "licence.pdf"),
        )

    assert caught.value.message_dict == {"document": [DISGUISED]}
