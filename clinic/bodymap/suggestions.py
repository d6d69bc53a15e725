"""Which muscles' trigger points commonly refer pain into the places a client marked.

An aid to examination, never a diagnosis. Each muscle on each side scores the sum, over
the marked places it refers to on that side (or on the midline), of the mark's intensity
times 1.0 for a primary zone or 0.5 for a spillover zone. Ties keep the catalogue's order.
"""

from collections import defaultdict
from dataclasses import dataclass

from .muscles import MUSCLES, Muscle
from .painchart import PainChart

PRIMARY, SPILLOVER = 1.0, 0.5
NOTE = (
    "Muscles whose trigger points commonly refer pain to the marked places: a guide for "
    "the examination, not a diagnosis."
)


@dataclass(frozen=True)
class Suggestion:
    muscle: Muscle
    side: str
    score: float
    regions: tuple[str, ...]


def _referral_index() -> dict[str, list[tuple[int, float]]]:
    """region id -> (muscle's position in the catalogue, weight) for every referral."""
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for position, muscle in enumerate(MUSCLES):
        for region in muscle.primary:
            index[region].append((position, PRIMARY))
        for region in muscle.spillover:
            index[region].append((position, SPILLOVER))
    return dict(index)


REFERRALS = _referral_index()


def suggest_muscles(chart: PainChart, *, limit: int = 10) -> list[Suggestion]:
    """The best-scoring (muscle, side) pairs for a pain chart, highest first."""
    scores: dict[tuple[int, str], float] = defaultdict(float)
    matched: dict[tuple[int, str], list[str]] = defaultdict(list)
    for mark in chart.marks:
        if mark.intensity <= 0:
            continue
        sides = ("L", "R") if mark.side == "M" else (mark.side,)
        for position, weight in REFERRALS.get(mark.region, ()):
            for side in sides:
                scores[position, side] += weight * mark.intensity
                matched[position, side].append(mark.region)
    ranked = sorted(scores, key=lambda key: (-scores[key], key))
    return [
        Suggestion(MUSCLES[position], side, scores[position, side], tuple(matched[position, side]))
        for position, side in ranked[:limit]
    ]
