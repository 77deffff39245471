"""SOAP notes as plain values: techniques, pressure, the piriformis template, checks.

Pure (no Django). A note records which body regions were treated (codes of
easeplan.care.notes.regions, the body map), which techniques were used, and the pressure.
This module knows the technique and pressure codes, refuses unknown ones, offers the
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

from .regions import (
    BOTH_SIDES,
    GLUTEAL_CODES,
    REGION_CHOICES,
    REGIONS,
    SIDES,
    Side,
    choices_of,
    gettext_noop,
)

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
    Technique("effleurage", gettext_noop("Effleurage (gliding strokes)")),
    Technique("petrissage", gettext_noop("Petrissage (kneading)")),
    # Sustained compression of a trigger point is deep work (clinical judgement).
    Technique("trigger_point", gettext_noop("Trigger point pressure"), _DEEP),
    Technique("myofascial_release", gettext_noop("Myofascial release")),
    Technique("muscle_energy", gettext_noop("Muscle energy technique (MET)")),
    Technique("positional_release", gettext_noop("Positional release (strain–counterstrain)")),
    # Cross-fibre friction is deep and vigorous (clinical judgement).
    Technique("friction", gettext_noop("Cross-fibre friction"), _DEEP_OR_FORCEFUL),
    Technique("stretching", gettext_noop("Passive stretching (other)")),
    Technique(
        ci.FIGURE_4_STRETCH, gettext_noop("Figure-4 stretch"), frozenset({ci.FIGURE_4_STRETCH})
    ),
    Technique(
        ci.KNEE_TO_OPPOSITE_SHOULDER,
        gettext_noop("Knee-to-opposite-shoulder stretch"),
        frozenset({ci.KNEE_TO_OPPOSITE_SHOULDER}),
    ),
    Technique(
        ci.FAIR_POSITION_STRETCH,
        gettext_noop("FAIR-position stretch"),
        frozenset({ci.FAIR_POSITION_STRETCH}),
    ),
)
TECHNIQUES_BY_CODE: dict[str, Technique] = {t.code: t for t in TECHNIQUES}

PRESSURES: tuple[str, ...] = ("light", "moderate", "firm", "deep")
# In English; pages use the note's own labels (SessionNote.Pressure), translated.
PRESSURE_LABELS: dict[str, str] = {p: p.capitalize() for p in PRESSURES}
# The pressure named as a thing done, for warnings: "Deep pressure".
PRESSURE_NAMES: dict[str, str] = {
    "light": gettext_noop("Light pressure"),
    "moderate": gettext_noop("Moderate pressure"),
    "firm": gettext_noop("Firm pressure"),
    "deep": gettext_noop("Deep pressure"),
}
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
        sides = [c.side for c in choices_of(region) if c.code in chosen]
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
    # For deep work on the legs: the leg regions chosen (the label says "… on <them>").
    where: tuple[str, ...] = ()


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
        found.append(Conflict("pressure", pressure, PRESSURE_NAMES[pressure], min(hits)))
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
        Conflict("technique", t.code, f"{t.label} {where}", ci.DEEP_WORK_LEGS, tuple(legs))
        for t in TECHNIQUES
        if t.code in techniques and ci.DEEP_PRESSURE in t.ruled_out_by
    ]
    if pressure == "deep":
        label = f"{PRESSURE_NAMES[pressure]} {where}"
        found.append(Conflict("pressure", pressure, label, ci.DEEP_WORK_LEGS, tuple(legs)))
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


# Prompts, never findings: a line left as it is counts as not written (has_content). Each
# line is its own text to translate; a note starts with them in the page's language.
PIRIFORMIS_PROMPT_LINES: dict[str, tuple[str, ...]] = {
    "subjective": (
        gettext_noop("Since the last visit:"),
        gettext_noop("Sitting (how long before the pain starts):"),
        gettext_noop("Sleep and mood:"),
        gettext_noop("Home stretches done:"),
    ),
    "objective": (
        gettext_noop("Posture and gait:"),
        gettext_noop("Hip range of motion:"),
        gettext_noop("Palpation (piriformis, sciatic notch tenderness):"),
        gettext_noop("Tests (FAIR, seated piriformis stretch, active piriformis):"),
    ),
    "assessment": (
        gettext_noop("Change since the last visit:"),
        gettext_noop("Response to today's treatment:"),
        gettext_noop("Progress towards the client's goals:"),
    ),
    "plan": (
        gettext_noop("Next visit:"),
        gettext_noop("Home programme:"),
        gettext_noop("Refer on if:"),
    ),
}


def prompt_text(lines: Iterable[str]) -> str:
    """A section's prompt lines as the text a new note starts with, one line each."""
    return "".join(f"{line} \n" for line in lines)


_PIRIFORMIS_PROMPTS: dict[str, str] = {
    section: prompt_text(lines) for section, lines in PIRIFORMIS_PROMPT_LINES.items()
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
        return Template(name=gettext_noop("SOAP"), regions=ticked)
    allowed = set(allowed_techniques(blocked))
    return Template(
        name=gettext_noop("Piriformis syndrome"),
        regions=ticked,
        suggested_regions=_codes_on(_PIRIFORMIS_REGIONS, sides),
        suggested_techniques=tuple(t for t in _PIRIFORMIS_TECHNIQUES if t in allowed),
        **_PIRIFORMIS_PROMPTS,
    )


_PROMPT_LINES: dict[str, frozenset[str]] = {
    section: frozenset(line.strip() for line in text.splitlines() if line.strip())
    for section, text in _PIRIFORMIS_PROMPTS.items()
}


def has_content(section: str, text: str, translated: Iterable[str] = ()) -> bool:
    """True when `text` says something beyond the template's unfilled prompt lines, in
    English or as `translated` (the same lines in other languages)."""
    prompts = _PROMPT_LINES.get(section, frozenset()) | {line.strip() for line in translated}
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
