"""The safety screen of an intake: clear, caution (with reasons) or needs clearance.

From the clinic's screening reference: some answers stop the session until a therapist or
an admin records a clearance; others call for care (less pressure, areas to avoid); nerve
pain qualities on the chart are flagged for the therapist. Each rule also states what it
limits in a session (LIMITS): the most pressure, techniques and body-map regions to avoid;
the session note checks its treated points against them.
"""

from dataclasses import dataclass, field

from clinic.bodymap.painchart import PainChart

from .models import BloodPressure, Intake, ScreeningStatus

# answer -> why the session must wait for a clearance
STOP_AND_REFER = {
    "fever_or_infection": "Fever or an infection now: no massage until it has passed.",
    "clot_signs": "Signs of a blood clot in a leg: refer to a physician before any massage.",
    "back_red_flags": "Back pain red flags (saddle numbness, bladder or bowel trouble, "
    "worsening leg weakness): refer to a physician first.",
    "headache_red_flags": "Headache red flags (sudden worst-ever headache, stiff neck with "
    "fever, new neurological signs): refer to a physician first.",
}
# answer -> what care the therapist must take
CAUTIONS = {
    "anticoagulants_or_bleeding": "Blood thinners or a bleeding disorder: no deep or "
    "forceful pressure.",
    "osteoporosis": "Osteoporosis: gentle pressure, no forceful work over bones.",
    "cancer": "Cancer: no deep pressure without the oncologist's approval.",
    "pregnancy": "Pregnancy or recent birth: follow the provider's advice; position with care.",
    "recent_surgery": "Surgery in the last 12 weeks: avoid the surgery site; higher clot risk.",
    "skin_problems": "Skin problems: avoid the affected areas.",
}
UNCONTROLLED_PRESSURE = "High blood pressure that is not controlled: needs a physician's clearance."
CONTROLLED_PRESSURE = "High blood pressure (controlled): avoid long deep pressure."


@dataclass(frozen=True)
class Limits:
    """What a rule limits in a session: the most pressure (1 light to 5 deep), techniques
    (the session note's technique ids) and body-map regions (region ids) to avoid."""

    max_pressure: int | None = None
    avoid_techniques: frozenset[str] = frozenset()
    avoid_regions: frozenset[str] = frozenset()


NO_DEEP_WORK = frozenset({"deep_tissue"})
LEGS_CLOT_RISK = frozenset({"calf", "knee_back", "thigh_back", "thigh_inner"})

# rule (answer) -> what it limits; a rule whose care can't be put in these terms (a site
# only the client's words name, a stop until a physician clears it) limits nothing here.
LIMITS = {
    "fever_or_infection": Limits(),
    "clot_signs": Limits(avoid_regions=LEGS_CLOT_RISK),
    "back_red_flags": Limits(),
    "headache_red_flags": Limits(),
    "anticoagulants_or_bleeding": Limits(max_pressure=2, avoid_techniques=NO_DEEP_WORK),
    "osteoporosis": Limits(max_pressure=2, avoid_techniques=NO_DEEP_WORK),
    "cancer": Limits(max_pressure=3, avoid_techniques=NO_DEEP_WORK),
    "pregnancy": Limits(
        max_pressure=3, avoid_regions=frozenset({"abdomen_upper", "abdomen_lower"})
    ),
    "recent_surgery": Limits(avoid_regions=frozenset({"calf", "knee_back"})),
    "skin_problems": Limits(),  # the areas are the client's "areas to avoid"
    BloodPressure.UNCONTROLLED: Limits(max_pressure=3, avoid_techniques=NO_DEEP_WORK),
    BloodPressure.CONTROLLED: Limits(max_pressure=3),
}


@dataclass(frozen=True)
class ScreeningLimit:
    """One rule the client's answers meet: why, and what it limits."""

    reason: str
    limits: Limits

    def as_json(self) -> dict:
        return {
            "reason": self.reason,
            "max_pressure": self.limits.max_pressure,
            "avoid_techniques": sorted(self.limits.avoid_techniques),
            "avoid_regions": sorted(self.limits.avoid_regions),
        }


def intake_limits(intake: Intake | None) -> list[ScreeningLimit]:
    """The limits of every rule the intake's answers meet (none without an intake)."""
    if intake is None:
        return []
    rules = {**STOP_AND_REFER, **CAUTIONS}
    met = [(key, reason) for key, reason in rules.items() if getattr(intake, key)]
    if intake.blood_pressure == BloodPressure.UNCONTROLLED:
        met.append((BloodPressure.UNCONTROLLED, UNCONTROLLED_PRESSURE))
    elif intake.blood_pressure == BloodPressure.CONTROLLED:
        met.append((BloodPressure.CONTROLLED, CONTROLLED_PRESSURE))
    return [ScreeningLimit(reason, LIMITS[key]) for key, reason in met if LIMITS[key] != Limits()]


@dataclass(frozen=True)
class Screening:
    status: str
    reasons: list[str] = field(default_factory=list)


def intake_screen(*, answers: dict, chart: PainChart) -> Screening:
    stop = [reason for key, reason in STOP_AND_REFER.items() if answers.get(key)]
    caution = [reason for key, reason in CAUTIONS.items() if answers.get(key)]
    pressure = answers.get("blood_pressure")
    if pressure == BloodPressure.UNCONTROLLED:
        stop.append(UNCONTROLLED_PRESSURE)
    elif pressure == BloodPressure.CONTROLLED:
        caution.append(CONTROLLED_PRESSURE)
    if avoid := (answers.get("areas_to_avoid") or "").strip():
        caution.append(f"Areas to avoid: {avoid}")
    if nerve := chart.neuropathic_marks:
        caution.append(
            "Nerve pain signs (burning, tingling, numbness or shooting) at: " + "; ".join(nerve)
        )
    if stop:
        return Screening(ScreeningStatus.NEEDS_CLEARANCE, stop + caution)
    if caution:
        return Screening(ScreeningStatus.CAUTION, caution)
    return Screening(ScreeningStatus.CLEAR)
