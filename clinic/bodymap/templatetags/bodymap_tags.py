"""The body map in templates: `{% body_map chart %}` to read a pain chart,
`{% pain_chart_input form %}` to fill one in, and `{% body_map_heat counts %}` to show how
often each place was treated.

    {% load bodymap_tags %}
    {% body_map intake.chart %}
    {% pain_chart_input form %}
    {% body_map_heat counts %}

Both draw the front and back views from `clinic.bodymap_shapes`; colours come from
`static/css/bodymap.css` through classes, and the input's behaviour from
`static/js/painchart.js`, which the page loads with a `<script src>`.
"""

import json
from typing import Any

from django import template
from django.forms import BoundField, Form

from clinic.bodymap.painchart import MAX_CHART_BYTES, OVERALL, PainChart
from clinic.bodymap.regions import (
    NEUROPATHIC,
    QUALITY_LABELS,
    REGIONS,
    REGIONS_BY_ID,
    SIDE_LABELS,
    Quality,
    Side,
    mark_label,
)
from clinic.bodymap.shapes import (
    SHAPES,
    SIDE_ON_VIEWER_LEFT,
    SILHOUETTES,
    VIEW_NAMES,
    VIEWBOX,
    WIDTH,
    Shape,
    View,
)

register = template.Library()

CAPTIONS = {View.FRONT: "Front", View.BACK: "Back"}
PLACES = [(shape.region, shape.side.value) for view in View for shape in SHAPES[view]]
PLACE_ORDER = {place: index for index, place in enumerate(PLACES)}

Place = tuple[str, str]


# --- Reading a chart --------------------------------------------------------------------


def _intensity(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    return value if ok else None


def _chart_marks(chart: PainChart) -> dict[Place, dict]:
    """A stored chart's marks by place, with their qualities in the vocabulary's order; a
    place the drawing no longer has is left out rather than break the page."""
    return {
        mark.place: {
            "intensity": mark.intensity,
            "qualities": [q for q in Quality if q.value in mark.qualities],
        }
        for mark in chart.marks
        if mark.place in PLACE_ORDER
    }


def _marks(chart: Any) -> dict[Place, dict]:
    """A posted chart's marks by place, skipping any that don't fit the body map.

    Tolerant on purpose: a chart read back from a failed form may be half valid, and what
    can be shown should be.
    """
    raw_marks = chart.get("marks") if isinstance(chart, dict) else None
    marks: dict[Place, dict] = {}
    for raw in raw_marks if isinstance(raw_marks, list) else []:
        if not isinstance(raw, dict):
            continue
        place = (raw.get("region"), raw.get("side"))
        intensity = _intensity(raw.get("intensity"))
        if not all(isinstance(part, str) for part in place) or intensity is None:
            continue
        if place not in PLACE_ORDER or place in marks:
            continue
        qualities = raw.get("qualities")
        names = [q for q in Quality if isinstance(qualities, list) and q.value in qualities]
        marks[place] = {"intensity": intensity, "qualities": names}
    return marks


def _chart_from_text(text: Any) -> Any:
    """The parsed JSON of a posted chart, or None if it is empty, too big or broken."""
    if not isinstance(text, str) or not text or len(text) > MAX_CHART_BYTES:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _describe(place: Place, mark: dict) -> dict:
    label = mark_label(*place)
    qualities = ", ".join(QUALITY_LABELS[q].lower() for q in mark["qualities"])
    strength = f"{mark['intensity']}/10"
    return {
        "region": place[0],
        "side": place[1],
        "label": label,
        "intensity": mark["intensity"],
        "strength": strength,
        "qualities": qualities,
        "neuropathic": bool(NEUROPATHIC.intersection(mark["qualities"])),
        "title": f"{label}: {strength}" + (f", {qualities}" if qualities else ""),
    }


def _mark_rows(marks: dict[Place, dict]) -> list[dict]:
    """The marks, described, head to toe (the order of the drawing)."""
    return [_describe(place, marks[place]) for place in sorted(marks, key=PLACE_ORDER.get)]


# --- Drawing ----------------------------------------------------------------------------


ID_PREFIX = "bm"  # the ids of the pain chart's drawing: bm-front-temple-L, bm-clip-front


def _element_id(shape: Shape, prefix: str) -> str:
    """A region path's id under a prefix: `shape.element_id` for the default one."""
    return f"{prefix}-{VIEW_NAMES[shape.view]}-{shape.region}-{shape.side.value}"


def _views(marks: dict[Place, dict], prefix: str = ID_PREFIX) -> list[dict]:
    """Both views, ready for `_body_map_svg.html`. Element ids start with `prefix`, so
    two drawings on one page can keep them unique."""
    views = []
    for view in View:
        viewer_left = SIDE_ON_VIEWER_LEFT[view]
        viewer_right = Side.LEFT if viewer_left == Side.RIGHT else Side.RIGHT
        regions = []
        for shape in SHAPES[view]:
            place = (shape.region, shape.side.value)
            mark = marks.get(place)
            regions.append(
                {
                    "id": _element_id(shape, prefix),
                    "region": shape.region,
                    "side": shape.side.value,
                    "d": shape.d,
                    "label": mark_label(*place),
                    "mark": mark,
                    "title": _describe(place, mark)["title"] if mark else mark_label(*place),
                }
            )
        views.append(
            {
                "name": VIEW_NAMES[view],
                "clip_id": f"{prefix}-clip-{VIEW_NAMES[view]}",
                "caption": CAPTIONS[view],
                "viewbox": VIEWBOX,
                "width": WIDTH,
                "silhouette": SILHOUETTES[view],
                "viewer_left": SIDE_LABELS[viewer_left],
                "viewer_right": SIDE_LABELS[viewer_right],
                "regions": regions,
            }
        )
    return views


def _overall(chart: PainChart) -> list[dict]:
    values = chart.overall
    return [
        {"key": key, "label": what.capitalize(), "value": values[key]}
        for key, what in OVERALL.items()
    ]


@register.inclusion_tag("bodymap/_body_map.html")
def body_map(chart: PainChart | None) -> dict:
    """A pain chart to read: both views with the marked places coloured, and the marks.
    None, or a missing template variable, draws the empty chart."""
    chart = chart or PainChart()
    marks = _chart_marks(chart)
    return {"views": _views(marks), "marks": _mark_rows(marks), "overall": _overall(chart)}


# --- Filling in -------------------------------------------------------------------------


def _number_input(field: BoundField) -> str:
    css = "form-control form-control-sm bm-fallback-input"
    attrs = {"class": css + (" is-invalid" if field.errors else "")}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


def _fallback_cell(form: Form, region_id: str, side: str) -> dict | None:
    """One region and side's number field, or None where the region has no such side."""
    name = f"pain_{region_id}_{side}"  # as clients.forms.fallback_name spells it
    if name not in form.fields:
        return None
    field = form[name]
    return {
        "id": field.id_for_label,
        "label": mark_label(region_id, side),
        "input": _number_input(field),
        "errors": field.errors,
    }


def _fallback_groups(form: Form) -> list[dict]:
    """Every region and side as a number field, grouped as in the vocabulary."""
    groups: list[dict] = []
    for region in REGIONS:
        if not groups or groups[-1]["name"] != region.group:
            groups.append({"name": region.group, "rows": []})
        groups[-1]["rows"].append(
            {
                "label": region.label,
                "note": region.note,
                # Columns as the front view shows the body: your right, middle, your left.
                "cells": [_fallback_cell(form, region.id, side) for side in "RML"],
            }
        )
    return groups


@register.inclusion_tag("bodymap/_pain_chart_input.html")
def pain_chart_input(form: Form) -> dict:
    """The pain chart step of a `PainChartForm`: the body map, its editor, the overall
    pain fields and, for browsers without JavaScript, one number field per place."""
    chart_field = form["pain_chart"]
    marks = _marks(_chart_from_text(chart_field.value()))
    return {
        "form": form,
        "chart_field": chart_field,
        "prefix": form.add_prefix(""),
        "views": _views(marks),
        "marks": _mark_rows(marks),
        "qualities": [
            {"value": q.value, "label": QUALITY_LABELS[q], "neuropathic": q in NEUROPATHIC}
            for q in Quality
        ],
        "overall_fields": [form[f"pain_{key}"] for key in OVERALL],
        "fallback_groups": _fallback_groups(form),
    }


# --- Treated places: a heat map ---------------------------------------------------------

# Times treated to a colour bucket, on a fixed scale rather than one scaled to the largest
# count: a colour then means the same on every client's map and stays put as counts grow.
HEAT_BUCKETS: tuple[tuple[int, int], ...] = ((8, 5), (5, 4), (3, 3), (2, 2), (1, 1))
HEAT_LEGEND: tuple[tuple[int, str], ...] = (
    (1, "1"),
    (2, "2"),
    (3, "3-4"),
    (4, "5-7"),
    (5, "8 or more"),
)
HEAT_ID_PREFIX = "bm-heat"


def heat_bucket(count: int) -> int:
    """1 to 5 for 1, 2, 3-4, 5-7 and 8 or more treatments; 0 for none."""
    return next((bucket for least, bucket in HEAT_BUCKETS if count >= least), 0)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _treated(counts: Any) -> dict[Place, int]:
    """The counts of places on the body map, skipping unknown places and counts below 1."""
    treated: dict[Place, int] = {}
    for place, count in counts.items() if isinstance(counts, dict) else ():
        if not (isinstance(place, tuple) and len(place) == 2 and place in PLACE_ORDER):
            continue
        if isinstance(count, int) and not isinstance(count, bool) and count >= 1:
            region_id, side = place
            treated[(str(region_id), str(side))] = count
    return treated


@register.inclusion_tag("bodymap/_body_map_heat.html")
def body_map_heat(counts: dict[Place, int] | None, prefix: str = HEAT_ID_PREFIX) -> dict:
    """How often each place was treated: `counts` maps (region id, side) to a number of
    treatments. Both views, each treated place coloured `bm-heat heat-<1..5>` (see
    HEAT_BUCKETS), and a legend. Ids start with `prefix` ("bm-heat-front-temple-L"), so
    the map can share a page with a pain chart; give each further heat map its own."""
    treated = _treated(counts)
    views = _views({}, prefix=prefix)
    for view in views:
        for row in view["regions"]:
            count = treated.get((row["region"], row["side"]))
            if count:
                row["heat"] = heat_bucket(count)
                row["title"] = f"{row['label']}: treated {_times(count)}"
    most_first = sorted(treated, key=lambda place: (-treated[place], PLACE_ORDER[place]))
    return {
        "views": views,
        "legend": [{"bucket": bucket, "label": label} for bucket, label in HEAT_LEGEND],
        "treated": [
            {
                "label": mark_label(*place),
                "times": _times(treated[place]),
                "bucket": heat_bucket(treated[place]),
            }
            for place in most_first
        ],
    }


@register.filter
def region_labels(region_ids) -> str:
    """ "temple, neck_back" as people read it: "Temple, Back of the neck" (each once)."""
    labels = [REGIONS_BY_ID[r].label for r in dict.fromkeys(region_ids) if r in REGIONS_BY_ID]
    return ", ".join(labels)
