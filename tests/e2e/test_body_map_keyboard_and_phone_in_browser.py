"""The pain chart's body map by the arrow keys, and on a phone's screen, in a real Chromium.

The map is one stop of the Tab key; the arrow keys move from place to place as the figures
lie on the screen, and reach every place. On a phone every place can be chosen with a target
at least 24 by 24 CSS pixels: the place itself, or its button in the list of places.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import blocking_axe_violations
from tests.e2e.signin import signed_in_as
from tests.e2e.test_pain_chart_in_browser import start_intake_and_fill_contact, tab_to
from tests.factories import ClientFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
MIN_TARGET = 24
ARROWS = ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight")

CENTRE = """(element) => {
    const box = element.getBoundingClientRect();
    return [box.left + box.width / 2, box.top + box.height / 2];
}"""


@pytest.fixture
def chart_step(live_http, page):
    """A client's intake, open at its pain chart step."""
    signed_in_as(page, live_http.url, ClientFactory())
    start_intake_and_fill_contact(page, live_http.url)
    expect(page.locator("[data-bm-interactive]")).to_be_visible()  # the script has run
    return page


def reload(page) -> None:
    page.reload()
    expect(page.locator("[data-bm-interactive]")).to_be_visible()


def focused_place(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_body_map_is_one_tab_stop(chart_step):
    page = chart_step
    regions = page.locator(".pain-chart .bm-region")

    tab_to(page, page.locator(".pain-chart .bm-region[tabindex='0']"))
    entered = focused_place(page)
    page.keyboard.press("Tab")

    expect(page.locator(".pain-chart .bm-region[tabindex='0']")).to_have_count(1)
    assert regions.count() > 1
    assert entered == regions.first.get_attribute("id")
    assert not page.evaluate("() => document.activeElement.matches('.bm-region')")


def test_arrow_keys_move_to_the_nearest_place_that_way(chart_step):
    page = chart_step
    tab_to(page, page.locator(".pain-chart .bm-region[tabindex='0']"))
    moves = []

    for key in ("ArrowDown", "ArrowDown", "ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        before = page.locator(f"#{focused_place(page)}").evaluate(CENTRE)
        page.keyboard.press(key)
        after = page.locator(f"#{focused_place(page)}").evaluate(CENTRE)
        moves.append((key, after[0] - before[0], after[1] - before[1]))

    assert [key for key, dx, dy in moves if not goes(key, dx, dy)] == []
    assert page.locator(f"#{focused_place(page)}").get_attribute("tabindex") == "0"


def goes(key: str, dx: float, dy: float) -> bool:
    """Whether a move of (dx, dy) pixels went the way of `key`, more than across it."""
    along, across = {"ArrowRight": (dx, dy), "ArrowLeft": (-dx, dy)}.get(key, (0, 0))
    if key in ("ArrowDown", "ArrowUp"):
        along, across = (dy if key == "ArrowDown" else -dy), dx
    return along > 0 and along >= abs(across)


def test_arrow_keys_reach_every_place(chart_step):
    page = chart_step
    every = set(page.locator(".pain-chart .bm-region").evaluate_all("(all) => all.map(e => e.id)"))
    start = page.locator(".pain-chart .bm-region").first.get_attribute("id")
    reached, waiting = {start}, [start]

    while waiting:
        place = waiting.pop()
        for key in ARROWS:
            page.locator(f"#{place}").focus()
            page.keyboard.press(key)
            found = focused_place(page)
            if found not in reached:
                reached.add(found)
                waiting.append(found)

    assert reached == every


def test_every_place_has_a_target_of_24_px_on_a_phone(chart_step):
    page = chart_step
    page.set_viewport_size(PHONE)
    reload(page)
    places = page.locator(".pain-chart .bm-region").evaluate_all(
        """(all) => all.map((region) => {
            const button = document.querySelector(
                `[data-bm-place][data-region="${region.dataset.region}"]` +
                `[data-side="${region.dataset.side}"]`
            );
            const size = (element) => {
                const box = element.getBoundingClientRect();
                return Math.min(box.width, box.height);
            };
            return [region.id, Math.max(size(region), button ? size(button) : 0)];
        })"""
    )

    too_small = {place: size for place, size in places if size < MIN_TARGET}

    assert len(places) > 1
    assert too_small == {}
    assert blocking_axe_violations(page) == []


def test_a_place_chosen_from_the_list_opens_its_editor(chart_step):
    page = chart_step
    page.set_viewport_size(PHONE)
    reload(page)

    page.locator("[data-bm-place-list]").get_by_role("button", name="Jaw, your left").click()

    expect(page.locator("#bm-editor-title")).to_have_text("Jaw, your left")
    expect(page.locator("#bm-intensity-range")).to_be_focused()


def test_the_list_of_places_is_open_on_a_phone_only(chart_step):
    page = chart_step
    list_of_places = page.locator("[data-bm-place-list]")
    on_a_desktop = list_of_places.evaluate("(details) => details.open")
    page.set_viewport_size(PHONE)

    reload(page)

    assert (on_a_desktop, list_of_places.evaluate("(details) => details.open")) == (False, True)
