"""A client marks a pain chart in a real Chromium and their therapist reads it.

Two ways through the chart step: with the mouse, and with the keyboard alone. The other
steps of the intake are filled as any form is; the chart is what is tested. Time is not
frozen (the browser and the server thread read the real clock): the appointment that lets
the therapist read the intake lies a few days ahead.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from clients.intake.models import Intake
from tests.e2e.signin import sign_in
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    bookable_therapist,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHART_SCREENSHOT = "/tmp/e2e-chart.png"
THERAPIST_SCREENSHOT = "/tmp/e2e-therapist-intake.png"
FULL_NAME = "Ada Lovelace"
# Enough for a whole page of nav links, the list of places, the marks and the editor.
MAX_TABS = 250
# Enough to cross both figures.
MAX_ARROWS = 40


# --- Arrange ------------------------------------------------------------------------------


@pytest.fixture
def booked():
    """A client and the user of a bookable therapist they have a live appointment with."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    therapist = bookable_therapist(service)
    client = ClientFactory(first_name="Ada", last_name="Lovelace")
    AppointmentFactory(client=client, therapist=therapist, service=service)
    return client, therapist.user


# --- Steps shared by both ways through the chart ------------------------------------------


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def start_intake_and_fill_contact(page: Page, base: str) -> None:
    page.goto(base + reverse("intake-home"))
    page.get_by_role("button", name="Fill in your intake").click()
    expect(page).to_have_url(base + reverse("intake-step", args=["contact"]))
    page.locator("#id_phone").fill("416-555-0100")
    page.locator("#id_emergency_contact_name").fill("Sam Chen")
    page.locator("#id_emergency_contact_phone").fill("416-555-0199")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(base + reverse("intake-step", args=["chart"]))


def fill_history_health_and_sign(page: Page, base: str) -> None:
    expect(page).to_have_url(base + reverse("intake-step", args=["history"]))
    page.locator("#id_pain_onset").fill("After moving house in May.")
    page.locator("#id_pain_duration").select_option("chronic")
    page.locator("#id_pain_pattern").select_option("intermittent")
    page.locator("#id_goals").fill("Less pain at work.")
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_url(base + reverse("intake-step", args=["health"]))
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_url(base + reverse("intake-step", args=["consent"]))
    page.locator("#id_consent_treatment").check()
    page.locator("#id_consent_privacy").check()
    page.locator("#id_signature").fill(FULL_NAME)
    page.get_by_role("button", name="Sign and send").click()
    expect(page).to_have_url(base + reverse("intake-home"))
    expect(page.get_by_text("Thank you: version 1 of your intake is signed.")).to_be_visible()


def open_as_therapist(page: Page, base: str, therapist_email: str, client_id: int) -> None:
    sign_out(page)
    sign_in(page, base, therapist_email)
    page.goto(base + reverse("client-intake", args=[client_id]))
    expect(page.get_by_role("heading", name=f"{FULL_NAME}: intake")).to_be_visible()


def expect_marks_drawn(page: Page, regions: dict[str, int], texts: list[str]) -> None:
    """Exactly these regions (element id -> intensity) are coloured, and listed as `texts`."""
    for element_id, intensity in regions.items():
        expect(page.locator(f"#{element_id}")).to_have_class(
            f"bm-region bm-marked pain-{intensity}"
        )
    expect(page.locator(".bm-region.bm-marked")).to_have_count(len(regions))
    expect(page.locator(".bm-marks li")).to_have_text(texts)


# --- With the mouse -----------------------------------------------------------------------


def mark_with_mouse(page: Page, element_id: str, intensity: int, *qualities: str) -> None:
    page.locator(f"#{element_id}").click()
    expect(page.locator("[data-bm-editor]")).to_be_visible()
    page.locator("#bm-intensity").fill(str(intensity))
    for quality in qualities:
        page.locator(f"#bm-quality-{quality}").check()
    page.get_by_role("button", name="Save mark").click()
    expect(page.locator("[data-bm-editor]")).to_be_hidden()


def test_pain_chart_marked_with_the_mouse_reaches_the_therapist(
    live_http, page, console_errors, booked
):
    client, therapist_user = booked
    base = live_http.url
    sign_in(page, base, client.email)
    start_intake_and_fill_contact(page, base)

    mark_with_mouse(page, "bm-front-temple-L", 7, "aching", "throbbing")
    # The slider, not the number box, for this one.
    page.locator("#bm-front-chest-R").click()
    page.locator("#bm-intensity-range").fill("4")
    expect(page.locator("#bm-intensity")).to_have_value("4")
    page.locator("#bm-quality-tingling").check()
    page.get_by_role("button", name="Save mark").click()
    mark_with_mouse(page, "bm-back-low_back-L", 9, "stiffness")
    page.locator("#id_pain_worst").fill("9")
    page.locator("#id_pain_least").fill("2")
    page.locator("#id_pain_average").fill("5")
    page.locator("#id_pain_now").fill("6")
    regions = {"bm-front-temple-L": 7, "bm-front-chest-R": 4, "bm-back-low_back-L": 9}
    texts = [
        "Temple, your left: 7/10, aching, throbbing",
        "Chest, your right: 4/10, tingling nerve pain signs",
        "Low back, your left: 9/10, stiffness",
    ]
    expect_marks_drawn(page, regions, texts)
    page.screenshot(path=CHART_SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Save and continue").click()
    fill_history_health_and_sign(page, base)
    open_as_therapist(page, base, therapist_user.email, client.pk)

    expect_marks_drawn(page, regions, texts)
    page.screenshot(path=THERAPIST_SCREENSHOT, full_page=True)
    intake = Intake.objects.get(client=client)
    assert intake.pain_chart == {
        "marks": [
            {"region": "temple", "side": "L", "intensity": 7, "qualities": ["aching", "throbbing"]},
            {"region": "chest", "side": "R", "intensity": 4, "qualities": ["tingling"]},
            {"region": "low_back", "side": "L", "intensity": 9, "qualities": ["stiffness"]},
        ],
        "worst": 9,
        "least": 2,
        "average": 5,
        "now": 6,
    }
    assert (intake.signature, intake.screening_status) == (FULL_NAME, "caution")
    assert console_errors == []


# --- With the keyboard alone --------------------------------------------------------------


def is_focused(target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus, as a keyboard user moves through the page."""
    for _ in range(MAX_TABS):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


# The arrow key that moves from the focused place towards a place, along the longer way.
TOWARDS = """(target) => {
    const centre = (element) => {
        const box = element.getBoundingClientRect();
        return [box.left + box.width / 2, box.top + box.height / 2];
    };
    const [fromX, fromY] = centre(document.activeElement);
    const [toX, toY] = centre(target);
    const dx = toX - fromX, dy = toY - fromY;
    if (Math.abs(dx) > Math.abs(dy)) return dx > 0 ? "ArrowRight" : "ArrowLeft";
    return dy > 0 ? "ArrowDown" : "ArrowUp";
}"""


def arrow_to(page: Page, region: Locator) -> None:
    """Tab to the body map (one stop), then move with the arrow keys to `region`."""
    if not page.evaluate("() => document.activeElement.matches('.bm-region')"):
        expect(page.locator("[data-bm-interactive]")).to_be_visible()  # the script has run
        tab_to(page, page.locator(".pain-chart .bm-region[tabindex='0']"))
    for _ in range(MAX_ARROWS):
        if is_focused(region):
            return
        page.keyboard.press(region.evaluate(TOWARDS))
    expect(region).to_be_focused()


def mark_with_keyboard(page: Page, element_id: str, intensity: int | str, quality: str) -> None:
    """Mark a region from the keyboard; an int intensity by arrow keys, a str one typed."""
    region = page.locator(f"#{element_id}")
    arrow_to(page, region)
    page.keyboard.press("Enter")
    expect(page.locator("[data-bm-editor]")).to_be_visible()
    expect(page.locator("#bm-intensity-range")).to_be_focused()
    if isinstance(intensity, int):
        for _ in range(intensity):
            page.keyboard.press("ArrowRight")
    else:
        page.keyboard.press("Tab")
        expect(page.locator("#bm-intensity")).to_be_focused()
        page.keyboard.type(intensity)
    tab_to(page, page.locator(f"#bm-quality-{quality}"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save mark"))
    page.keyboard.press("Enter")
    expect(page.locator("[data-bm-editor]")).to_be_hidden()
    expect(region).to_be_focused()  # back where the user was, to go on from there


def test_pain_chart_marked_with_the_keyboard_alone_reaches_the_therapist(
    live_http, page, console_errors, booked
):
    client, therapist_user = booked
    base = live_http.url
    sign_in(page, base, client.email)
    start_intake_and_fill_contact(page, base)

    mark_with_keyboard(page, "bm-front-jaw-L", 6, "sharp")
    mark_with_keyboard(page, "bm-front-shoulder_front-R", "3", "cramping")
    mark_with_keyboard(page, "bm-back-scapula_medial-R", "8", "burning")
    for field, value in [("worst", "8"), ("least", "1"), ("average", "4"), ("now", "3")]:
        tab_to(page, page.locator(f"#id_pain_{field}"))
        page.keyboard.type(value)
    tab_to(page, page.get_by_role("button", name="Save and continue"))
    page.keyboard.press("Enter")
    fill_history_health_and_sign(page, base)
    open_as_therapist(page, base, therapist_user.email, client.pk)

    expect_marks_drawn(
        page,
        {"bm-front-jaw-L": 6, "bm-front-shoulder_front-R": 3, "bm-back-scapula_medial-R": 8},
        [
            "Jaw, your left: 6/10, sharp",
            "Front of the shoulder, your right: 3/10, cramping",
            "Between the shoulder blades, your right: 8/10, burning nerve pain signs",
        ],
    )
    assert Intake.objects.get(client=client).pain_chart == {
        "marks": [
            {"region": "jaw", "side": "L", "intensity": 6, "qualities": ["sharp"]},
            {"region": "shoulder_front", "side": "R", "intensity": 3, "qualities": ["cramping"]},
            {"region": "scapula_medial", "side": "R", "intensity": 8, "qualities": ["burning"]},
        ],
        "worst": 8,
        "least": 1,
        "average": 4,
        "now": 3,
    }
    assert console_errors == []
