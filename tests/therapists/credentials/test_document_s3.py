"""Credential documents in an S3-compatible bucket (PRIVATE_STORAGE=s3): a real S3 API
(moto's server, over HTTP) holds them; the app alone reads them, for the same people as
from the local folder, and audits each read."""

import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from clinic.audit.models import AuditEvent
from tests.environment_settings import settings_read_from
from tests.factories import CredentialFactory
from tests.therapists.conftest import signed_in
from therapists.credentials.models import Credential, CredentialStatus

from .documents import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

KEYS = {"aws_access_key_id": "clinic-test", "aws_secret_access_key": "clinic-test-secret"}
REGION = "us-east-1"
DOCUMENT = pdf_bytes()  # once: a PDF's bytes carry the moment it was made
FACTS = {
    "kind": "licence",
    "certification": "",
    "number": "RMT-S3-7",
    "issuing_authority": "College of Massage Therapists of Ontario",
    "jurisdiction": "Ontario",
    "issued_on": "2024-01-01",
    "expires_on": "2030-01-01",
}


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 API server on a free port, for this module's tests."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint):
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)


@pytest.fixture
def bucket(settings, s3, s3_endpoint) -> str:
    """A new bucket of the test's own, and the private storage pointed at it as the
    settings configure it from the environment."""
    name = f"clinic-documents-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    configured = settings_read_from(
        {
            "PRIVATE_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": name,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
            "AWS_S3_REGION_NAME": REGION,
        }
    )
    settings.STORAGES = {**settings.STORAGES, "private": configured.STORAGES["private"]}
    return name


def keys_in(s3, bucket: str) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def url(credential: Credential) -> str:
    return f"/therapists/credentials/{credential.pk}/document/"


def downloaded(client, credential: Credential) -> bytes:
    response = client.get(url(credential))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def post_new(client, document):
    return client.post("/therapists/me/credentials/new/", {**FACTS, "document": document})


@pytest.fixture
def credential(client, therapist, bucket) -> Credential:
    response = post_new(signed_in(client, therapist.user), upload(DOCUMENT, "licence.pdf"))
    assert response.status_code == 302
    client.logout()
    return Credential.objects.get(therapist=therapist, number=FACTS["number"])


def test_an_upload_lands_in_the_bucket_under_the_server_made_name(client, therapist, bucket, s3):
    response = post_new(signed_in(client, therapist.user), upload(DOCUMENT, "licence.pdf"))

    assert response.status_code == 302
    credential = Credential.objects.get(therapist=therapist, number=FACTS["number"])
    name = credential.document.name
    assert keys_in(s3, bucket) == [name]
    assert s3.get_object(Bucket=bucket, Key=name)["Body"].read() == DOCUMENT
    assert (Path(name).parent, Path(name).suffix, len(Path(name).stem)) == (
        Path("credentials"),
        ".pdf",
        32,
    )
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / name).exists()


def test_a_disguised_upload_is_refused_and_nothing_reaches_the_bucket(
    client, therapist, bucket, s3
):
    script = upload(b"#!/bin/sh\nrm -rf /\n", "licence.pdf")

    response = post_new(signed_in(client, therapist.user), script)

    assert response.status_code == 400
    assert (Credential.objects.filter(number=FACTS["number"]).count(), keys_in(s3, bucket)) == (
        0,
        [],
    )


def test_the_therapist_and_an_admin_download_the_stored_bytes_and_each_read_is_audited(
    client, credential, therapist, admin_user
):
    by_therapist = downloaded(signed_in(client, therapist.user), credential)
    by_admin = downloaded(signed_in(client, admin_user), credential)

    assert by_therapist == by_admin == DOCUMENT
    reads = AuditEvent.objects.filter(action="read").order_by("at", "pk")
    assert list(reads.values_list("actor", "record_id", "detail")) == [
        (therapist.user_id, str(credential.pk), "credential document"),
        (admin_user.pk, str(credential.pk), "credential document"),
    ]


def test_the_download_is_an_uncached_attachment(client, credential, therapist):
    response = signed_in(client, therapist.user).get(url(credential))

    assert (response["Content-Type"], response["Cache-Control"]) == (
        "application/pdf",
        "no-store, private",
    )
    assert response["Content-Disposition"] == f'attachment; filename="licence-{credential.pk}.pdf"'


@pytest.mark.parametrize("reader", ["other_therapist", "client_user"])
def test_anyone_else_gets_a_404_and_no_read_is_audited(client, request, credential, reader):
    user = request.getfixturevalue(reader)
    user = getattr(user, "user", user)

    response = signed_in(client, user).get(url(credential))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="read").count() == 0


def test_the_object_is_not_publicly_readable(credential, bucket, s3, s3_endpoint):
    plain_url = f"{s3_endpoint}/{bucket}/{credential.document.name}"

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(plain_url, timeout=10)

    assert refused.value.code == 403
    grants = s3.get_object_acl(Bucket=bucket, Key=credential.document.name)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]


def test_a_replaced_document_is_a_new_object_and_the_download_gives_the_new_bytes(
    client, credential, therapist, bucket, s3
):
    old_name = credential.document.name
    replacement = upload(image_bytes("PNG"), "renewed.png", "image/png")

    response = signed_in(client, therapist.user).post(
        f"/therapists/me/credentials/{credential.pk}/", {**FACTS, "document": replacement}
    )

    assert response.status_code == 302
    credential.refresh_from_db()
    assert (credential.status, credential.document_type) == (CredentialStatus.PENDING, "image/png")
    assert credential.document.name != old_name
    assert sorted(keys_in(s3, bucket)) == sorted([old_name, credential.document.name])
    assert downloaded(client, credential) == image_bytes("PNG")


def test_a_document_missing_from_the_bucket_is_a_404(client, therapist, bucket, s3):
    credential = CredentialFactory(
        therapist=therapist, document="credentials/gone.pdf", document_type="application/pdf"
    )

    response = signed_in(client, therapist.user).get(url(credential))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="read").count() == 0


def test_documents_stay_in_the_local_folder_unless_the_setting_says_s3(monkeypatch):
    monkeypatch.delenv("PRIVATE_STORAGE", raising=False)

    private = settings_read_from({}).STORAGES["private"]

    assert private == {"BACKEND": "therapists.credentials.storage.PrivateStorage"}


def test_an_unknown_private_storage_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match='PRIVATE_STORAGE is "local" or "s3"'):
        settings_read_from({"PRIVATE_STORAGE": "ftp"})


def test_the_bucket_storage_keeps_objects_private_and_never_overwrites(bucket):
    storage = storages["private"]

    assert (storage.bucket_name, storage.default_acl, storage.querystring_auth) == (
        bucket,
        "private",
        True,
    )
    assert (storage.custom_domain, storage.file_overwrite) == (None, False)
