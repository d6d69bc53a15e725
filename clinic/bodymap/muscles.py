"""The muscle and trigger-point catalogue: where each muscle's trigger points lie, and
where they commonly refer pain (primary zones, and weaker spillover zones).

Written for this project from secondary summaries of Travell & Simons' myofascial pain
patterns (see SOURCES); a draft for therapists to check, and an aid to examination, never
a diagnosis. Referral is on the trigger point's own side unless a region is midline.
"""

from dataclasses import dataclass

TRAVELL_SIMONS = "Travell & Simons, Myofascial Pain and Dysfunction (figure captions, MedLink)"
NAMTPT = "NAMTPT trigger point symptom checker"
FPNOTEBOOK = "fpnotebook: trigger point locations"
KWON_2017 = "Kwon et al. 2017, Ann Rehabil Med 41:573 (upper trapezius, temporalis)"
FERNANDEZ_2007 = "Fernandez-Carnero et al. 2007, Clin J Pain 23:353 (head and neck)"
SOURCES = (TRAVELL_SIMONS, NAMTPT, FPNOTEBOOK, KWON_2017, FERNANDEZ_2007)


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    lies_in: str
    primary: tuple[str, ...]
    spillover: tuple[str, ...] = ()
    sources: tuple[str, ...] = (TRAVELL_SIMONS,)

    @property
    def refers_to(self) -> tuple[str, ...]:
        return self.primary + self.spillover


def _m(id, name, lies_in, primary, spillover="", sources=(TRAVELL_SIMONS,)) -> Muscle:
    return Muscle(id, name, lies_in, tuple(primary.split()), tuple(spillover.split()), sources)


HEAD_NECK = (TRAVELL_SIMONS, FERNANDEZ_2007)
MUSCLES: tuple[Muscle, ...] = (
    _m("upper_trapezius", "Upper trapezius", "shoulder_top",
       "neck_side neck_back ear temple eye", "jaw", (TRAVELL_SIMONS, KWON_2017)),
    _m("levator_scapulae", "Levator scapulae", "neck_base",
       "neck_base scapula_medial", "shoulder_back"),
    _m("scm_sternal", "Sternocleidomastoid, sternal head", "neck_front",
       "vertex occiput eye cheek neck_front sternum", "", HEAD_NECK),
    _m("scm_clavicular", "Sternocleidomastoid, clavicular head", "neck_side",
       "forehead ear", "jaw", HEAD_NECK),
    _m("suboccipitals", "Suboccipitals", "occiput", "occiput temple eye forehead", "", HEAD_NECK),
    _m("splenius_capitis", "Splenius capitis", "neck_back", "vertex", "eye", HEAD_NECK),
    _m("temporalis", "Temporalis", "temple", "temple eye cheek", "",
       (TRAVELL_SIMONS, KWON_2017)),
    _m("masseter", "Masseter", "cheek", "cheek jaw eye ear", "", HEAD_NECK),
    _m("scalenes", "Scalenes", "neck_side",
       "chest scapula_medial upper_arm_front upper_arm_back forearm_front thumb_index"),
    _m("supraspinatus", "Supraspinatus", "shoulder_top", "shoulder_side elbow_lateral"),
    _m("infraspinatus", "Infraspinatus", "scapula_body",
       "shoulder_front upper_arm_front forearm_front thumb_index", "scapula_medial"),
    _m("teres_minor", "Teres minor", "shoulder_back", "shoulder_back", "upper_arm_back"),
    _m("subscapularis", "Subscapularis", "chest_side",
       "shoulder_back scapula_body upper_arm_back hand_back"),
    _m("rhomboids", "Rhomboids", "scapula_medial", "scapula_medial"),
    _m("pectoralis_major", "Pectoralis major", "chest",
       "shoulder_front chest sternum upper_arm_front elbow_medial ring_little"),
    _m("pectoralis_minor", "Pectoralis minor", "chest",
       "shoulder_front chest upper_arm_front elbow_medial hand_palm ring_little"),
    _m("serratus_anterior", "Serratus anterior", "chest_side",
       "chest_side scapula_inferior_angle", "ring_little"),
    _m("latissimus_dorsi", "Latissimus dorsi", "chest_side",
       "scapula_inferior_angle shoulder_back upper_arm_back ring_little"),
    _m("forearm_extensors", "Forearm extensors", "forearm_back",
       "elbow_lateral forearm_back hand_back thumb_index", "", (TRAVELL_SIMONS, FPNOTEBOOK)),
    _m("quadratus_lumborum", "Quadratus lumborum", "low_back",
       "sacroiliac buttock iliac_crest hip_lateral", "groin abdomen_lower",
       (TRAVELL_SIMONS, NAMTPT)),
    _m("iliopsoas", "Iliopsoas", "abdomen_lower", "low_back sacroiliac groin thigh_front"),
    _m("gluteus_maximus", "Gluteus maximus", "buttock", "sacroiliac buttock coccyx",
       "thigh_back"),
    _m("gluteus_medius", "Gluteus medius", "buttock",
       "iliac_crest low_back sacroiliac buttock hip_lateral", "", (TRAVELL_SIMONS, NAMTPT)),
    _m("gluteus_minimus", "Gluteus minimus", "buttock",
       "hip_lateral thigh_side knee_outer leg_outer thigh_back calf"),
    _m("piriformis", "Piriformis", "buttock", "sacroiliac buttock", "thigh_back"),
    _m("tensor_fasciae_latae", "Tensor fasciae latae", "hip_lateral", "hip_lateral thigh_side",
       "knee_outer"),
    _m("hamstrings", "Hamstrings", "thigh_back", "buttock thigh_back knee_back", "calf"),
    _m("rectus_femoris", "Rectus femoris", "thigh_front", "knee_front", "thigh_front"),
    _m("vastus_medialis", "Vastus medialis", "thigh_inner", "knee_front knee_inner"),
    _m("gastrocnemius", "Gastrocnemius", "calf", "calf sole knee_back"),
    _m("soleus", "Soleus", "calf", "heel sacroiliac", "calf"),
    _m("tibialis_anterior", "Tibialis anterior", "shin", "ankle_front great_toe"),
)  # fmt: skip
MUSCLES_BY_ID: dict[str, Muscle] = {muscle.id: muscle for muscle in MUSCLES}


def muscle(muscle_id: str) -> Muscle:
    """The catalogue's muscle with this id; KeyError for an unknown one."""
    return MUSCLES_BY_ID[muscle_id]


def muscles_lying_in(region_id: str) -> list[Muscle]:
    """Muscles whose trigger points lie in a region: what a tap on the body map offers."""
    return [m for m in MUSCLES if m.lies_in == region_id]
