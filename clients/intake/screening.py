"""The safety screen of an intake: clear, caution (with reasons) or needs clearance.

From the clinic's screening reference: some answers stop the session until a therapist or
an admin records a clearance; others call for care (less pressure, areas to avoid); nerve
pain qualities on the chart are flagged for the therapist.
"""

from dataclasses import dataclass, field

from clinic.bodymap.painchart import PainChart

from .models import BloodPressure, ScreeningStatus

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


@dataclass(frozen=True)
class Screening:
    status: str
    reasons: list[str] = field(default_factory=list)


def intake_screen(*, answers: dict, chart: PainChart) -> Screening:
    stop = [reason for key, reason in STOP_AND_REFER.items() if answers.get(key)]
    caution = [reason for key, reason in CAUTIONS.items() if answers.get(key)]
    pressure = answers.get("blood_pressure")
    if pressure == BloodPressure.UNCONTROLLED:
        stop.append("High blood pressure that is not controlled: needs a physician's clearance.")
    elif pressure == BloodPressure.CONTROLLED:
        caution.append("High blood pressure (controlled): avoid long deep pressure.")
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
