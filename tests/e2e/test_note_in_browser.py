"""A therapist writes and signs a session note in a real Chromium; the client reads it.

Points come in every way the editor offers: two from the suggestions, one from the
client's pain chart (tap a place, pick a muscle lying there), and one typed by name and
then removed again. Time is not frozen (the browser and the server thread read the real
clock): the session began a few hours ago, so signing its note completes it.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.records.plot import day_label
from clinic.clock import clinic_zone
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import SessionNote
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

EDITOR_SCREENSHOT = "/tmp/e2e-note-editor.png"
RECORD_SCREENSHOT = "/tmp/e2e-client-record.png"
REMARKS = "Seemed anxious about the new job; ask again next time."


@pytest.fixture
def past_session() -> Appointment:
    """A session that began three hours ago, for a client whose chart marks the left
    temple and the right side and back of the neck."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    client = ClientFactory(first_name="Ada", last_name="Lovelace")
    submit_intake(
        client,
        chart=pain_chart(
            pain_mark("temple", "L", 7, "aching"),
            pain_mark("neck_side", "R", 5, "stiffness"),
            pain_mark("neck_back", "R", 4),
            average=6,
        ),
    )
    return AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=timezone.now() - timedelta(hours=3),
    )


def click_place(page: Page, selector: str) -> None:
    """Click a body-map place with the mouse where it shows: a place is clipped to the
    body's outline, so the middle of its box may lie outside the body."""
    place = page.locator(selector)
    place.scroll_into_view_if_needed()
    point = place.evaluate(
        """(element) => {
            const box = element.getBoundingClientRect();
            const steps = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
            for (const fy of steps) {
              for (const fx of steps) {
                const x = box.left + box.width * fx;
                const y = box.top + box.height * fy;
                if (document.elementFromPoint(x, y) === element) return { x, y };
              }
            }
            return null;
        }"""
    )
    assert point is not None, f"{selector} shows nowhere"
    page.mouse.click(point["x"], point["y"])


def test_therapist_writes_and_signs_a_note_and_the_client_reads_it(
    live_http, page, console_errors, past_session
):
    base = live_http.url
    appointment = past_session
    sign_in(page, base, appointment.therapist.user.email)

    page.goto(base + reverse("note", args=[appointment.pk]))
    page.get_by_role("button", name="Write the note").click()
    expect(page.get_by_role("heading", name="Session note Draft")).to_be_visible()
    rows = page.locator("#point-rows .point-row")
    expect(rows).to_have_count(1)  # the server's blank row

    page.locator("#id_subjective").fill("Headaches at the left temple, stiff neck on the right.")
    page.locator("#id_objective").fill("Taut bands in the right upper trapezius.")
    page.locator("#id_assessment").fill("Active trigger points referring to the temple.")
    page.locator("#id_plan").fill("Heat and gentle stretches twice a day.")
    page.locator("#id_pain_before").fill("6")
    page.locator("#id_pain_after").fill("3")
    page.locator("#id_therapist_remarks").fill(REMARKS)

    # Two points from the suggestions: the first fills the blank row.
    page.get_by_role("button", name="Add Upper trapezius, right").click()
    expect(rows).to_have_count(1)
    expect(rows.nth(0).locator("select[name$='-muscle']")).to_be_focused()
    page.get_by_role("button", name="Add Temporalis, left").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#point-status")).to_have_text("Added Temporalis, left.")

    # One from the pain chart: the right side of the neck offers the muscles lying there.
    click_place(page, "#note-bodymap path.bm-region[data-region='neck_side'][data-side='R']")
    offer = page.locator("#bodymap-offer")
    expect(offer.get_by_role("button")).to_have_text(
        ["Add Sternocleidomastoid, clavicular head, right", "Add Scalenes, right"]
    )
    offer.get_by_role("button", name="Add Scalenes, right").click()
    expect(rows).to_have_count(3)
    scalenes = rows.nth(2)
    expect(scalenes.locator("select[name$='-muscle']")).to_be_focused()
    scalenes.locator("select[name$='-technique']").select_option("myofascial_release")
    scalenes.locator("select[name$='-response']").select_option("partly_released")
    scalenes.get_by_label("Referral reproduced").check()
    page.screenshot(path=EDITOR_SCREENSHOT, full_page=True)

    # One typed by name, not in the catalogue, then removed again.
    page.get_by_label("Find a muscle").fill("Digastric")
    page.get_by_role("button", name="Add a point").click()
    expect(rows).to_have_count(4)
    digastric = rows.nth(3)
    expect(digastric.locator("select[name$='-muscle']")).to_have_value("other")
    expect(digastric.locator("input[name$='-other_muscle']")).to_have_value("Digastric")
    expect(digastric.locator("input[name$='-other_muscle']")).to_be_visible()
    expect(rows.nth(0).locator("input[name$='-other_muscle']")).to_be_hidden()
    digastric.get_by_label("Remove").check()
    expect(digastric).to_have_class(re.compile(r"\bpoint-removed\b"))

    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_role("heading", name="Sign the session note?")).to_be_visible()
    expect(page.locator("#limit-breaches")).to_have_count(0)  # the screening is clear
    page.get_by_role("button", name="Sign and lock the note").click()

    expect(page.get_by_text("The note is signed.")).to_be_visible()
    expect(page.locator("#note-form")).to_have_count(0)
    treated = page.locator(".note table.treated-points tbody tr")
    expect(treated).to_have_count(3)
    expect(treated.nth(2).locator("td")).to_have_text(
        ["Scalenes", "Right", "Active", "Myofascial release", "3/5", "60 s"]
        + ["Partly released", "reproduced"]
    )
    note = SessionNote.objects.get(appointment=appointment)
    assert (note.status, note.pain_before, note.pain_after, note.therapist_remarks) == (
        "signed",
        6,
        3,
        REMARKS,
    )
    assert [
        (p.muscle, p.side, p.activity, p.technique, p.pressure, p.duration_seconds, p.response)
        for p in note.points.all()
    ] == [
        ("upper_trapezius", "R", "active", "ischemic_compression", 3, 60, "released"),
        ("temporalis", "L", "active", "ischemic_compression", 3, 60, "released"),
        ("scalenes", "R", "active", "myofascial_release", 3, 60, "partly_released"),
    ]
    assert [p.referral_reproduced for p in note.points.all()] == [False, False, True]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.COMPLETED

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, appointment.client.email)
    page.goto(base + reverse("my-record"))

    expect(page.get_by_role("heading", name="Your sessions and pain")).to_be_visible()
    card = page.locator(f"#notes #note-{note.pk}")
    expect(card).to_contain_text("Pain before 6/10, after 3/10")
    expect(card.locator("table.treated-points tbody tr td:first-child")).to_have_text(
        ["Upper trapezius", "Temporalis", "Scalenes"]
    )
    expect(page.get_by_text(REMARKS)).to_have_count(0)
    expect(card).not_to_contain_text("Therapists only")
    day = day_label(appointment.start.astimezone(clinic_zone()).date())
    plot = page.locator("#pain-plot figure.pain-plot svg.pain-plot-svg")
    expect(plot).to_be_visible()
    expect(plot.locator("g.plot-point.plot-before title")).to_have_text(
        [f"Before the session on {day}: 6/10"]
    )
    expect(plot.locator("g.plot-point.plot-after title")).to_have_text(
        [f"After the session on {day}: 3/10"]
    )
    expect(plot.locator("g.plot-point.plot-intake")).to_have_count(1)
    page.screenshot(path=RECORD_SCREENSHOT, full_page=True)
    assert console_errors == []
