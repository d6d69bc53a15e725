"""What the intake page tests share: the typed chart step, the whole form, reading a page."""

import re

from django.test import Client

from clients.intake.forms import CONTACT_FIELDS, HEALTH_FIELDS, HISTORY_FIELDS
from tests.factories import pain_chart, pain_mark
from tests.pages import html

# The chart step without JavaScript: one number per place, and the overall pain.
FALLBACK = {
    "pain_chart": "",
    "pain_temple_L": "7",
    "pain_neck_back_R": "4",
    "pain_worst": "8",
    "pain_least": "2",
    "pain_average": "5",
    "pain_now": "4",
}
FALLBACK_CHART = pain_chart(
    pain_mark("temple", "L", 7), pain_mark("neck_back", "R", 4), worst=8, least=2, average=5, now=4
)


def step_data(fields: list[str], answers: dict) -> dict:
    """A step's POST as a browser sends it: ticked boxes as "on", unticked ones left out."""
    return {
        name: "on" if answers[name] is True else answers[name]
        for name in fields
        if answers[name] is not False
    }


def input_value(response, name: str) -> str | None:
    """The value of the <input name=...> on the page, None if it has none."""
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html(response)).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else None


def is_checked(response, name: str) -> bool:
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html(response)).group(0)
    return " checked" in tag


def fill_intake(http: Client, answers: dict, chart_post: dict, signature: str = "Ava Chen", **read):
    """Walk the whole form from the start; the answer of the last step. `read` is sent
    with the consent step, e.g. the versions of the texts shown."""
    steps = [
        http.post("/intake/new/"),
        http.post("/intake/new/contact/", step_data(CONTACT_FIELDS, answers)),
        http.post("/intake/new/chart/", chart_post),
        http.post("/intake/new/history/", step_data(HISTORY_FIELDS, answers)),
        http.post("/intake/new/health/", step_data(HEALTH_FIELDS, answers)),
    ]
    assert [step["Location"] for step in steps] == [
        "/intake/new/contact/",
        "/intake/new/chart/",
        "/intake/new/history/",
        "/intake/new/health/",
        "/intake/new/consent/",
    ]
    consent = step_data(["consent_treatment", "consent_privacy"], answers)
    return http.post("/intake/new/consent/", {**consent, "signature": signature, **read})


def marked_paths(response) -> list[tuple[str, str, str]]:
    """(intensity, region, side) of every coloured region of the body maps on a page."""
    tags = re.findall(r'<path class="bm-region bm-marked pain-\d+"[^>]*>', html(response))
    return [
        (
            re.search(r"pain-(\d+)", tag).group(1),
            re.search(r'data-region="([a-z_]+)"', tag).group(1),
            re.search(r'data-side="([LRM])"', tag).group(1),
        )
        for tag in tags
    ]


def change_rows(response) -> list[tuple[str, str, str]]:
    table = re.search(
        r'<table class="table table-sm" id="changes">(.*?)</table>', html(response), re.S
    )
    return re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table.group(1))
