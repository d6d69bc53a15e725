"""A client's outcomes: the pain trend (before and after each session, each intake, each
check-in) and where and how often trigger points were treated."""

from collections import Counter

from clients.intake.models import Intake
from clinic.bodymap.muscles import MUSCLES_BY_ID
from clinic.bodymap.painchart import PainChart
from clinic.clock import clinic_zone
from sessions.checkins.models import CheckIn
from sessions.notes.models import NoteStatus, SessionNote

from .plot import OutcomePoint


def client_outcomes(client_id: int) -> list[OutcomePoint]:
    """Pain before and after each signed session, and each intake's average, by date."""
    zone = clinic_zone()
    points = []
    for start, before, after in SessionNote.objects.filter(
        appointment__client_id=client_id, status=NoteStatus.SIGNED
    ).values_list("appointment__start", "pain_before", "pain_after"):
        day = start.astimezone(zone).date()
        points += [OutcomePoint(day, "before", before), OutcomePoint(day, "after", after)]
    for created, stored in Intake.objects.filter(client_id=client_id).values_list(
        "created_at", "pain_chart"
    ):
        if (average := PainChart.from_json(stored).average) is not None:
            points.append(OutcomePoint(created.astimezone(zone).date(), "intake", average))
    for answered, pain in CheckIn.objects.filter(appointment__client_id=client_id).values_list(
        "answered_at", "pain_now"
    ):
        points.append(OutcomePoint(answered.astimezone(zone).date(), "checkin", pain))
    return sorted(points, key=lambda point: (point.day, KIND_ORDER[point.kind]))


KIND_ORDER = {"intake": 0, "before": 1, "after": 2, "checkin": 3}


def treated_counts(notes) -> dict[tuple[str, str], int]:
    """How often each (region, side) was treated, by where each muscle's points lie."""
    counts: Counter = Counter()
    for note in notes:
        for point in note.points.all():
            found = MUSCLES_BY_ID.get(point.muscle)
            if found and point.side in "LR":
                counts[found.lies_in, point.side] += 1
    return dict(counts)


def points_by_muscle(notes) -> list[tuple[str, int, str]]:
    """(muscle and side, times treated, last response) across the notes, most treated first."""
    tally: Counter = Counter()
    last: dict[str, str] = {}
    for note in sorted(notes, key=lambda n: n.appointment.start):
        for point in note.points.all():
            key = f"{point.muscle_name} ({point.get_side_display().lower()})"
            tally[key] += 1
            last[key] = point.get_response_display()
    return [(key, count, last[key]) for key, count in tally.most_common()]
