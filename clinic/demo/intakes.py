"""The demo clients' intakes: a story each, with its pain chart and answers."""

from clients.intake.services import intake_submit
from clinic.accounts.models import User


def _mark(region: str, side: str, intensity: int, *qualities: str) -> dict:
    return {"region": region, "side": side, "intensity": intensity, "qualities": list(qualities)}


def _chart(marks: list[dict], worst: int, least: int, average: int, now: int) -> dict:
    return {"marks": marks, "worst": worst, "least": least, "average": average, "now": now}


# Per client: (story, the chart, answers that differ from a healthy default).
DEMO_INTAKES = [
    (
        "Tension headaches at the temples since a stressful spring; neck stiff at the desk.",
        _chart(
            [
                _mark("temple", "L", 6, "aching", "throbbing"),
                _mark("temple", "R", 5, "aching", "throbbing"),
                _mark("neck_back", "L", 5, "stiffness"),
                _mark("neck_back", "R", 4, "stiffness"),
                _mark("shoulder_top", "L", 6, "aching", "deep_dull"),
                _mark("shoulder_top", "R", 5, "aching"),
                _mark("occiput", "L", 4, "aching"),
            ],
            7,
            2,
            4,
            3,
        ),
        {"pain_duration": "chronic", "pain_pattern": "intermittent"},
    ),
    (
        "Low back and right buttock pain after moving house; sitting makes it worse.",
        _chart(
            [
                _mark("low_back", "L", 6, "aching", "deep_dull"),
                _mark("low_back", "R", 5, "aching"),
                _mark("buttock", "R", 6, "deep_dull"),
                _mark("sacroiliac", "R", 5, "aching"),
                _mark("thigh_back", "R", 3, "tingling"),
            ],
            8,
            3,
            5,
            4,
        ),
        {"pain_duration": "subacute", "night_pain": True, "worse_with": "Sitting long."},
    ),
    (
        "Calf pain in the left leg for a week, after a long flight.",
        _chart([_mark("calf", "L", 6, "aching"), _mark("knee_back", "L", 4, "aching")], 6, 3, 4, 5),
        {"pain_duration": "acute", "pain_pattern": "constant", "clot_signs": True},
    ),
    (
        "Pain at the front of the right shoulder down the arm when lifting.",
        _chart(
            [
                _mark("shoulder_front", "R", 5, "aching"),
                _mark("upper_arm_front", "R", 4, "aching"),
                _mark("thumb_index", "R", 3, "tingling"),
            ],
            6,
            1,
            3,
            2,
        ),
        {"anticoagulants_or_bleeding": True, "medications": "Apixaban 5 mg twice a day."},
    ),
    (
        "Jaw pain on the left when chewing; clenches at night.",
        _chart(
            [
                _mark("jaw", "L", 5, "aching"),
                _mark("cheek", "L", 4, "deep_dull"),
                _mark("ear", "L", 3, "aching"),
            ],
            5,
            1,
            3,
            2,
        ),
        {"preferred_pressure": "light"},
    ),
]


def intake_for(client: User, story: str, chart: dict, answers: dict) -> None:
    if client.intakes.exists():
        return
    base = {
        "phone": "416-555-01" + str(client.pk % 100).zfill(2),
        "emergency_contact_name": "Sam " + client.last_name,
        "emergency_contact_phone": "416-555-0199",
        "emergency_contact_relation": "Partner",
        "pain_onset": story,
        "pain_duration": "chronic",
        "pain_pattern": "intermittent",
        "goals": "Less pain, and to know what I can do about it at home.",
        "blood_pressure": "normal",
        "preferred_pressure": "medium",
        "consent_treatment": True,
        "consent_privacy": True,
    }
    intake_submit(
        client=client,
        answers={**base, **answers},
        chart=chart,
        signature=client.get_full_name(),
        ip=None,
    )
