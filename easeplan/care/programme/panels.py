"""What the plan pages and the client's home show of the home programme: prescriptions
with adherence, the library to prescribe from, and today's exercise cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, ngettext

from ..models import ExerciseLog, PlanOfCare, Prescription
from . import rules as exercises
from .rules import Exercise
from .services import Prescribed, adherence_for, blocked_for, today_for


@dataclass(frozen=True)
class ExerciseText:
    """One exercise of the library as a page shows it: its words in the reader's language."""

    code: str
    name: str
    kind_label: str
    purpose: str
    steps: tuple[str, ...]
    dosage_words: str
    source: str
    position: str
    tip: str
    figure: str


def exercise_text(exercise: Exercise) -> ExerciseText:
    """The exercise's name, purpose, steps, tip and usual dosage, translated."""
    return ExerciseText(
        code=exercise.code,
        name=gettext(exercise.name),
        kind_label=gettext(exercise.kind.label),
        purpose=gettext(exercise.purpose),
        steps=tuple(gettext(step) for step in exercise.steps),
        dosage_words=exercises.dosage_in_words(exercise.dosage, exercise.kind, gettext, ngettext),
        source=gettext(exercise.source),
        position=gettext(exercise.position) if exercise.position else "",
        tip=gettext(exercise.tip) if exercise.tip else "",
        figure=exercise.figure,
    )


@dataclass
class LibraryChoice:
    """One exercise of the library as the prescribe picker offers it."""

    exercise: ExerciseText
    blocked: str | None  # why the client's contraindications rule it out
    prescribed: bool  # already in the programme

    @property
    def available(self) -> bool:
        return self.blocked is None and not self.prescribed


def library_choices(blocked_codes: frozenset[str], prescribed: set[str]) -> list[LibraryChoice]:
    """The library, each exercise marked blocked (with the reason) or already prescribed."""
    return [
        LibraryChoice(
            exercise_text(e), exercises.allowed(e, blocked_codes, gettext), e.code in prescribed
        )
        for e in exercises.LIBRARY
    ]


def programme_for_plan(plan: PlanOfCare) -> dict[str, Any]:
    """The plan page's home programme: prescriptions with their dosage and weekly
    adherence, and the library to prescribe from. Four queries, however many exercises."""
    today = today_for(plan.practice)
    adherence = adherence_for(plan, today=today)
    mondays = adherence.mondays
    rows = [(row, [row.percent_in(m) for m in mondays]) for row in adherence.rows]
    active = [(row, cells) for row, cells in rows if row.prescription.stopped_at is None]
    prescribed = {row.prescription.exercise for row, _ in active}
    return {
        "adherence": adherence,
        "active": active,
        "stopped": [(row, cells) for row, cells in rows if row.prescription.stopped_at],
        "mondays": mondays,
        "overall": [adherence.overall_in(m) for m in mondays],
        "library": library_choices(blocked_for(plan.client, today=today), prescribed),
        "can_prescribe": plan.is_open,
    }


@dataclass
class Card(Prescribed):
    """One prescribed exercise as the client sees it today: what to do and each session's
    tick."""

    done_sessions: set[int]
    today: dt.date
    done_this_week: int = 0

    @property
    def sessions(self) -> list[tuple[int, bool]]:
        return [(n, n in self.done_sessions) for n in range(1, self.prescription.times_per_day + 1)]

    @property
    def all_done(self) -> bool:
        return len(self.done_sessions) >= self.prescription.times_per_day

    @property
    def active(self) -> bool:
        return self.prescription.stopped_at is None and self.prescription.plan.is_open


def cards_for(prescriptions: list[Prescription], today: dt.date) -> list[Card]:
    """A card per prescription with today's ticks and this week's count (one query)."""
    monday = exercises.week_start(today)
    logs = ExerciseLog.objects.filter(
        prescription__in=prescriptions, done_on__gte=monday, done_on__lte=today
    ).values_list("prescription_id", "done_on", "session")
    today_done: dict[int, set[int]] = {p.pk: set() for p in prescriptions}
    week_count = dict.fromkeys(today_done, 0)
    for prescription_id, done_on, session in logs:
        week_count[prescription_id] += 1
        if done_on == today:
            today_done[prescription_id].add(session)
    return [
        Card(p, exercises.find(p.exercise), today_done[p.pk], today, week_count[p.pk])
        for p in prescriptions
    ]


def programme_for_client(plan: PlanOfCare) -> dict[str, Any]:
    """The client's plan page: today's exercises with a tick per session (two queries)."""
    today = today_for(plan.practice)
    prescriptions = list(plan.prescriptions.filter(stopped_at__isnull=True))
    for prescription in prescriptions:
        prescription.plan = plan
        prescription.practice = plan.practice
    cards = cards_for(prescriptions, today) if plan.is_open else []
    return {
        "cards": cards,
        "today": today,
        "all_done": bool(cards) and all(c.all_done for c in cards),
    }
