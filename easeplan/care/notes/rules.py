"""SOAP notes as plain values: body regions, techniques, the piriformis template, checks.

Pure (no Django). A note records which body regions were treated as codes like
``back:piriformis:left`` (the view the region is drawn on, the region, and for sided
regions the client's own side), which techniques were used, and the pressure. This module
knows those codes, refuses unknown ones, draws the body map as plain shapes, offers the
template a new note starts from, and says which choices clash with the client's
contraindications (codes from easeplan.screening.rules.contraindications).

Sources:
- Sensitive areas: the gluteal region needs the client's consent renewed for each session
  where it is treated (College of Massage Therapists of Ontario standard, CLINICAL.md §6).
  Every region over the buttock (gluteal muscles, piriformis) is marked `gluteal`.
- Contraindications (Batavia 2004, J Bodyw Mov Ther 8:48; HSS Journal 2019 for the hip
  replacement positions): no deep or forceful work with bleeding risks, lighter pressure
  with fragile bones or reduced feeling, no FAIR-position stretches after a posterior hip
  replacement. Which techniques count as "deep" or "forceful" is our clinical judgement.
- Piriformis assessment prompts: the four defining features (Hopayian 2010, Eur Spine J
  19:2095) and the bedside tests of Martin 2014 (KSSTA 22:882), CLINICAL.md §1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from easeplan.screening.rules import contraindications as ci

View = Literal["back", "front"]
Side = Literal["left", "right"]
VIEWS: tuple[View, ...] = ("back", "front")
SIDES: tuple[Side, ...] = ("left", "right")
BOTH_SIDES: frozenset[Side] = frozenset(SIDES)
VIEW_LABELS: dict[View, str] = {"back": "Back", "front": "Front"}
# Left and right are always the client's own. Seen from behind, the client's left is on
# the viewer's left; seen from the front, it is on the viewer's right.
VIEW_HELP: dict[View, str] = {
    "back": "Seen from behind: the client's left is on your left.",
    "front": "Seen from the front: the client's left is on your right.",
}

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
        "Neck and shoulders (upper trapezius)",
        ("back",),
        polygon("93,48 92,60 78,64 62,68 54,75 66,80 84,76 99,72 99,48"),
        words=_words("neck|shoulder|shoulders|trapezius|traps"),
    ),
    Region(
        "upper_back",
        "Upper and middle back",
        ("back",),
        polygon("99,76 84,79 66,84 61,104 63,130 65,146 99,146"),
        words=_words("upper back|mid back|middle back|thoracic|shoulder blade|back"),
    ),
    Region(
        "low_back",
        "Low back (lumbar muscles)",
        ("back",),
        polygon("99,149 65,149 65,162 63,176 99,176"),
        words=_words("lower back|low back|lumbar|back"),
    ),
    Region(
        "sacrum",
        "Sacrum and sacroiliac joints",
        ("back",),
        polygon("88,178 112,178 108,196 100,206 92,196"),
        sided=False,
        words=_words("sacrum|sacral|sacroiliac|si joint|si joints"),
        layer=1,
    ),
    Region(
        "glute_med",
        "Gluteus medius and minimus (upper outer buttock)",
        ("back",),
        polygon("87,179 64,179 60,190 60,199 74,192 88,185"),
        gluteal=True,
        words=_words(f"gluteus medius|gluteus minimus|{_BUTTOCK}"),
        layer=1,
    ),
    Region(
        "glutes",
        "Gluteus maximus (buttock)",
        ("back",),
        polygon("90,190 97,206 98,226 92,236 76,238 62,232 57,214 60,200 74,194"),
        gluteal=True,
        words=_words(f"gluteus maximus|{_BUTTOCK}"),
    ),
    Region(
        "piriformis",
        "Piriformis and deep hip rotators",
        ("back",),
        polygon("96,196 98,207 80,214 65,219 64,208 78,201"),
        gluteal=True,
        words=_words(f"piriformis|deep buttock|hip rotators|{_BUTTOCK}"),
        layer=3,
    ),
    Region(
        "hip",
        "Hip, outer side (greater trochanter)",
        ("back", "front"),
        Ellipse(61, 214, 5, 12),
        words=_words("outer hip|hip|hips|trochanter|greater trochanter"),
        layer=2,
    ),
    Region(
        "hamstrings",
        "Hamstrings (back of the thigh)",
        ("back",),
        polygon("66,240 96,242 95,300 92,318 68,318 64,280"),
        words=_words(f"hamstring|hamstrings|back thigh|back thighs|{_THIGH}"),
    ),
    Region(
        "calf",
        "Calf",
        ("back",),
        polygon("63,340 93,340 94,356 91,382 70,390 64,372 62,356"),
        words=_words(f"calf|calves|lower leg|lower legs|{_LEG}"),
    ),
    Region(
        "hip_flexors",
        "Hip flexors (front of the hip)",
        ("front",),
        polygon("64,186 80,196 96,228 90,235 76,222 60,204"),
        words=_words("hip flexor|hip flexors|front hip|groin|hip|hips|psoas"),
        layer=1,
    ),
    Region(
        "quadriceps",
        "Upper leg, front (quadriceps)",
        ("front",),
        polygon("64,226 78,226 90,250 91,300 88,320 68,320 65,280"),
        words=_words(f"quadriceps|quads|quad|front thigh|front thighs|{_THIGH}"),
    ),
    Region(
        "adductors",
        "Adductors (inner thigh)",
        ("front",),
        polygon("92,238 99,244 98,270 95,296 90,290 88,258"),
        words=_words(f"adductor|adductors|inner thigh|inner thighs|groin|{_THIGH}"),
        layer=1,
    ),
    Region(
        "it_band",
        "IT band (outer thigh)",
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


def _choices_of(region: Region) -> list[RegionChoice]:
    if not region.sided:
        return [RegionChoice(region, None)]
    return [RegionChoice(region, side) for side in SIDES]


REGION_CHOICES: dict[str, RegionChoice] = {
    choice.code: choice for region in REGIONS for choice in _choices_of(region)
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
        for choice in _choices_of(region):
            shape = region.shape
            if choice.side is not None and not _on_viewers_left(view, choice.side):
                shape = shape.mirrored()
            drawn.append((region.layer, Drawn(choice, shape)))
    return [d for _, d in sorted(drawn, key=lambda pair: pair[0])]


# -- techniques and pressure ------------------------------------------------------------


@dataclass(frozen=True)
class Technique:
    """A technique a therapist can record. `ruled_out_by` lists the contraindication codes
    (easeplan.screening.rules.contraindications) that forbid it; where a technique is itself one
    of those codes (the stretches), it reuses the code."""

    code: str
    label: str
    ruled_out_by: frozenset[str] = frozenset()


_DEEP = frozenset({ci.DEEP_PRESSURE})
_DEEP_OR_FORCEFUL = frozenset({ci.DEEP_PRESSURE, ci.FORCEFUL_WORK})

TECHNIQUES: tuple[Technique, ...] = (
    Technique("effleurage", "Effleurage (gliding strokes)"),
    Technique("petrissage", "Petrissage (kneading)"),
    # Sustained compression of a trigger point is deep work (clinical judgement).
    Technique("trigger_point", "Trigger point pressure", _DEEP),
    Technique("myofascial_release", "Myofascial release"),
    Technique("muscle_energy", "Muscle energy technique (MET)"),
    Technique("positional_release", "Positional release (strain–counterstrain)"),
    # Cross-fibre friction is deep and vigorous (clinical judgement).
    Technique("friction", "Cross-fibre friction", _DEEP_OR_FORCEFUL),
    Technique("stretching", "Passive stretching (other)"),
    Technique(ci.FIGURE_4_STRETCH, "Figure-4 stretch", frozenset({ci.FIGURE_4_STRETCH})),
    Technique(
        ci.KNEE_TO_OPPOSITE_SHOULDER,
        "Knee-to-opposite-shoulder stretch",
        frozenset({ci.KNEE_TO_OPPOSITE_SHOULDER}),
    ),
    Technique(
        ci.FAIR_POSITION_STRETCH,
        "FAIR-position stretch",
        frozenset({ci.FAIR_POSITION_STRETCH}),
    ),
)
TECHNIQUES_BY_CODE: dict[str, Technique] = {t.code: t for t in TECHNIQUES}

PRESSURES: tuple[str, ...] = ("light", "moderate", "firm", "deep")
PRESSURE_LABELS: dict[str, str] = {p: p.capitalize() for p in PRESSURES}
# Deep pressure is what "no deep work" forbids (Batavia 2004).
PRESSURE_RULED_OUT_BY: dict[str, frozenset[str]] = {"deep": _DEEP}


# -- validation -----------------------------------------------------------------------------


class UnknownCode(ValueError):
    """A region, technique or pressure code this module does not know."""

    def __init__(self, kind: str, code: str) -> None:
        super().__init__(f"unknown {kind} {code!r}")
        self.kind = kind
        self.code = code


def _known(codes: Iterable[str], known: Mapping[str, object], kind: str) -> list[str]:
    chosen = set()
    for code in codes:
        if code not in known:
            raise UnknownCode(kind, code)
        chosen.add(code)
    return [code for code in known if code in chosen]


def check_regions(codes: Iterable[str]) -> list[str]:
    """The region codes once each, in the body map's order; UnknownCode for any other."""
    return _known(codes, REGION_CHOICES, "body region")


def check_techniques(codes: Iterable[str]) -> list[str]:
    """The technique codes once each, in the list's order; UnknownCode for any other."""
    return _known(codes, TECHNIQUES_BY_CODE, "technique")


def check_pressure(code: str) -> str:
    """A pressure code, or "" for not recorded; UnknownCode for any other."""
    if code and code not in PRESSURES:
        raise UnknownCode("pressure", code)
    return code


def region_labels(codes: Iterable[str]) -> list[str]:
    """Labels of known region codes in the body map's order, both sides of a region
    together ("Calf, left and right"); unknown codes are skipped."""
    chosen = set(codes)
    labels = []
    for region in REGIONS:
        sides = [c.side for c in _choices_of(region) if c.code in chosen]
        if sides:
            named = [side for side in sides if side is not None]
            labels.append(f"{region.label}, {' and '.join(named)}" if named else region.label)
    return labels


def technique_labels(codes: Iterable[str]) -> list[str]:
    """Labels of known technique codes, in the list's order (unknown codes skipped)."""
    chosen = set(codes)
    return [t.label for t in TECHNIQUES if t.code in chosen]


def gluteal_regions(codes: Iterable[str]) -> list[str]:
    """The chosen region codes that need the session's gluteal consent (CLINICAL.md §6)."""
    chosen = set(codes)
    return [code for code in REGION_CHOICES if code in chosen and code in GLUTEAL_CODES]


# -- contraindications ----------------------------------------------------------------------

_WORD = re.compile(r"[a-z]+")
# Words that carry no place: dropped before matching, so "back of the thigh" is "back thigh".
_FILLER = frozenset({"the", "of", "my", "a", "an", "and", "in", "on", "at", "area", "side"})
_SIDE_WORDS = frozenset({"left", "right", "both"})


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _FILLER]


def _sides_named(tokens: list[str]) -> frozenset[Side]:
    """The sides an area names: one when only "left" or only "right" is said, else both."""
    left, right = "left" in tokens, "right" in tokens
    if left != right:
        return frozenset({"left"}) if left else frozenset({"right"})
    return BOTH_SIDES


# Every phrase any region answers to, longest first, with the regions it names.
_PHRASES: list[tuple[tuple[str, ...], frozenset[str]]] = sorted(
    (
        (phrase, frozenset(r.key for r in REGIONS if phrase in {tuple(w.split()) for w in r.words}))
        for phrase in {tuple(w.split()) for r in REGIONS for w in r.words}
    ),
    key=lambda pair: (-len(pair[0]), pair[0]),
)


def _regions_named(tokens: list[str]) -> set[str]:
    """Region keys named by the tokens. Longer phrases win: the words of "upper back" are
    used up by it, so the "back" in it does not also name the low back."""
    used = [False] * len(tokens)
    found: set[str] = set()
    for phrase, keys in _PHRASES:
        size = len(phrase)
        for start in range(len(tokens) - size + 1):
            span = range(start, start + size)
            if tuple(tokens[start : start + size]) == phrase and not any(used[i] for i in span):
                found |= keys
                for i in span:
                    used[i] = True
    return found


def regions_matching(area: str) -> list[str]:
    """The region codes an area in the client's words names ("left calf" → the left calf).

    The words are matched loosely and err towards warning: "thigh" names every thigh
    region, "buttock" the gluteal ones. A side named alone limits it to that side.
    """
    tokens = _tokens(area)
    sides = _sides_named(tokens)
    keys = _regions_named([t for t in tokens if t not in _SIDE_WORDS])
    return [
        code
        for code, choice in REGION_CHOICES.items()
        if choice.region.key in keys and (choice.side is None or choice.side in sides)
    ]


ConflictKind = Literal["region", "technique", "pressure"]


@dataclass(frozen=True)
class Conflict:
    """A choice in the note that the client's contraindications rule out."""

    kind: ConflictKind
    code: str
    label: str
    because: str  # the contraindication code, or the area as the client named it


def conflicts(
    *,
    regions: Iterable[str],
    techniques: Iterable[str],
    pressure: str,
    blocked: Iterable[str],
    avoided_areas: Iterable[str],
) -> list[Conflict]:
    """Which chosen regions, techniques and pressure clash with the contraindications.

    `blocked` are technique codes ruled out (contraindications.blocked_techniques) and
    `avoided_areas` the areas to leave alone, in the client's words (avoided_areas).
    Cautions for the therapist's judgement (Batavia 2004), never a verdict.
    """
    blocked_set = frozenset(blocked)
    found: list[Conflict] = []
    chosen_regions = set(regions)
    for area in sorted(set(avoided_areas)):
        found += [
            Conflict("region", code, REGION_CHOICES[code].label, area)
            for code in regions_matching(area)
            if code in chosen_regions
        ]
    chosen_techniques = set(techniques)
    for technique in TECHNIQUES:
        hits = technique.ruled_out_by & blocked_set
        if technique.code in chosen_techniques and hits:
            found.append(Conflict("technique", technique.code, technique.label, min(hits)))
    hits = PRESSURE_RULED_OUT_BY.get(pressure, frozenset()) & blocked_set
    if hits:
        found.append(
            Conflict("pressure", pressure, f"{PRESSURE_LABELS[pressure]} pressure", min(hits))
        )
    return found + [
        c
        for c in _deep_on_legs(chosen_regions, chosen_techniques, pressure, blocked_set)
        if (c.kind, c.code) not in {(f.kind, f.code) for f in found}
    ]


def _deep_on_legs(
    regions: set[str], techniques: set[str], pressure: str, blocked: frozenset[str]
) -> list[Conflict]:
    """Deep pressure or a deep technique with a leg region chosen, when the client's answers
    rule out deep work on the legs: a past clot, recent surgery or arterial disease
    (CLINICAL.md §3)."""
    legs = [code for code in regions_matching("leg") if code in regions]
    if ci.DEEP_WORK_LEGS not in blocked or not legs:
        return []
    where = f"on {', '.join(region_labels(legs)).lower()}"
    found = [
        Conflict("technique", t.code, f"{t.label} {where}", ci.DEEP_WORK_LEGS)
        for t in TECHNIQUES
        if t.code in techniques and ci.DEEP_PRESSURE in t.ruled_out_by
    ]
    if pressure == "deep":
        found.append(Conflict("pressure", pressure, f"Deep pressure {where}", ci.DEEP_WORK_LEGS))
    return found


def allowed_techniques(blocked: Iterable[str]) -> list[str]:
    """Technique codes not ruled out by `blocked`, in the list's order."""
    blocked_set = frozenset(blocked)
    return [t.code for t in TECHNIQUES if not t.ruled_out_by & blocked_set]


# -- the template a new note starts from ----------------------------------------------------

SECTIONS: tuple[str, ...] = ("subjective", "objective", "assessment", "plan")


@dataclass(frozen=True)
class Template:
    """What a new note starts with: prompts in the four SOAP sections, regions already
    ticked, and the regions and techniques usual for the condition (suggested, not ticked).
    """

    name: str
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    regions: tuple[str, ...] = ()
    suggested_regions: tuple[str, ...] = ()
    suggested_techniques: tuple[str, ...] = ()

    def prompts(self) -> dict[str, str]:
        return {section: getattr(self, section) for section in SECTIONS}


# Prompts, never findings: a line left as it is counts as not written (has_content).
_PIRIFORMIS_PROMPTS: dict[str, str] = {
    "subjective": (
        "Since the last visit: \n"
        "Sitting (how long before the pain starts): \n"
        "Sleep and mood: \n"
        "Home stretches done: \n"
    ),
    "objective": (
        "Posture and gait: \n"
        "Hip range of motion: \n"
        "Palpation (piriformis, sciatic notch tenderness): \n"
        "Tests (FAIR, seated piriformis stretch, active piriformis): \n"
    ),
    "assessment": (
        "Change since the last visit: \n"
        "Response to today's treatment: \n"
        "Progress towards the client's goals: \n"
    ),
    "plan": ("Next visit: \nHome programme: \nRefer on if: \n"),
}
PIRIFORMIS = "piriformis"
# The usual treatment area and techniques for piriformis syndrome (CLINICAL.md §1 and §5:
# relax the piriformis and the surrounding hip muscles; muscle energy and stretching).
_PIRIFORMIS_REGIONS = ("piriformis", "glutes", "glute_med", "hip", "low_back", "hamstrings")
_PIRIFORMIS_TECHNIQUES = (
    "trigger_point",
    "myofascial_release",
    "muscle_energy",
    ci.FIGURE_4_STRETCH,
    "stretching",
)
# Gluteal regions ticked in advance for clients who have glute work every session.
_GLUTE_WORK = ("glutes", "piriformis")


def _codes_on(keys: Iterable[str], sides: frozenset[Side]) -> tuple[str, ...]:
    wanted = {(key, side) for key in keys for side in sides} | {(key, None) for key in keys}
    return tuple(
        code
        for code, choice in REGION_CHOICES.items()
        if (choice.region.key, choice.side) in wanted
    )


def template_for(
    condition: str,
    *,
    glute_work_every_session: bool = False,
    sides: frozenset[Side] = BOTH_SIDES,
    blocked: Iterable[str] = (),
) -> Template:
    """The template for a plan's condition: the piriformis one, or plain SOAP sections.

    `sides` are the client's affected sides (affected_sides); techniques ruled out by
    `blocked` are never suggested. Clients with glute work every session start with the
    gluteal regions of their affected sides ticked (DESIGN: athletes get glute work in
    every session); the session's gluteal consent is still checked when signing.
    """
    sides = sides or BOTH_SIDES
    ticked = _codes_on(_GLUTE_WORK, sides) if glute_work_every_session else ()
    if condition != PIRIFORMIS:
        return Template(name="SOAP", regions=ticked)
    allowed = set(allowed_techniques(blocked))
    return Template(
        name="Piriformis syndrome",
        regions=ticked,
        suggested_regions=_codes_on(_PIRIFORMIS_REGIONS, sides),
        suggested_techniques=tuple(t for t in _PIRIFORMIS_TECHNIQUES if t in allowed),
        **_PIRIFORMIS_PROMPTS,
    )


_PROMPT_LINES: dict[str, frozenset[str]] = {
    section: frozenset(line.strip() for line in text.splitlines() if line.strip())
    for section, text in _PIRIFORMIS_PROMPTS.items()
}


def has_content(section: str, text: str) -> bool:
    """True when `text` says something beyond the template's unfilled prompt lines."""
    prompts = _PROMPT_LINES.get(section, frozenset())
    return any(line.strip() and line.strip() not in prompts for line in text.splitlines())


def affected_sides(results: Mapping[str, Mapping[str, str]]) -> frozenset[Side]:
    """The sides of the positive clinical tests of an assessment (its `results`); both
    sides when no positive test says a side."""
    sides: set[Side] = set()
    for value in results.values():
        if value.get("result") != "positive":
            continue
        side = value.get("side", "")
        if side == "both":
            sides |= BOTH_SIDES
        elif side in SIDES:
            sides.add("left" if side == "left" else "right")
    return frozenset(sides) or BOTH_SIDES
