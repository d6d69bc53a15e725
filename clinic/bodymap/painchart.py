"""The pain chart: validation of its JSON against the body map's vocabulary."""

import json
from typing import Any

from django.core.exceptions import ValidationError

from .regions import NEUROPATHIC, REGIONS_BY_ID, Quality, mark_label

MAX_CHART_BYTES = 16_000
OVERALL = {
    "worst": "worst pain in the last 24 hours",
    "least": "least pain in the last 24 hours",
    "average": "average pain in the last 24 hours",
    "now": "pain right now",
}
MARK_KEYS = {"region", "side", "intensity", "qualities"}
QUALITY_VALUES = {quality.value for quality in Quality}


def empty_chart() -> dict:
    return {"marks": [], "worst": None, "least": None, "average": None, "now": None}


def _intensity(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValidationError(f"The {what} must be a whole number from 0 to 10.")
    return value


def _mark(raw: Any, number: int) -> dict:
    where = f"Mark {number}"
    if not isinstance(raw, dict):
        raise ValidationError(f"{where} must be an object with region, side and intensity.")
    if unknown := sorted(set(raw) - MARK_KEYS):
        raise ValidationError(f"{where} has unknown keys: {', '.join(unknown)}.")
    region = REGIONS_BY_ID.get(raw.get("region")) if isinstance(raw.get("region"), str) else None
    if region is None:
        raise ValidationError(f"{where}: unknown body region {raw.get('region')!r}.")
    side = raw.get("side")
    # Checked as a string first: a list or object from the JSON can't be looked up in a set.
    if not isinstance(side, str) or side not in {s.value for s in region.sides}:
        allowed = " or ".join(region.sides)
        raise ValidationError(f"{where}: {region.label} takes side {allowed}, not {side!r}.")
    intensity = _intensity(raw.get("intensity"), f"intensity of {mark_label(region.id, side)}")
    qualities = raw.get("qualities", [])
    if not isinstance(qualities, list) or not all(isinstance(q, str) for q in qualities):
        raise ValidationError(f"{where}: qualities must be a list of names.")
    if unknown := [q for q in qualities if q not in QUALITY_VALUES]:
        raise ValidationError(f"{where}: unknown pain quality {unknown[0]!r}.")
    if len(set(qualities)) != len(qualities):
        raise ValidationError(f"{where}: a quality is listed twice.")
    return {"region": region.id, "side": side, "intensity": intensity, "qualities": qualities}


def clean_chart(raw: Any) -> dict:
    """A valid, normalised chart from its JSON text or parsed value; ValidationError if not."""
    if isinstance(raw, (str, bytes)):
        if len(raw) > MAX_CHART_BYTES:
            raise ValidationError("The pain chart is too large.")
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):  # deep nesting exhausts the decoder's stack
            raise ValidationError("The pain chart is not valid JSON.") from None
    elif len(json.dumps(raw, default=str)) > MAX_CHART_BYTES:
        raise ValidationError("The pain chart is too large.")
    if not isinstance(raw, dict):
        raise ValidationError("The pain chart must be an object with marks and overall pain.")
    if unknown := sorted(set(raw) - {"marks", *OVERALL}):
        raise ValidationError(f"The pain chart has unknown keys: {', '.join(unknown)}.")
    marks = raw.get("marks", [])
    if not isinstance(marks, list):
        raise ValidationError("The pain chart's marks must be a list.")
    chart = {"marks": [_mark(mark, number) for number, mark in enumerate(marks, start=1)]}
    seen: set[tuple[str, str]] = set()
    for mark in chart["marks"]:
        place = (mark["region"], mark["side"])
        if place in seen:
            raise ValidationError(f"{mark_label(*place)} is marked twice.")
        seen.add(place)
    for key, what in OVERALL.items():
        if raw.get(key) is None:
            raise ValidationError(f"Give your {what} (0-10).")
        chart[key] = _intensity(raw[key], what)
    if chart["least"] > chart["worst"]:
        raise ValidationError("The least pain can't be more than the worst.")
    if not chart["least"] <= chart["average"] <= chart["worst"]:
        raise ValidationError("The average pain must lie between the least and the worst.")
    return chart


def neuropathic_marks(chart: dict) -> list[str]:
    """Labels of marked places described with nerve-pain qualities."""
    return [
        mark_label(mark["region"], mark["side"])
        for mark in chart.get("marks", [])
        if NEUROPATHIC.intersection(mark["qualities"])
    ]


def chart_from_intensities(values: dict[tuple[str, str], int | None], overall: dict) -> dict:
    """A chart from the no-JavaScript form: one intensity per region and side."""
    marks = [
        {"region": region_id, "side": side, "intensity": value, "qualities": []}
        for (region_id, side), value in values.items()
        if value is not None
    ]
    return {"marks": marks, **overall}
