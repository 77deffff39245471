"""The condition pages of the public site."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .rules import shown


def _(text: str) -> str:
    """Marks `text` for the translation catalogue; pages translate it when they show it."""
    return text


@dataclass(frozen=True)
class Condition:
    slug: str
    title: str
    summary: str

    @property
    def template(self) -> str:
        return f"site/conditions/{self.slug}.html"


CONDITIONS = (
    Condition(
        "piriformis-syndrome",
        _("Piriformis syndrome"),
        _(
            "Deep buttock pain that can run down the leg, worse when you sit, bend, squat, "
            "run or climb stairs."
        ),
    ),
    Condition(
        "low-back-pain",
        _("Low back pain"),
        _("Aching or stiffness across the lower back, often with tight hips and glutes."),
    ),
    Condition(
        "hip-pain",
        _("Hip pain"),
        _("Pain on the side or back of the hip, from tight or overworked hip muscles."),
    ),
    Condition(
        "upper-leg-pain",
        _("Upper leg pain"),
        _("Tight, sore hamstrings or thighs, common in runners and cyclists."),
    ),
)

BY_SLUG = {c.slug: c for c in CONDITIONS}

# The page the whole site leads to (the menu, the self-check's result, the other pages):
# it is always on show.
ALWAYS_SHOWN = ("piriformis-syndrome",)


def on_show(hidden: Iterable[str]) -> list[Condition]:
    """The condition pages shown by a practice that hides `hidden` (unknown slugs ignored)."""
    slugs = shown([c.slug for c in CONDITIONS], hidden, ALWAYS_SHOWN)
    return [BY_SLUG[slug] for slug in slugs]
