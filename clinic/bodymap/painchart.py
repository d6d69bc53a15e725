"""The pain chart: a value object for the places a client marked and their overall pain,
and the validation of its JSON against the body map's vocabulary.

Stored as JSON (`Intake.pain_chart`) in this shape:

    {"marks": [{"region": "temple", "side": "L", "intensity": 7, "qualities": ["aching"]}],
     "worst": 8, "least": 2, "average": 5, "now": 4}

`PainChart.parse` checks JSON from a form or the API, which can hold anything;
`PainChart.from_json` reads a chart that was checked when it was stored; `to_json` gives
the stored shape back, so what is saved never depends on how the chart is read.
"""

import json
from dataclasses import dataclass, replace
from typing import Any, Self

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

Place = tuple[str, str]


@dataclass(frozen=True)
class Mark:
    """One marked place: a region, its side (L, R, or M on the midline), how much it hurts
    (0-10) and the qualities the client chose, in their order."""

    region: str
    side: str
    intensity: int
    qualities: tuple[str, ...] = ()

    @property
    def place(self) -> Place:
        return (self.region, self.side)

    @property
    def label(self) -> str:
        """How the place reads to people: "Temple, your left"."""
        return mark_label(self.region, self.side)

    @property
    def is_neuropathic(self) -> bool:
        """Whether the place is described with nerve-pain qualities, which the screening
        flags for the therapist."""
        return bool(NEUROPATHIC.intersection(self.qualities))

    @classmethod
    def from_json(cls, data: dict) -> Self:
        """A stored mark; one stored without qualities has none."""
        qualities = tuple(data.get("qualities", ()))
        return cls(data["region"], data["side"], data["intensity"], qualities)

    def to_json(self) -> dict:
        return {
            "region": self.region,
            "side": self.side,
            "intensity": self.intensity,
            "qualities": list(self.qualities),
        }


@dataclass(frozen=True)
class PainChart:
    """A client's pain chart. `PainChart()` is the empty chart: no marks, nothing given."""

    marks: tuple[Mark, ...] = ()
    worst: int | None = None
    least: int | None = None
    average: int | None = None
    now: int | None = None

    @classmethod
    def parse(cls, raw: Any) -> Self:
        """A valid, normalised chart from its JSON text or parsed value; ValidationError
        naming the first thing wrong if not."""
        data = _chart_object(raw)
        marks = data.get("marks", [])
        if not isinstance(marks, list):
            raise ValidationError("The pain chart's marks must be a list.")
        checked = tuple(_mark(mark, number) for number, mark in enumerate(marks, start=1))
        _check_places(checked)
        overall = {key: _overall_value(data.get(key), what) for key, what in OVERALL.items()}
        if overall["least"] > overall["worst"]:
            raise ValidationError("The least pain can't be more than the worst.")
        if not overall["least"] <= overall["average"] <= overall["worst"]:
            raise ValidationError("The average pain must lie between the least and the worst.")
        return cls(checked, **overall)

    @classmethod
    def from_json(cls, data: dict | None) -> Self:
        """A chart as stored. Trusted: it was parsed before it was saved. A missing key, an
        empty dict or None reads as nothing given."""
        data = data or {}
        marks = tuple(Mark.from_json(mark) for mark in data.get("marks", ()))
        return cls(marks, **{key: data.get(key) for key in OVERALL})

    @classmethod
    def from_intensities(
        cls, values: dict[Place, int | None], overall: dict[str, int | None]
    ) -> Self:
        """A chart from the no-JavaScript form: one intensity per region and side (None
        where the client left it empty), and the overall values keyed as OVERALL. Not
        checked: parse its JSON for that."""
        marks = tuple(
            Mark(region_id, side, value)
            for (region_id, side), value in values.items()
            if value is not None
        )
        return cls(marks, **overall)

    def to_json(self) -> dict:
        """The stored shape: marks first, then the overall values."""
        return {"marks": [mark.to_json() for mark in self.marks], **self.overall}

    @property
    def overall(self) -> dict[str, int | None]:
        """The overall values keyed as OVERALL: worst, least, average and now."""
        return {key: getattr(self, key) for key in OVERALL}

    @property
    def neuropathic_marks(self) -> list[str]:
        """Labels of the marked places described with nerve-pain qualities."""
        return [mark.label for mark in self.marks if mark.is_neuropathic]

    def mark_at(self, region: str, side: str) -> Mark | None:
        return next((mark for mark in self.marks if mark.place == (region, side)), None)

    def with_qualities_of(self, other: "PainChart") -> Self:
        """This chart with each place's qualities taken from `other`'s mark of the place.

        The no-JavaScript form carries intensities only, so the qualities chosen earlier
        come from the chart the page was showing.
        """
        marks = []
        for mark in self.marks:
            earlier = other.mark_at(*mark.place)
            marks.append(replace(mark, qualities=earlier.qualities if earlier else ()))
        return replace(self, marks=tuple(marks))


def _chart_object(raw: Any) -> dict:
    """The chart's JSON object, checked for size, syntax and keys but not yet its values."""
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
    return raw


def _intensity(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValidationError(f"The {what} must be a whole number from 0 to 10.")
    return value


def _overall_value(value: Any, what: str) -> int:
    if value is None:
        raise ValidationError(f"Give your {what} (0-10).")
    return _intensity(value, what)


def _mark(raw: Any, number: int) -> Mark:
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
    return Mark(region.id, side, intensity, tuple(qualities))


def _check_places(marks: tuple[Mark, ...]) -> None:
    seen: set[Place] = set()
    for mark in marks:
        if mark.place in seen:
            raise ValidationError(f"{mark.label} is marked twice.")
        seen.add(mark.place)
