"""The note editor warns as a treated point breaks a limit of the client's screening, and
signing such a note asks, on its confirm step, for the reason that the note then keeps.

Time is not frozen (the browser and the server thread read the real clock): the session
began a few hours ago.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from sessions.models import Appointment
from sessions.notes.models import SessionNote
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    bookable_therapist,
    pain_chart,
    pain_mark,
    submit_intake,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

THINNERS = "Blood thinners or a bleeding disorder: no deep or forceful pressure."
REASON = "Firm work asked for; no bruising after the last three sessions."
SCREENSHOT = "/tmp/e2e-note-limits.png"


@pytest.fixture
def session_on_thinners() -> Appointment:
    """A session that began three hours ago, for a client who takes blood thinners."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    client = ClientFactory(first_name="Ada", last_name="Lovelace")
    submit_intake(
        client,
        anticoagulants_or_bleeding=True,
        chart=pain_chart(pain_mark("neck_side", "R", 5, "stiffness"), average=5),
    )
    return AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=timezone.now() - timedelta(hours=3),
    )


def fill_the_note(page: Page) -> None:
    page.locator("#id_subjective").fill("Stiff neck on the right.")
    page.locator("#id_pain_before").fill("5")
    page.locator("#id_pain_after").fill("3")


def test_editor_warns_of_a_limit_and_signing_needs_the_reason(
    live_http, page, console_errors, session_on_thinners
):
    base = live_http.url
    appointment = session_on_thinners
    sign_in(page, base, appointment.therapist.user.email)
    page.goto(base + reverse("note", args=[appointment.pk]))
    page.get_by_role("button", name="Write the note").click()
    fill_the_note(page)
    summary = page.locator("#limit-summary")

    page.get_by_role("button", name="Add Upper trapezius, right").click()
    row = page.locator("#point-rows .point-row").nth(0)
    warning = row.locator(".point-warning")
    expect(warning).to_have_text(f"Pressure 3/5 is over 2/5. {THINNERS}")
    expect(summary).to_be_visible()

    row.locator("select[name$='-pressure']").select_option("2")
    expect(warning).to_be_hidden()
    expect(summary).to_be_hidden()

    row.locator("select[name$='-pressure']").select_option("5")
    expect(warning).to_have_text(f"Pressure 5/5 is over 2/5. {THINNERS}")
    row.locator("select[name$='-technique']").select_option("deep_tissue")
    expect(warning.locator("p")).to_have_text(
        [f"Pressure 5/5 is over 2/5. {THINNERS}", f"Deep tissue is to be avoided. {THINNERS}"]
    )
    expect(summary).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Save and sign").click()

    expect(page.get_by_role("heading", name="Sign the session note?")).to_be_visible()
    breaches = page.locator("#limit-breaches li")
    expect(breaches).to_have_text(
        [
            f"Upper trapezius (right): pressure 5/5 is over 2/5. {THINNERS}",
            f"Upper trapezius (right): deep tissue is to be avoided. {THINNERS}",
        ]
    )
    assert axe_violations(page) == []
    sign = page.get_by_role("button", name="Sign and lock the note")
    sign.click()  # the reason is required: the browser keeps the form
    expect(page.get_by_role("heading", name="Sign the session note?")).to_be_visible()
    assert SessionNote.objects.get(appointment=appointment).status == "draft"

    page.get_by_label("Why sign it anyway (kept on the note)").fill(REASON)
    sign.click()

    expect(page.get_by_text("The note is signed.")).to_be_visible()
    override = page.locator(".note .limit-override")
    expect(override).to_contain_text("Signed outside the screening's limits.")
    expect(override).to_contain_text(REASON)
    note = SessionNote.objects.get(appointment=appointment)
    assert (note.status, note.limit_override_reason, len(note.limit_breaches)) == (
        "signed",
        REASON,
        2,
    )
    assert console_errors == []
