"""What changed between two versions of an intake, in words a therapist reads quickly."""

from dataclasses import dataclass

from clinic.bodymap.painchart import OVERALL, Mark, PainChart
from clinic.bodymap.regions import QUALITY_LABELS, Quality, mark_label

from .forms import ANSWER_FIELDS, CONSENT_FIELDS, CONSENT_KINDS
from .models import Intake


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def consent_text(intake: Intake, name: str) -> str:
    """A consent's answer with the version of the text agreed to."""
    document = getattr(intake, f"{name}_document")
    if document is None:
        return "Yes (wording not recorded)"
    return f"Yes, to version {document.version}"


def answer_text(intake: Intake, name: str) -> str:
    if name in CONSENT_KINDS:
        return consent_text(intake, name)
    value = getattr(intake, name)
    field = Intake._meta.get_field(name)
    if field.choices:
        return str(getattr(intake, f"get_{name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value).strip() or "—"


def mark_text(mark: Mark | None) -> str:
    if mark is None:
        return "—"
    qualities = "; ".join(QUALITY_LABELS[Quality(q)].lower() for q in mark.qualities)
    return f"{mark.intensity}/10" + (f" ({qualities})" if qualities else "")


def chart_changes(before: PainChart, after: PainChart) -> list[Change]:
    """Each place whose mark differs (the earlier chart's places first), then each overall
    value that differs."""
    old = {mark.place: mark for mark in before.marks}
    new = {mark.place: mark for mark in after.marks}
    changes = [
        Change(
            f"Pain at {mark_label(*place)}", mark_text(old.get(place)), mark_text(new.get(place))
        )
        for place in [*old, *(place for place in new if place not in old)]
        if old.get(place) != new.get(place)
    ]
    was, now = before.overall, after.overall
    changes += [
        Change(what.capitalize(), f"{was[key]}/10", f"{now[key]}/10")
        for key, what in OVERALL.items()
        if was[key] != now[key]
    ]
    return changes


def intake_changes(previous: Intake | None, current: Intake) -> list[Change]:
    """Every answer and chart mark that differs; empty for a first version."""
    if previous is None:
        return []
    changes = [
        Change(
            str(Intake._meta.get_field(name).verbose_name).capitalize(),
            answer_text(previous, name),
            answer_text(current, name),
        )
        for name in ANSWER_FIELDS
        if name not in CONSENT_FIELDS and answer_text(previous, name) != answer_text(current, name)
    ]
    return changes + chart_changes(previous.chart, current.chart)
