"""An admin verifies a pending licence from the queue in a real Chromium, after seeing its
document; the therapist becomes bookable.

Time is not frozen (the browser and the server thread read the real clock).
"""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.signin import sign_in
from tests.factories import (
    AdminFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    WorkingHoursFactory,
)
from tests.therapists.credentials.documents import png_upload
from therapists.credentials.models import CredentialStatus
from therapists.models import Therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_opens_a_pending_licence_sees_the_document_verifies_it(
    live_http, page, console_errors
):
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = InsuredTherapistFactory(display_name="Liam Tremblay", services=[service])
    for weekday in range(7):
        WorkingHoursFactory(therapist=therapist, weekday=weekday, start=time(9), end=time(17))
    licence = CredentialFactory(
        therapist=therapist,
        status=CredentialStatus.PENDING,
        number="RMT-10404",
        issued_on=date(2024, 1, 1),
        expires_on=timezone.localdate() + timedelta(days=400),
    )
    licence.document_type = "image/png"
    licence.document.save("scan.png", png_upload())
    admin = AdminFactory(email="admin@example.org")
    base = live_http.url
    assert list(Therapist.objects.bookable()) == []

    sign_in(page, base, admin.email)
    page.locator("#main-nav").get_by_role("button", name="Office").click()
    page.locator("#main-nav").get_by_role("link", name="Verification queue").click()
    row = page.locator("#pending-credentials tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Liam Tremblay")
    row.get_by_role("link", name="Open").click()

    expect(page.get_by_role("heading", name="Licence of Liam Tremblay")).to_be_visible()
    expect(page.locator("#credential-facts")).to_contain_text("RMT-10404")
    document = page.locator("img#credential-document")
    expect(document).to_be_visible()
    # Property checks, not wait_for_function: its string predicate is an eval, which the
    # site's Content Security Policy refuses.
    expect(document).to_have_js_property("complete", True)
    expect(document).to_have_js_property("naturalWidth", 40)
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(base + reverse("credential-queue"))
    expect(page.get_by_text("Verified: Licence of Liam Tremblay.")).to_be_visible()
    expect(page.locator("#pending-credentials")).to_contain_text("Nothing waits for verification.")
    licence.refresh_from_db()
    assert (licence.status, licence.decided_by) == (CredentialStatus.VERIFIED, admin)
    assert list(Therapist.objects.bookable()) == [therapist]

    day = timezone.localdate() + timedelta(days=3)
    availability = page.request.get(
        base + reverse("api-availability"), params={"service": service.pk, "start": day.isoformat()}
    )
    assert {slot["therapist"] for slot in availability.json()["slots"]} == {therapist.pk}
    page.goto(base + reverse("therapist-list"))
    expect(page.get_by_role("link", name="Liam Tremblay")).to_be_visible()
    assert console_errors == []
