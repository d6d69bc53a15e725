"""Who may read a credential's document: its therapist and the admins; a 404 for anyone
else (never saying whether it exists). Every read goes to the audit trail."""

from datetime import date

import pytest

from clinic.audit.models import AuditEvent
from tests.factories import AdminFactory, CredentialFactory, InsuredTherapistFactory
from tests.therapists.conftest import signed_in
from therapists.credentials.services import credential_submit

from .documents import image_bytes, pdf_upload, png_upload

pytestmark = pytest.mark.django_db

FACTS = {
    "kind": "licence",
    "number": "RMT-7",
    "issuing_authority": "College",
    "jurisdiction": "Ontario",
    "issued_on": "2024-01-01",
    "expires_on": "2030-01-01",
}


@pytest.fixture
def credential(therapist):
    facts = {**FACTS, "issued_on": date(2024, 1, 1), "expires_on": date(2030, 1, 1)}
    return credential_submit(
        therapist=therapist, by=therapist.user, fields=facts, document=png_upload()
    )


def url(credential, preview: bool = False) -> str:
    return f"/therapists/credentials/{credential.pk}/document/" + ("preview/" if preview else "")


def reader(role: str, request):
    """The user of each role, or None for an anonymous visitor."""
    return {
        "anonymous": lambda: None,
        "client": lambda: request.getfixturevalue("client_user"),
        "therapist": lambda: request.getfixturevalue("therapist").user,
        "other therapist": lambda: request.getfixturevalue("other_therapist").user,
        "admin": lambda: request.getfixturevalue("admin_user"),
    }[role]()


@pytest.mark.parametrize(
    ("role", "download", "preview"),
    [
        ("anonymous", 404, 404),
        ("client", 404, 404),
        ("other therapist", 404, 404),
        ("therapist", 200, 404),
        ("admin", 200, 200),
    ],
)
def test_document_access_by_role(client, request, credential, role, download, preview):
    user = reader(role, request)
    if user is not None:
        client.force_login(user)

    statuses = (
        client.get(url(credential)).status_code,
        client.get(url(credential, True)).status_code,
    )

    assert statuses == (download, preview)


def test_document_download_is_an_uncached_attachment_of_its_real_type(
    client, credential, therapist
):
    response = signed_in(client, therapist.user).get(url(credential))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="licence-{credential.pk}.png"'
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == image_bytes("PNG")


def test_document_preview_for_admins_is_inline_and_frameable_by_the_site(
    client, credential, admin_user
):
    response = signed_in(client, admin_user).get(url(credential, preview=True))

    assert response["Content-Disposition"] == f'inline; filename="licence-{credential.pk}.png"'
    assert (response["Cache-Control"], response["X-Frame-Options"]) == (
        "no-store, private",
        "SAMEORIGIN",
    )
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_a_pdf_is_served_as_a_pdf(client, therapist, admin_user):
    facts = {**FACTS, "issued_on": date(2024, 1, 1), "expires_on": date(2030, 1, 1)}
    credential = credential_submit(
        therapist=therapist, by=therapist.user, fields=facts, document=pdf_upload()
    )

    response = signed_in(client, admin_user).get(url(credential))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="licence-{credential.pk}.pdf"'


def test_a_missing_credential_and_one_without_document_are_404s_even_for_admins(client, admin_user):
    without = CredentialFactory()
    signed_in(client, admin_user)

    assert client.get(f"/therapists/credentials/{without.pk + 100}/document/").status_code == 404
    assert client.get(url(without)).status_code == 404


def test_every_document_read_is_audited_with_the_therapist_as_subject(
    client, credential, therapist, admin_user
):
    signed_in(client, admin_user).get(url(credential))
    client.get(url(credential, preview=True))
    signed_in(client, therapist.user).get(url(credential))

    events = (
        AuditEvent.objects.filter(action="read")
        .order_by("at", "pk")
        .values_list("actor", "action", "record_type", "record_id", "subject", "detail")
    )
    record = ("credentials.Credential", str(credential.pk))
    assert list(events) == [
        (admin_user.pk, "read", *record, therapist.user_id, "credential document"),
        (admin_user.pk, "read", *record, therapist.user_id, "credential document (preview)"),
        (therapist.user_id, "read", *record, therapist.user_id, "credential document"),
    ]


def test_a_refused_read_is_not_audited(client, credential, other_therapist):
    signed_in(client, other_therapist.user).get(url(credential))

    assert AuditEvent.objects.filter(action="read").count() == 0


def test_an_admin_who_is_the_therapist_reads_their_own_document(client):
    admin = AdminFactory()
    therapist = InsuredTherapistFactory(user=admin)
    credential = CredentialFactory(therapist=therapist)
    credential.document_type = "image/png"
    credential.document.save("x.png", png_upload())

    assert signed_in(client, admin).get(url(credential)).status_code == 200
