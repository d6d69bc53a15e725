"""Expired and soon-expiring credentials: refused on upload, flagged in the queue, and badged
"Expired" / "Expires soon" in words wherever a credential is shown."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains, assertNotContains

from tests.clock import frozen_at
from tests.factories import CredentialFactory, InsuredTherapistFactory
from tests.pages import html
from tests.therapists.conftest import signed_in
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus, Expiry
from therapists.credentials.services import credential_submit, credential_update

from .documents import png_upload
from .verification import NOW, QUEUE, pending_licence, review

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)  # Tue 1 Dec 2026, 10:00 at the clinic

NEW = "/therapists/me/credentials/new/"
PROFILE = "/therapists/me/"
FACTS = {
    "kind": CredentialKind.LICENCE,
    "certification": "",
    "number": "RMT-10401",
    "issuing_authority": "College of Massage Therapists of Ontario",
    "jurisdiction": "Ontario",
    "issued_on": "2024-01-01",
    "expires_on": "2027-01-01",
}
EXPIRED_YESTERDAY = "This credential expired on Mon 30 Nov 2026: add the renewed one instead."
EXPIRED = '<span class="badge text-bg-danger expiry-badge">Expired</span>'
SOON = '<span class="badge text-bg-warning expiry-badge">Expires soon</span>'


def facts(**changes) -> dict:
    return {
        **FACTS,
        "issued_on": date(2024, 1, 1),
        "expires_on": date(2027, 1, 1),
        **changes,
    }


# Refused on upload


def test_upload_page_refuses_a_credential_that_has_already_expired(client, therapist):
    before = Credential.objects.count()

    response = signed_in(client, therapist.user).post(
        NEW, {**FACTS, "expires_on": "2026-11-30", "document": png_upload()}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"expires_on": [EXPIRED_YESTERDAY]}
    assertContains(response, EXPIRED_YESTERDAY, status_code=400)
    assert Credential.objects.count() == before


def test_upload_page_takes_a_credential_valid_until_today(client, therapist):
    response = signed_in(client, therapist.user).post(
        NEW, {**FACTS, "expires_on": "2026-12-01", "document": png_upload()}
    )

    assert (response.status_code, response["Location"]) == (302, PROFILE)
    assert Credential.objects.filter(therapist=therapist, expires_on=date(2026, 12, 1)).exists()


def test_submit_counts_days_at_the_clinic_not_in_utc(therapist, frozen):
    frozen.move_to(datetime(2026, 12, 2, 3, tzinfo=UTC))  # 22:00 on 1 December at the clinic

    credential = credential_submit(
        therapist=therapist, by=therapist.user, fields=facts(expires_on=date(2026, 12, 1))
    )

    assert credential.status == CredentialStatus.PENDING


def test_submit_of_an_expired_credential_is_refused_by_the_service(therapist):
    with pytest.raises(ValidationError) as refused:
        credential_submit(
            therapist=therapist, by=therapist.user, fields=facts(expires_on=date(2026, 11, 30))
        )

    assert refused.value.message_dict == {"expires_on": [EXPIRED_YESTERDAY]}


def test_change_to_an_expiry_date_already_past_is_refused(client, therapist):
    credential = pending_licence(therapist)
    url = f"/therapists/me/credentials/{credential.pk}/"
    data = {name: getattr(credential, name) for name in FACTS}

    response = signed_in(client, therapist.user).post(url, {**data, "expires_on": "2026-11-30"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"expires_on": [EXPIRED_YESTERDAY]}
    credential.refresh_from_db()
    assert credential.expires_on != date(2026, 11, 30)


def test_new_document_for_an_expired_credential_is_refused(therapist):
    old = CredentialFactory(
        therapist=therapist, issued_on=date(2025, 1, 1), expires_on=date(2026, 11, 30)
    )

    with pytest.raises(ValidationError) as refused:
        credential_update(credential=old, by=therapist.user, fields={}, document=png_upload())

    assert refused.value.message_dict == {"expires_on": [EXPIRED_YESTERDAY]}
    old.refresh_from_db()
    assert old.status == CredentialStatus.VERIFIED


# How near the end is


@pytest.mark.parametrize(
    ("expires_on", "expiry"),
    [
        (date(2026, 11, 30), Expiry.EXPIRED),
        (date(2026, 12, 1), Expiry.SOON),
        (date(2026, 12, 31), Expiry.SOON),
        (date(2027, 1, 1), None),
    ],
)
def test_expiry_is_expired_before_today_and_soon_within_30_days(expires_on, expiry):
    credential = Credential(expires_on=expires_on)

    assert credential.expiry_on(date(2026, 12, 1)) == expiry


# The verification queue


def queue_row(response, credential) -> str:
    link = f'href="{review(credential)}"'
    rows = re.findall(r"<tr>.*?</tr>", html(response), re.S)
    return next(row for row in rows if link in row)


def test_queue_flags_expired_and_soon_expiring_credentials(client, admin_user):
    expired = pending_licence(InsuredTherapistFactory(), expires_on=date(2026, 11, 20))
    soon = pending_licence(InsuredTherapistFactory(), expires_on=date(2026, 12, 20))
    later = pending_licence(InsuredTherapistFactory(), expires_on=date(2027, 6, 1))

    response = signed_in(client, admin_user).get(QUEUE)

    assertContains(
        response,
        "1 has already expired and 1 expires within 30 days: "
        "ask the therapist for the renewed credential before verifying.",
    )
    assert EXPIRED in queue_row(response, expired)
    assert SOON in queue_row(response, soon)
    assert "expiry-badge" not in queue_row(response, later)


def test_queue_without_expiring_credentials_shows_no_flag(client, admin_user):
    pending_licence(InsuredTherapistFactory(), expires_on=date(2027, 6, 1))

    response = signed_in(client, admin_user).get(QUEUE)

    assertNotContains(response, 'id="queue-expiry"')


def test_queue_flag_counts_in_the_plural(client, admin_user):
    for day in (date(2026, 11, 1), date(2026, 11, 2)):
        pending_licence(InsuredTherapistFactory(), expires_on=day)

    response = signed_in(client, admin_user).get(QUEUE)

    assertContains(response, "2 have already expired: ask the therapist")


def test_review_page_badges_the_expiry(client, admin_user):
    credential = pending_licence(InsuredTherapistFactory(), expires_on=date(2026, 12, 20))

    response = signed_in(client, admin_user).get(review(credential))

    assertContains(response, f'<dd class="col-7">Sun 20 Dec 2026 {SOON}</dd>', html=True)


# The therapist's own page and their public page


def test_own_credentials_page_badges_expired_and_soon_expiring(client, therapist):
    CredentialFactory(therapist=therapist, issued_on=date(2025, 1, 1), expires_on=date(2026, 11, 1))
    CredentialFactory(
        therapist=therapist,
        status=CredentialStatus.PENDING,
        kind=CredentialKind.FIRST_AID,
        expires_on=date(2026, 12, 15),
    )

    response = signed_in(client, therapist.user).get(PROFILE)

    page = html(response)
    assert page.count(EXPIRED) == 1
    assert page.count(SOON) == 1
    assert '<span class="badge text-bg-warning">Pending verification</span> ' + SOON in page


def test_public_profile_badges_a_licence_that_expires_soon(client):
    licence = CredentialFactory(expires_on=date(2026, 12, 10))

    response = client.get(f"/therapists/{licence.therapist.pk}/")

    listing = re.search(r'<ul [^>]*id="public-credentials".*?</ul>', html(response), re.S).group()
    assert listing.count(SOON) == 1
    assert listing.count("<li") == 2  # the licence and the insurance


# The admin


def test_admin_list_says_expired_and_expires_soon_in_words(client, admin_user):
    therapist = InsuredTherapistFactory(display_name="Maya Lindqvist")
    CredentialFactory(therapist=therapist, issued_on=date(2025, 1, 1), expires_on=date(2026, 11, 1))
    CredentialFactory(
        therapist=therapist, kind=CredentialKind.FIRST_AID, expires_on=date(2026, 12, 15)
    )

    response = signed_in(client, admin_user).get("/admin/credentials/credential/")

    cells = re.findall(r'<td class="field-expiry">([^<]*)</td>', html(response))
    assert sorted(cells) == ["-", "Expired", "Expires soon"]  # the insurance, then the two


def test_therapist_admin_lists_credentials_with_their_expiry(client, admin_user):
    licence = CredentialFactory(expires_on=date(2026, 12, 15))

    response = signed_in(client, admin_user).get(
        f"/admin/therapists/therapist/{licence.therapist.pk}/change/"
    )

    cells = re.findall(r'<td class="field-expiry">\s*<p>([^<]*)</p>', html(response))
    assert sorted(cells) == ["-", "Expires soon"]
