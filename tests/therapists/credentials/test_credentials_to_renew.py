"""The therapist's credentials to renew, at the top of their schedule: the verified ones
that have expired or end within 60 days, unless a later one of the same kind renews them."""

import re
from datetime import date
from html import unescape

import pytest

from tests.clock import at_clinic, frozen_at
from tests.factories import CredentialFactory, InsuranceFactory, TherapistFactory
from tests.pages import html
from therapists.credentials.models import CredentialKind, CredentialStatus

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto.
TODAY = date(2026, 12, 1)

frozen = frozen_at(at_clinic(TODAY, 10))


@pytest.fixture
def therapist():
    return TherapistFactory()


def panel(response) -> list[str] | None:
    """The panel's lines as read, or None without a panel."""
    section = re.search(
        r'<section[^>]*id="credentials-to-renew"[^>]*>(.*?)</section>', html(response), re.S
    )
    if section is None:
        return None
    items = re.findall(r"<li>(.*?)</li>", section.group(1), re.S)
    return [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip() for item in items]


def test_panel_lists_expired_and_ending_credentials_first_to_end_first(client, therapist):
    CredentialFactory(therapist=therapist, number="L-1", expires_on=date(2026, 11, 20))
    InsuranceFactory(therapist=therapist, number="P-1", expires_on=date(2026, 12, 2))
    CredentialFactory(
        therapist=therapist, kind=CredentialKind.FIRST_AID, number="FA-1", expires_on=TODAY
    )
    CredentialFactory(
        therapist=therapist,
        kind=CredentialKind.CERTIFICATION,
        certification="dry_needling",
        number="C-1",
        expires_on=date(2027, 1, 30),  # the 60th day
    )
    client.force_login(therapist.user)

    response = client.get("/schedule/")

    assert panel(response) == [
        "Licence L-1: expired on Fri 20 Nov 2026",
        "First aid / CPR FA-1: expires today",
        "Liability insurance P-1: expires on Wed 2 Dec 2026, in 1 day",
        "Dry needling C-1: expires on Sat 30 Jan 2027, in 60 days",
    ]
    assert 'href="/therapists/me/"' in html(response)


def test_panel_leaves_out_what_is_renewed_far_off_or_not_verified(client, therapist):
    CredentialFactory(therapist=therapist, number="L-OLD", expires_on=date(2026, 12, 10))
    CredentialFactory(
        therapist=therapist,
        number="L-NEW",
        issued_on=date(2026, 11, 1),
        expires_on=date(2028, 12, 10),
        status=CredentialStatus.PENDING,
    )
    InsuranceFactory(therapist=therapist, number="P-FAR", expires_on=date(2027, 1, 31))  # 61 days
    CredentialFactory(
        therapist=therapist,
        kind=CredentialKind.FIRST_AID,
        expires_on=date(2026, 11, 1),
        status=CredentialStatus.REJECTED,
    )
    CredentialFactory(expires_on=date(2026, 12, 2))  # another therapist's
    client.force_login(therapist.user)

    response = client.get("/schedule/")

    assert panel(response) is None


def test_a_rejected_renewal_does_not_renew(client, therapist):
    CredentialFactory(therapist=therapist, number="L-OLD", expires_on=date(2026, 12, 10))
    CredentialFactory(
        therapist=therapist,
        number="L-NEW",
        issued_on=date(2026, 11, 1),
        expires_on=date(2028, 12, 10),
        status=CredentialStatus.REJECTED,
    )
    client.force_login(therapist.user)

    response = client.get("/schedule/")

    assert panel(response) == ["Licence L-OLD: expires on Thu 10 Dec 2026, in 9 days"]


def test_no_panel_without_credentials(client, therapist):
    client.force_login(therapist.user)

    response = client.get("/schedule/")

    assert (response.status_code, panel(response)) == (200, None)
