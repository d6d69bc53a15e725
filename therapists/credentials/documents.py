"""Checking an uploaded credential document by its content: PDF, PNG or JPEG only."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image
from pypdf import PdfReader

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
WRONG_TYPE = "Upload a PDF, PNG or JPEG file."
DISGUISED = (
    "This file is named {name} but its content is not a PDF, PNG or JPEG; "
    "files are checked by content, not by name."
)
DAMAGED = "This {kind} file could not be read: it is damaged or not really a {kind}."


def max_bytes() -> int:
    return settings.CREDENTIAL_DOCUMENT_MAX_MB * 1024 * 1024


def sniff(head: bytes) -> str | None:
    """The content type its first bytes announce, if one we accept."""
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_document(upload: UploadedFile) -> str:
    """The document's real content type; ValidationError with a clear message otherwise."""
    if upload.size > max_bytes():
        raise ValidationError(
            f"The file is too large ({upload.size / 1024 / 1024:.1f} MB); "
            f"the limit is {settings.CREDENTIAL_DOCUMENT_MAX_MB} MB."
        )
    if upload.size == 0:
        raise ValidationError("The file is empty.")
    upload.seek(0)
    content_type = sniff(upload.read(8))
    upload.seek(0)
    if content_type is None:
        name = upload.name or ""
        if name.lower().endswith((".pdf", ".png", ".jpg", ".jpeg")):
            raise ValidationError(DISGUISED.format(name=name.rsplit("/", 1)[-1]))
        raise ValidationError(WRONG_TYPE)
    if content_type == "application/pdf":
        _check_pdf(upload)
    else:
        _check_image(upload, IMAGE_FORMATS[content_type])
    upload.seek(0)
    return content_type


def _check_pdf(upload: UploadedFile) -> None:
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError("Upload the PDF without a password, so it can be checked.")
        if len(reader.pages) < 1:
            raise ValidationError("This PDF has no pages.")
    except ValidationError:
        raise
    except Exception as error:  # a parser fed untrusted bytes fails in many ways: all refuse
        raise ValidationError(DAMAGED.format(kind="PDF")) from error


def _check_image(upload: UploadedFile, expected: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:  # fmt: skip
        raise ValidationError(DAMAGED.format(kind=expected)) from error
    if found != expected:
        raise ValidationError(DAMAGED.format(kind=expected))
