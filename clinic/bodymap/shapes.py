"""The body map's drawing: one SVG shape per region and side, front and back.

The project's own outlines, drawn over the region vocabulary of `clinic.bodymap`. Each view
is a standing figure in a 220 x 520 box, centred on x = 110, arms hanging a little away from
the body, palms forward.

How it is written:
- Regions are drawn for one half of the figure, the half on the viewer's left, and mirrored
  for the other half. On the front view that half is the person's right side (they face
  the viewer); on the back view it is their left side. Midline regions are drawn whole.
- Regions are polygons whose inner borders are shared corner points with their neighbours.
  Their outer edges may run past the skin: the templates clip every region to the view's
  silhouette (a smooth curve through the points below), so the body keeps a round outline.
- Parts of the body that belong to no region (the hair and nose in front, the ears behind,
  a middle finger) show the silhouette underneath.
"""

import math
from dataclasses import dataclass

from .regions import Side, View, regions_in

WIDTH, HEIGHT = 220, 520
CENTRE_X = WIDTH / 2
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
VIEW_NAMES = {View.FRONT: "front", View.BACK: "back"}
# The person's side drawn on the viewer's left half of each view.
SIDE_ON_VIEWER_LEFT = {View.FRONT: Side.RIGHT, View.BACK: Side.LEFT}

Point = tuple[float, float]


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float


Outline = list[Point] | Ellipse


@dataclass(frozen=True)
class Shape:
    view: View
    region: str
    side: Side
    d: str

    @property
    def element_id(self) -> str:
        """The HTML id of the region's path, e.g. `bm-front-temple-L`."""
        return f"bm-{VIEW_NAMES[self.view]}-{self.region}-{self.side}"


# --- Path helpers -----------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def mirror(outline: Outline) -> Outline:
    """The same outline on the other side of the centre line."""
    if isinstance(outline, Ellipse):
        return Ellipse(2 * CENTRE_X - outline.cx, outline.cy, outline.rx, outline.ry)
    return [(2 * CENTRE_X - x, y) for x, y in reversed(outline)]


def polygon_d(points: list[Point]) -> str:
    first, *rest = points
    return (
        f"M{_num(first[0])} {_num(first[1])}"
        + "".join(f"L{_num(x)} {_num(y)}" for x, y in rest)
        + "Z"
    )


def ellipse_d(shape: Ellipse) -> str:
    left, right, y = shape.cx - shape.rx, shape.cx + shape.rx, shape.cy
    arc = f"A{_num(shape.rx)} {_num(shape.ry)} 0 1 0"
    return f"M{_num(left)} {_num(y)}{arc} {_num(right)} {_num(y)}{arc} {_num(left)} {_num(y)}Z"


def outline_d(outline: Outline) -> str:
    return ellipse_d(outline) if isinstance(outline, Ellipse) else polygon_d(outline)


def ellipse_points(shape: Ellipse, count: int = 16) -> list[Point]:
    """Points round an ellipse, clockwise on screen from its top: index count/4 is the
    rightmost point, count/2 the bottom, 3*count/4 the leftmost."""
    return [
        (
            shape.cx + shape.rx * math.sin(2 * math.pi * i / count),
            shape.cy - shape.ry * math.cos(2 * math.pi * i / count),
        )
        for i in range(count)
    ]


def smooth_d(points: list[Point]) -> str:
    """A closed curve through the points (Catmull-Rom, written as cubic Béziers)."""
    count = len(points)
    x0, y0 = points[0]
    parts = [f"M{_num(x0)} {_num(y0)}"]
    for i in range(count):
        (ax, ay), (bx, by) = points[i - 1], points[i]
        (cx, cy), (dx, dy) = points[(i + 1) % count], points[(i + 2) % count]
        c1 = (bx + (cx - ax) / 6, by + (cy - ay) / 6)
        c2 = (cx - (dx - bx) / 6, cy - (dy - by) / 6)
        parts.append("C" + " ".join(_num(v) for v in (*c1, *c2, cx, cy)))
    return "".join(parts) + "Z"


# --- The silhouette ---------------------------------------------------------------------
# The left half of the figure's contour, from the top of the head down the outside of the
# arm, round the hand, up the inside of the arm, down the flank and the outside of the leg,
# round the foot and up the inside of the leg to the crotch.
# The coordinate tables below are laid out by hand, a few points to a line: fmt: off.

# fmt: off
_HEAD_AND_ARM: list[Point] = [
    (110, 10), (98, 12), (90, 18), (86, 28), (85, 38),  # crown to temple
    (82, 39), (80.5, 46), (82, 54), (86, 57),  # ear
    (88, 63), (92, 69), (97, 73), (98, 79), (98.5, 86),  # jaw, neck
    (92, 92), (80, 95), (67, 98), (57, 102), (52, 110), (50, 121),  # trapezius, shoulder
    (48, 140), (47, 160), (46, 180), (45, 198), (43, 212),  # upper arm to elbow
    (40, 232), (38, 250), (37, 264),  # forearm to wrist
    (34.5, 272), (30, 280), (25.5, 290), (23.5, 298), (25.5, 301.5), (29.5, 298),  # thumb
    (31, 305), (31.5, 315), (33.5, 321.5), (36, 321.5), (37.8, 318.5),  # index finger
    (39.2, 325), (41.5, 327), (43.3, 325.5), (44.2, 320.5),  # middle finger
    (45.2, 325), (47.2, 325), (48.4, 319.5), (49.6, 320), (51.5, 317),  # ring, little
    (52.5, 310), (54, 300), (54, 286), (52.5, 268),  # palm's edge, wrist
    (54.5, 252), (57.5, 234), (61, 215), (63.5, 200),  # inner forearm
    (66, 182), (69, 165), (72, 149), (75.5, 137), (79, 131),  # inner upper arm
    (80, 140), (79, 155), (80, 172), (83, 189), (84, 201),  # chest and waist
    (82, 215), (78, 229), (74, 243), (71.5, 257), (70.5, 270),  # hip
    (70.5, 286), (71.5, 306), (73.5, 330), (75.5, 351), (77, 368),  # thigh
    (77.5, 384), (76, 397), (74.5, 411), (75, 428), (78, 447), (82, 465),  # knee, calf
    (84, 477),  # ankle
]
_FOOT_FRONT: list[Point] = [  # the foot from the front, toes towards the viewer
    (82, 488), (79.5, 498), (79.5, 506), (83, 512), (91, 514), (99, 513.5), (105, 511),
    (106.5, 503), (104.5, 490),
]
_FOOT_BACK: list[Point] = [  # the foot from behind: the heel, toes hidden
    (83, 488), (82, 499), (84, 508), (89, 513), (96, 514), (102, 511), (104.5, 503),
    (104.5, 490),
]
_INNER_LEG: list[Point] = [
    (102.5, 477), (103, 462), (104, 440), (104.5, 418), (105, 400), (105.5, 384),
    (106, 366), (107, 340), (108, 312), (109, 288), (110, 276),  # inner leg to crotch
]
# fmt: on


def _silhouette(foot: list[Point]) -> str:
    half = _HEAD_AND_ARM + foot + _INNER_LEG
    # The right half runs back up from the crotch; the two centre points are not repeated.
    return smooth_d(half + mirror(half[1:-1]))


SILHOUETTES: dict[View, str] = {
    View.FRONT: _silhouette(_FOOT_FRONT),
    View.BACK: _silhouette(_FOOT_BACK),
}

# --- Regions ----------------------------------------------------------------------------
# Corner points shared by several regions.
ARMPIT = (79, 130)
SHOULDER_OUT, SHOULDER_IN = (38, 146), (61, 136)  # the deltoid's lower edge on the arm
ELBOW_Y = 205  # upper arm above, forearm below
WRIST = 268
GAP_ELBOW, GAP_WRIST = (73, 192), (62, WRIST)  # in the gap between arm and flank
# The bony points of the elbow, as ovals centred on the arm's edge (only half shows):
# inner (medial epicondyle, front view) and outer (lateral epicondyle, back view).
ELBOW_INNER = ellipse_points(Ellipse(63, ELBOW_Y, 8.5, 11))
ELBOW_OUTER = ellipse_points(Ellipse(44.5, ELBOW_Y, 8.5, 11))
# The kneecap, clockwise from its top.
PATELLA: list[Point] = [
    (91, 367), (96.5, 370.5), (99, 380), (96.5, 389.5), (91, 393), (85.5, 389.5), (83, 380),
    (85.5, 370.5),
]  # fmt: skip

# The front view's left half: the person's RIGHT side.
# fmt: off
FRONT_HALF: dict[str, Outline] = {
    "forehead": [(110, 17), (97, 18.5), (89.5, 23), (93, 29), (96.5, 34.5), (110, 34.5)],
    "temple": [(89.5, 23), (80, 20), (80, 37.5), (87, 38), (93, 39.5), (93, 29)],
    "eye": Ellipse(100.5, 40.5, 6, 3.6),
    "cheek": [(87.5, 46), (93, 43.5), (99, 46.5), (106, 47.5), (107, 56.5), (98, 59.5),
              (88, 59)],
    "jaw": [(88, 59), (98, 59.5), (107, 56.5), (110, 57.5), (110, 76.5), (104, 75.5),
            (97, 73), (86, 66)],
    "ear": [(87, 38), (77, 37), (77, 62), (86, 66), (88, 59), (87.5, 46)],
    "neck_front": [(110, 76.5), (104, 75.5), (104, 96), (110, 96)],
    "neck_side": [(104, 75.5), (97, 73), (90, 71), (54, 90), (62, 99), (74, 100), (84, 98.5),
                  (104, 96)],
    "shoulder_front": [(74, 100), (62, 99), (58.5, 116), SHOULDER_IN, ARMPIT],
    "shoulder_side": [(62, 99), (54, 90), (34, 100), SHOULDER_OUT, SHOULDER_IN, (58.5, 116)],
    "chest": [(104, 96), (84, 98.5), (74, 100), ARMPIT, (84, 145), (94, 153), (106, 156),
              (104, 140)],
    "chest_side": [ARMPIT, (84, 145), (89, 168), (88.5, 192), (74, 192), (76, 150)],
    "abdomen_upper": [(110, 160), (106, 156), (94, 153), (84, 145), (89, 168), (88.5, 192),
                      (74, 192), (72, 205), (110, 205)],
    "abdomen_lower": [(110, 205), (72, 205), (63, 240), (76, 243), (96, 256), (110, 260)],
    "groin": [(63, 240), (76, 243), (96, 256), (110, 260), (110, 276), (96, 276), (78, 262),
              (61, 256)],
    "upper_arm_front": [SHOULDER_OUT, SHOULDER_IN, ARMPIT, (76, 150), GAP_ELBOW,
                        ELBOW_INNER[0], *ELBOW_INNER[:11:-1], (30, ELBOW_Y)],
    "elbow_medial": ELBOW_INNER,
    "forearm_front": [(30, ELBOW_Y), *ELBOW_INNER[12:7:-1], GAP_WRIST, (30, WRIST)],
    "hand_palm": [(33, WRIST), GAP_WRIST, (60, 306), (43.5, 306), (37.2, 306), (33.5, 304),
                  (31, 296)],
    "thumb_index": [(16, WRIST), (33, WRIST), (31, 296), (33.5, 304), (37.2, 306),
                    (38.2, 332), (16, 332)],
    "ring_little": [(43.5, 306), (60, 306), (62, 332), (44.5, 332)],
    "thigh_side": [(61, 256), (78, 262), (81, 280), (82, 362), (60, 362)],
    "thigh_front": [(78, 262), (96, 276), (99, 292), (97, 362), (82, 362), (81, 280)],
    "thigh_inner": [(96, 276), (110, 276), (110, 362), (97, 362), (99, 292)],
    "knee_front": PATELLA,
    "knee_outer": [(60, 362), (91, 362), *PATELLA[:1], *PATELLA[:3:-1], (91, 398), (60, 398)],
    "knee_inner": [(91, 362), (110, 362), (110, 398), (91, 398), *PATELLA[4:0:-1], PATELLA[0]],
    "leg_outer": [(60, 398), (86.5, 398), (88, 472), (60, 472)],
    "shin": [(86.5, 398), (110, 398), (110, 472), (88, 472)],
    "ankle_front": [(60, 472), (110, 472), (110, 487), (60, 487)],
    "foot_top": [(60, 487), (110, 487), (110, 499), (97.5, 501), (96, 520), (60, 520)],
    "great_toe": [(97.5, 501), (110, 499), (110, 520), (96, 520)],
}
FRONT_MIDLINE: dict[str, list[Point]] = {
    "sternum": [(104, 96), (116, 96), (116, 140), (114, 156), (110, 160), (106, 156),
                (104, 140)],
}
# fmt: on

SCAPULA_TOP = (96, 98)  # where the neck's base, the shoulder's top and the blade meet
SPINE_LEFT, SPINE_BOTTOM = 105, 196  # the thoracic spine's strip: x 105-115, down to T12
SACRUM_TIP = (105, 262)
# Borders across the back of the leg, each from its outer to its inner side: the hollow of
# the knee is a diamond, and the calf's muscle ends in a point above the Achilles tendon.
KNEE_BACK_TOP: list[Point] = [(60, 368), (82, 360), (96, 360), (110, 368)]
KNEE_BACK_BOTTOM: list[Point] = [(60, 394), (82, 402), (96, 402), (110, 394)]
CALF_BOTTOM: list[Point] = [(60, 444), (86, 462), (94, 462), (110, 444)]

# The back view's left half: the person's LEFT side.
# fmt: off
BACK_HALF: dict[str, Outline] = {
    "occiput": [(84, 30), (110, 34), (110, 68), (97, 70), (88, 64), (85.5, 57), (85, 39)],
    "neck_back": [(97, 70), (110, 68), (110, 84), (88, 84), (88, 64)],
    "neck_base": [(88, 84), (110, 84), (110, 98), (SPINE_LEFT, 98), SCAPULA_TOP, (88, 92)],
    "shoulder_top": [(88, 78), (88, 92), SCAPULA_TOP, (82, 107), (63, 107), (54, 88)],
    "shoulder_back": [(63, 107), (54, 88), (34, 100), SHOULDER_OUT, SHOULDER_IN, (74, 126),
                      (72, 108)],
    "scapula_medial": [(SPINE_LEFT, 98), SCAPULA_TOP, (94, 108), (96, 150), (97, 160),
                       (SPINE_LEFT, 160)],
    "scapula_body": [SCAPULA_TOP, (94, 108), (96, 150), (80, 148), (74, 126), (72, 108),
                     (63, 107), (82, 107)],
    "scapula_inferior_angle": [(96, 150), (97, 160), (96, 172), (88, 178), (78, 166),
                               (80, 148)],
    "mid_back": [(74, 126), (80, 148), (78, 166), (88, 178), (96, 172), (97, 160),
                 (SPINE_LEFT, 160), (SPINE_LEFT, SPINE_BOTTOM), (72, 205), GAP_ELBOW,
                 (76, 150), ARMPIT],
    "low_back": [(110, SPINE_BOTTOM), (SPINE_LEFT, SPINE_BOTTOM), (72, 205), (64, 230),
                 (82, 235), (100, 237), (110, 237)],
    "iliac_crest": [(64, 230), (82, 235), (100, 237), (102, 247), (84, 245), (65, 244)],
    "sacroiliac": [(100, 237), (110, 237), (110, 262), SACRUM_TIP, (100.5, 257), (102, 247)],
    "buttock": [(65, 244), (84, 245), (102, 247), (100.5, 257), SACRUM_TIP, (108, 274),
                (110, 278), (110, 304), (96, 307), (84, 304), (80, 294), (83, 272),
                (79, 252)],
    "hip_lateral": [(58, 240), (65, 244), (79, 252), (83, 272), (80, 294), (58, 300)],
    "upper_arm_back": [SHOULDER_OUT, SHOULDER_IN, (74, 126), ARMPIT, (76, 150), GAP_ELBOW,
                       (73, ELBOW_Y), *ELBOW_OUTER[4::-1], (30, 192)],
    "elbow_lateral": ELBOW_OUTER,
    "forearm_back": [(28, 216), *ELBOW_OUTER[8:3:-1], (73, ELBOW_Y), GAP_WRIST, (30, WRIST)],
    "hand_back": [(20, WRIST), GAP_WRIST, (60, 335), (20, 335)],
    "thigh_back": [(58, 300), (80, 294), (84, 304), (96, 307), (110, 304),
                   *KNEE_BACK_TOP[::-1]],
    "knee_back": [*KNEE_BACK_TOP, *KNEE_BACK_BOTTOM[::-1]],
    "calf": [*KNEE_BACK_BOTTOM, *CALF_BOTTOM[::-1]],
    "heel": [*CALF_BOTTOM, (110, 503), (60, 503)],
    "sole": [(60, 503), (110, 503), (110, 520), (60, 520)],
}
BACK_MIDLINE: dict[str, list[Point]] = {
    "vertex": [(80, 0), (140, 0), (136, 30), (110, 34), (84, 30)],
    "thoracic_spine": [(SPINE_LEFT, 98), (115, 98), (115, SPINE_BOTTOM),
                       (SPINE_LEFT, SPINE_BOTTOM)],
    "coccyx": [SACRUM_TIP, (115, 262), (112, 274), (110, 278), (108, 274)],
}
# fmt: on

_DRAWINGS = {
    View.FRONT: (FRONT_HALF, FRONT_MIDLINE),
    View.BACK: (BACK_HALF, BACK_MIDLINE),
}


def _view_shapes(view: View) -> tuple[Shape, ...]:
    """The view's shapes in vocabulary order, each region's sides from the viewer's left."""
    half, midline = _DRAWINGS[view]
    near = SIDE_ON_VIEWER_LEFT[view]
    far = Side.LEFT if near == Side.RIGHT else Side.RIGHT
    shapes = []
    for region in regions_in(view):
        if region.midline:
            shapes.append(Shape(view, region.id, Side.MIDLINE, polygon_d(midline[region.id])))
        else:
            outline = half[region.id]
            shapes.append(Shape(view, region.id, near, outline_d(outline)))
            shapes.append(Shape(view, region.id, far, outline_d(mirror(outline))))
    return tuple(shapes)


SHAPES: dict[View, tuple[Shape, ...]] = {view: _view_shapes(view) for view in View}
