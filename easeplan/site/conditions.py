"""The condition pages of the public site."""

from __future__ import annotations

from dataclasses import dataclass


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
        "Piriformis syndrome",
        "Deep buttock pain that can run down the leg, worse when you sit, bend, squat, "
        "run or climb stairs.",
    ),
    Condition(
        "low-back-pain",
        "Low back pain",
        "Aching or stiffness across the lower back, often with tight hips and glutes.",
    ),
    Condition(
        "hip-pain",
        "Hip pain",
        "Pain on the side or back of the hip, from tight or overworked hip muscles.",
    ),
    Condition(
        "upper-leg-pain",
        "Upper leg pain",
        "Tight, sore hamstrings or thighs, common in runners and cyclists.",
    ),
)

BY_SLUG = {c.slug: c for c in CONDITIONS}
