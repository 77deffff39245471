"""The body map as plain values: its views, the regions a therapist can mark, their codes.

Pure (no Django). A note records which body regions were treated as codes like
``back:piriformis:left`` (the view the region is drawn on, the region, and for sided
regions the client's own side). This module knows the regions, their codes and the words
people use for them, and draws the map as plain shapes; easeplan.care.notes.rules checks a
note's choices against them.

Labels are English, marked with `gettext_noop` so that `makemessages` collects them; the
pages translate them when they show them (easeplan.care.notes.labels).

Sources:
- Sensitive areas: the gluteal region needs the client's consent renewed for each session
  where it is treated (College of Massage Therapists of Ontario standard, CLINICAL.md §6).
  Every region over the buttock (gluteal muscles, piriformis) is marked `gluteal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

View = Literal["back", "front"]
Side = Literal["left", "right"]
VIEWS: tuple[View, ...] = ("back", "front")
SIDES: tuple[Side, ...] = ("left", "right")
BOTH_SIDES: frozenset[Side] = frozenset(SIDES)


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    pages that show it translate it; the codes and what is stored keep the English."""
    return text


# Pages name the views themselves (one English word, two senses: care.notes.views).
VIEW_LABELS: dict[View, str] = {"back": "Back", "front": "Front"}
VIEW_LEGENDS: dict[View, str] = {
    "back": gettext_noop("Back of the body"),
    "front": gettext_noop("Front of the body"),
}
# Left and right are always the client's own. Seen from behind, the client's left is on
# the viewer's left; seen from the front, it is on the viewer's right.
VIEW_HELP: dict[View, str] = {
    "back": gettext_noop("Seen from behind: the client's left is on your left."),
    "front": gettext_noop("Seen from the front: the client's left is on your right."),
}

# A sided region named with its side, and with both: "Calf, left", "Calf, left and right".
SIDE_LABELS: dict[Side, str] = {
    "left": gettext_noop("%(region)s, left"),
    "right": gettext_noop("%(region)s, right"),
}
BOTH_SIDES_LABEL = gettext_noop("%(region)s, left and right")

# -- drawing: the body map's shapes, in a 200 × 440 box ------------------------------------

WIDTH, HEIGHT = 200, 440
Point = tuple[float, float]


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float

    kind = "ellipse"

    def mirrored(self) -> Ellipse:
        return Ellipse(WIDTH - self.cx, self.cy, self.rx, self.ry)


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]

    kind = "polygon"

    def mirrored(self) -> Polygon:
        return Polygon(tuple((WIDTH - x, y) for x, y in reversed(self.points)))

    @property
    def svg_points(self) -> str:
        """The points as an SVG ``points`` attribute: ``"93,48 92,60 …"``."""
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)


Shape = Ellipse | Polygon


def polygon(points: str) -> Polygon:
    """A polygon from an SVG-style points list: ``polygon("93,48 92,60 78,64")``."""
    pairs = (pair.split(",") for pair in points.split())
    return Polygon(tuple((float(x), float(y)) for x, y in pairs))


# The outline of the body, viewer's left half from the neck down to the crotch; the right
# half is its mirror image. The head is an ellipse.
_HALF_OUTLINE = polygon(
    "93,46 92,60 78,64 62,68 52,76 47,92 44,120 41,150 37,180 34,208 30,222 31,238 38,240 "
    "42,226 45,208 49,180 53,150 57,122 60,104 62,130 65,160 61,184 56,206 56,236 59,280 "
    "62,318 63,336 61,356 64,386 69,404 66,418 72,426 90,426 91,414 89,404 92,380 95,352 "
    "94,334 96,300 98,260 100,242"
)
OUTLINE = Polygon(_HALF_OUTLINE.points + Polygon(_HALF_OUTLINE.points[:-1]).mirrored().points)
HEAD = Ellipse(100, 26, 17, 21)


# -- body regions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A body region a therapist can mark as treated.

    `views` are the body map's views it is drawn on; its codes use the first. A sided
    region's `shape` is drawn on the viewer's left half and mirrored for the other side.
    `gluteal` regions need the session's gluteal consent. `words` are how people name the
    area in their own words (the intake's "leave this area alone" answers). Shapes paint
    in `layer` order, so small regions over big ones stay clickable.
    """

    key: str
    label: str
    views: tuple[View, ...]
    shape: Shape
    sided: bool = True
    gluteal: bool = False
    words: tuple[str, ...] = ()
    layer: int = 0

    @property
    def view(self) -> View:
        return self.views[0]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


_LEG = "leg|legs"
_THIGH = f"thigh|thighs|upper leg|upper legs|{_LEG}"
_BUTTOCK = "buttock|buttocks|bottom|glute|glutes|gluteal|gluteals|seat"

REGIONS: tuple[Region, ...] = (
    Region(
        "neck_shoulders",
        gettext_noop("Neck and shoulders (upper trapezius)"),
        ("back",),
        polygon("93,48 92,60 78,64 62,68 54,75 66,80 84,76 99,72 99,48"),
        words=_words("neck|shoulder|shoulders|trapezius|traps"),
    ),
    Region(
        "upper_back",
        gettext_noop("Upper and middle back"),
        ("back",),
        polygon("99,76 84,79 66,84 61,104 63,130 65,146 99,146"),
        words=_words("upper back|mid back|middle back|thoracic|shoulder blade|back"),
    ),
    Region(
        "low_back",
        gettext_noop("Low back (lumbar muscles)"),
        ("back",),
        polygon("99,149 65,149 65,162 63,176 99,176"),
        words=_words("lower back|low back|lumbar|back"),
    ),
    Region(
        "sacrum",
        gettext_noop("Sacrum and sacroiliac joints"),
        ("back",),
        polygon("88,178 112,178 108,196 100,206 92,196"),
        sided=False,
        words=_words("sacrum|sacral|sacroiliac|si joint|si joints"),
        layer=1,
    ),
    Region(
        "glute_med",
        gettext_noop("Gluteus medius and minimus (upper outer buttock)"),
        ("back",),
        polygon("87,179 64,179 60,190 60,199 74,192 88,185"),
        gluteal=True,
        words=_words(f"gluteus medius|gluteus minimus|{_BUTTOCK}"),
        layer=1,
    ),
    Region(
        "glutes",
        gettext_noop("Gluteus maximus (buttock)"),
        ("back",),
        polygon("90,190 97,206 98,226 92,236 76,238 62,232 57,214 60,200 74,194"),
        gluteal=True,
        words=_words(f"gluteus maximus|{_BUTTOCK}"),
    ),
    Region(
        "piriformis",
        gettext_noop("Piriformis and deep hip rotators"),
        ("back",),
        polygon("96,196 98,207 80,214 65,219 64,208 78,201"),
        gluteal=True,
        words=_words(f"piriformis|deep buttock|hip rotators|{_BUTTOCK}"),
        layer=3,
    ),
    Region(
        "hip",
        gettext_noop("Hip, outer side (greater trochanter)"),
        ("back", "front"),
        Ellipse(61, 214, 5, 12),
        words=_words("outer hip|hip|hips|trochanter|greater trochanter"),
        layer=2,
    ),
    Region(
        "hamstrings",
        gettext_noop("Hamstrings (back of the thigh)"),
        ("back",),
        polygon("66,240 96,242 95,300 92,318 68,318 64,280"),
        words=_words(f"hamstring|hamstrings|back thigh|back thighs|{_THIGH}"),
    ),
    Region(
        "calf",
        gettext_noop("Calf"),
        ("back",),
        polygon("63,340 93,340 94,356 91,382 70,390 64,372 62,356"),
        words=_words(f"calf|calves|lower leg|lower legs|{_LEG}"),
    ),
    Region(
        "hip_flexors",
        gettext_noop("Hip flexors (front of the hip)"),
        ("front",),
        polygon("64,186 80,196 96,228 90,235 76,222 60,204"),
        words=_words("hip flexor|hip flexors|front hip|groin|hip|hips|psoas"),
        layer=1,
    ),
    Region(
        "quadriceps",
        gettext_noop("Upper leg, front (quadriceps)"),
        ("front",),
        polygon("64,226 78,226 90,250 91,300 88,320 68,320 65,280"),
        words=_words(f"quadriceps|quads|quad|front thigh|front thighs|{_THIGH}"),
    ),
    Region(
        "adductors",
        gettext_noop("Adductors (inner thigh)"),
        ("front",),
        polygon("92,238 99,244 98,270 95,296 90,290 88,258"),
        words=_words(f"adductor|adductors|inner thigh|inner thighs|groin|{_THIGH}"),
        layer=1,
    ),
    Region(
        "it_band",
        gettext_noop("IT band (outer thigh)"),
        ("front", "back"),
        polygon("56.5,238 63,240 66,316 62,318 59,280"),
        words=_words(f"it band|itb|iliotibial|iliotibial band|outer thigh|outer thighs|{_THIGH}"),
        layer=1,
    ),
)
REGIONS_BY_KEY: dict[str, Region] = {region.key: region for region in REGIONS}


@dataclass(frozen=True)
class RegionChoice:
    """One thing to tick on the body map: a region, on one side when it is sided."""

    region: Region
    side: Side | None

    @property
    def code(self) -> str:
        parts = [self.region.view, self.region.key] + ([self.side] if self.side else [])
        return ":".join(parts)

    @property
    def label(self) -> str:
        return f"{self.region.label}, {self.side}" if self.side else self.region.label

    @property
    def dom_id(self) -> str:
        """An HTML id: ``region-back-piriformis-left``."""
        return "region-" + self.code.replace(":", "-").replace("_", "-")

    @property
    def gluteal(self) -> bool:
        return self.region.gluteal


def choices_of(region: Region) -> list[RegionChoice]:
    """The codes a region can be marked with: one per side, or one for an unsided region."""
    if not region.sided:
        return [RegionChoice(region, None)]
    return [RegionChoice(region, side) for side in SIDES]


REGION_CHOICES: dict[str, RegionChoice] = {
    choice.code: choice for region in REGIONS for choice in choices_of(region)
}
GLUTEAL_CODES: frozenset[str] = frozenset(c.code for c in REGION_CHOICES.values() if c.gluteal)


def region_code(key: str, side: Side | None = None) -> str:
    """The code of region `key` on `side`: ``region_code("piriformis", "left")``."""
    region = REGIONS_BY_KEY[key]
    choice = RegionChoice(region, side if region.sided else None)
    if region.sided and side is None:
        raise ValueError(f"{key} is sided: say which side")
    return choice.code


def choices_by_view() -> list[tuple[View, list[RegionChoice]]]:
    """The region choices grouped by the view their codes use, for the tick list."""
    return [(view, [c for c in REGION_CHOICES.values() if c.region.view == view]) for view in VIEWS]


@dataclass(frozen=True)
class Drawn:
    """One region choice drawn on one view of the body map."""

    choice: RegionChoice
    shape: Shape


def _on_viewers_left(view: View, side: Side) -> bool:
    """Seen from behind the client's left is on the viewer's left; from the front, right."""
    return (side == "left") == (view == "back")


def drawing(view: View) -> list[Drawn]:
    """Every region choice drawn on `view`, in paint order (lower layers first)."""
    drawn: list[tuple[int, Drawn]] = []
    for region in REGIONS:
        if view not in region.views:
            continue
        for choice in choices_of(region):
            shape = region.shape
            if choice.side is not None and not _on_viewers_left(view, choice.side):
                shape = shape.mirrored()
            drawn.append((region.layer, Drawn(choice, shape)))
    return [d for _, d in sorted(drawn, key=lambda pair: pair[0])]
