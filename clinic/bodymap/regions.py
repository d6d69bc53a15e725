"""The body map's vocabulary: regions, sides and pain qualities, and the pain chart's rules.

One vocabulary for the whole project: the intake's pain chart marks these regions, and
session notes name them for treated trigger points. Region ids and the chart's JSON shape
are a contract with the API's clients:

    {"marks": [{"region": "temple", "side": "L", "intensity": 7,
                "qualities": ["aching", "throbbing"]}],
     "worst": 8, "least": 2, "average": 5, "now": 4}
"""

from dataclasses import dataclass
from enum import StrEnum


class View(StrEnum):
    FRONT = "F"
    BACK = "B"


class Side(StrEnum):
    LEFT = "L"
    RIGHT = "R"
    MIDLINE = "M"


SIDE_LABELS = {Side.LEFT: "your left", Side.RIGHT: "your right", Side.MIDLINE: "middle"}


@dataclass(frozen=True)
class Region:
    id: str
    label: str
    view: View
    group: str
    midline: bool = False
    note: str = ""

    @property
    def sides(self) -> tuple[Side, ...]:
        return (Side.MIDLINE,) if self.midline else (Side.LEFT, Side.RIGHT)


def _regions(group: str, *rows: tuple) -> list[Region]:
    return [Region(row[0], row[1], View(row[2]), group, *row[3:]) for row in rows]


F, B = "F", "B"
REGIONS: tuple[Region, ...] = tuple(
    _regions(
        "Head and face",
        ("vertex", "Top of the head", B, True),
        ("forehead", "Forehead", F),
        ("temple", "Temple", F),
        ("eye", "Eye", F),
        ("cheek", "Cheek", F, False, "upper teeth"),
        ("jaw", "Jaw", F, False, "jaw joint, lower teeth"),
        ("ear", "Ear", F, False, "with the bone behind it"),
        ("occiput", "Back of the head", B),
    )
    + _regions(
        "Neck",
        ("neck_front", "Front of the neck", F),
        ("neck_side", "Side of the neck", F),
        ("neck_back", "Back of the neck", B),
        ("neck_base", "Base of the neck", B),
    )
    + _regions(
        "Shoulder and shoulder blade",
        ("shoulder_top", "Top of the shoulder", B),
        ("shoulder_front", "Front of the shoulder", F),
        ("shoulder_side", "Side of the shoulder", F),
        ("shoulder_back", "Back of the shoulder", B),
        ("scapula_medial", "Between the shoulder blades", B),
        ("scapula_body", "Shoulder blade", B),
        ("scapula_inferior_angle", "Bottom of the shoulder blade", B),
    )
    + _regions(
        "Chest and belly",
        ("sternum", "Breastbone", F, True),
        ("chest", "Chest", F),
        ("chest_side", "Side of the chest", F, False, "armpit and ribs"),
        ("abdomen_upper", "Upper belly", F),
        ("abdomen_lower", "Lower belly", F),
        ("groin", "Groin", F),
    )
    + _regions(
        "Back",
        ("thoracic_spine", "Upper and mid spine", B, True),
        ("mid_back", "Mid back", B),
        ("low_back", "Low back", B),
        ("iliac_crest", "Top of the hip bone", B),
        ("sacroiliac", "Sacroiliac joint", B),
        ("buttock", "Buttock", B),
        ("coccyx", "Tailbone", B, True),
    )
    + _regions(
        "Arm and hand",
        ("upper_arm_front", "Front of the upper arm", F),
        ("upper_arm_back", "Back of the upper arm", B),
        ("elbow_lateral", "Outer elbow", B),
        ("elbow_medial", "Inner elbow", F),
        ("forearm_back", "Back of the forearm", B),
        ("forearm_front", "Front of the forearm", F),
        ("hand_back", "Back of the hand", B),
        ("hand_palm", "Palm", F),
        ("thumb_index", "Thumb and index finger", F),
        ("ring_little", "Ring and little finger", F),
    )
    + _regions(
        "Hip and leg",
        ("hip_lateral", "Outer hip", B),
        ("thigh_front", "Front of the thigh", F),
        ("thigh_side", "Outer thigh", F),
        ("thigh_inner", "Inner thigh", F),
        ("thigh_back", "Back of the thigh", B),
        ("knee_front", "Front of the knee", F),
        ("knee_inner", "Inner knee", F),
        ("knee_outer", "Outer knee", F),
        ("knee_back", "Back of the knee", B),
        ("shin", "Shin", F),
        ("leg_outer", "Outer lower leg", F),
        ("calf", "Calf", B),
        ("ankle_front", "Front of the ankle", F),
        ("heel", "Heel", B, False, "with the Achilles tendon"),
        ("foot_top", "Top of the foot", F),
        ("sole", "Sole", B),
        ("great_toe", "Big toe", F),
    )
)
REGIONS_BY_ID: dict[str, Region] = {region.id: region for region in REGIONS}


class Quality(StrEnum):
    ACHING = "aching"
    DEEP_DULL = "deep_dull"
    SHARP = "sharp"
    THROBBING = "throbbing"
    CRAMPING = "cramping"
    STIFFNESS = "stiffness"
    BURNING = "burning"
    TINGLING = "tingling"
    NUMBNESS = "numbness"
    SHOOTING = "shooting"

    @property
    def label(self) -> str:
        return QUALITY_LABELS[self]


QUALITY_LABELS = {
    Quality.ACHING: "Aching",
    Quality.DEEP_DULL: "Deep, dull",
    Quality.SHARP: "Sharp",
    Quality.THROBBING: "Throbbing",
    Quality.CRAMPING: "Cramping",
    Quality.STIFFNESS: "Stiffness",
    Quality.BURNING: "Burning",
    Quality.TINGLING: "Tingling",
    Quality.NUMBNESS: "Numbness",
    Quality.SHOOTING: "Electric, shooting",
}
# Features of nerve pain that the therapist should see flagged.
NEUROPATHIC = frozenset({Quality.BURNING, Quality.TINGLING, Quality.NUMBNESS, Quality.SHOOTING})


def region(region_id: str) -> Region:
    """The region with this id; KeyError for an unknown one."""
    return REGIONS_BY_ID[region_id]


def regions_in(view: View) -> list[Region]:
    return [r for r in REGIONS if r.view == view]


def mark_label(region_id: str, side: str) -> str:
    """How a marked place reads to people: "Temple, your left"."""
    found = REGIONS_BY_ID[region_id]
    return found.label if found.midline else f"{found.label}, {SIDE_LABELS[Side(side)]}"
