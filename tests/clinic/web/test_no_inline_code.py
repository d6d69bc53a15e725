import re

import pytest
from django.urls import reverse

from tests.factories import ServiceFactory, bookable_therapist

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def page_urls(therapist) -> list[str]:
    return [
        reverse("home"),
        reverse("therapist-list"),
        reverse("therapist-detail", args=[therapist.pk]),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
    ]


def test_pages_have_no_inline_scripts_or_styles(client):
    therapist = bookable_therapist(ServiceFactory())

    for url in page_urls(therapist):
        html = client.get(url).content.decode()

        assert INLINE_SCRIPT.findall(html) == [], url
        assert INLINE_STYLE.findall(html) == [], url
