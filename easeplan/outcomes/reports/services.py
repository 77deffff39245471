"""The progress report of one plan of care, for the client or a referring doctor.

Everything the report shows, gathered as plain values that both the HTML page and the PDF
(`report_pdf`) draw: the practice, the client, the plan, its visits, each measure with its
baseline and latest score, the change and the verdict with the source of its rule
(`progress.for_plan`, CLINICAL.md §4), the home programme with adherence, and the
therapist's summary. The PSFS is compared like for like (Stratford 1995): its baseline,
latest and change are those of the activities rated at both times.

No SOAP note contents: the report leaves the practice, so it carries only what the client
reports (their scores and ticks), the plan and the therapist's summary written for it.

A constant number of queries whatever the number of check-ins, visits or exercises: the
responses and the attended visits (`progress.for_plan`), every visit, the prescriptions and
their ticks (`adherence_for`). The plan must come with its client, therapist and practice.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.care.models import PlanOfCare
from easeplan.care.programme.services import adherence_for
from easeplan.lib.emails import recipient_language

from .. import instruments as inst
from .. import measures
from ..instruments import Change, Instrument, Interpretation, Trend
from ..progress import services as progress
from ..progress.services import Measure

SUMMARY_MAX = 2000
# The pain ratings the PDF's chart draws (NPRS, 0–10), in the order of progress.ORDER.
PAIN_CODES = tuple(measures.NPRS_MEASURES)


@dataclass(frozen=True)
class PracticeLines:
    """Who produced the report and how to reach them."""

    name: str
    address: str
    phone: str
    email: str


VISIT_STATES = {
    "took place": gettext_lazy("took place"),
    "missed": gettext_lazy("missed"),
    "cancelled": gettext_lazy("cancelled"),
    "booked": gettext_lazy("booked"),
}


@dataclass(frozen=True)
class VisitLine:
    """One visit of the plan: when (practice time) and what became of it."""

    at: dt.datetime
    state: str  # "took place", "missed", "cancelled" or "booked"

    @property
    def state_words(self) -> str:
        """The state in the reader's language."""
        return str(VISIT_STATES.get(self.state, self.state))


@dataclass(frozen=True)
class MeasureLine:
    """One measure: baseline and latest with their days, the change and the verdict."""

    code: str
    name: str
    baseline: str
    baseline_on: dt.date
    latest: str
    latest_on: dt.date
    scores: int
    change: str  # signed, e.g. "−4"; "" with a single score
    verdict: str  # in words, e.g. "Meaningful improvement (at least 2 points)"
    rule_source: str  # where the meaningful-change rule comes from
    rule: str  # the meaningful-change rule in full, with its source
    points: tuple[tuple[dt.date, float], ...] = ()


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise of the home programme with its adherence over the whole plan."""

    name: str
    dosage: str
    adherence: int | None  # percent of the sessions due that were done; None: none due yet
    since: dt.date
    stopped_on: dt.date | None


@dataclass
class Report:
    """Everything a progress report shows, ready to print."""

    practice: PracticeLines
    client_name: str
    client_last_name: str
    date_of_birth: dt.date | None
    plan_title: str
    plan_status: str
    starts_on: dt.date
    review_on: dt.date
    closed_on: dt.date | None
    therapist: str
    goals: list[str]
    visits_planned: int
    visits: list[VisitLine]
    measures: list[MeasureLine]
    exercises: list[ExerciseLine]
    adherence: int | None
    summary: str
    produced_at: dt.datetime
    zone: dt.tzinfo = field(default=dt.UTC)

    @property
    def took_place(self) -> int:
        return sum(1 for visit in self.visits if visit.state == "took place")

    @property
    def visit_step(self) -> str:
        """ "4 of 5 planned visits took place", in the reader's language."""
        return ngettext(
            "%(done)s of %(planned)s planned visit took place",
            "%(done)s of %(planned)s planned visits took place",
            self.visits_planned,
        ) % {"done": self.took_place, "planned": self.visits_planned}

    @property
    def pain_measures(self) -> list[MeasureLine]:
        """The pain ratings with at least two scores: what the PDF's chart draws."""
        return [m for m in self.measures if m.code in PAIN_CODES and len(m.points) > 1]


def language_of(plan: PlanOfCare) -> str:
    """The language the PDF is written in: it travels with the client (to their doctor,
    say), so the client's own language, else the practice's."""
    user = plan.client.user
    return recipient_language(user.language if user else None, plan.practice.language)


def build(plan: PlanOfCare, now: dt.datetime | None = None) -> Report:
    """The report of `plan` at `now` (five queries, see the module's docstring)."""
    now = now or timezone.now()
    practice = plan.practice
    zone = practice.zone
    found = progress.for_plan(plan, now)
    visits = plan.visits.order_by("starts_at", "pk").values_list("starts_at", "status")
    today = timezone.localtime(now, zone).date()
    programme = adherence_for(plan, today=today)
    client = plan.client
    return Report(
        practice=PracticeLines(practice.name, practice.address, practice.phone, practice.email),
        client_name=client.full_name,
        client_last_name=client.last_name,
        date_of_birth=client.date_of_birth,
        plan_title=plan.title,
        plan_status=plan.get_status_display(),
        starts_on=plan.starts_on,
        review_on=plan.review_on,
        closed_on=timezone.localtime(plan.closed_at, zone).date() if plan.closed_at else None,
        therapist=plan.therapist.display_name if plan.therapist else "",
        goals=[str(goal) for goal in plan.goals or []],
        visits_planned=plan.visits_planned,
        visits=[
            VisitLine(timezone.localtime(at, zone), visit_state(status, at, now))
            for at, status in visits
        ],
        measures=[measure_line(m) for m in found.measures if m.points],
        exercises=[_exercise_line(row, zone) for row in programme.rows],
        adherence=_percent(programme.overall),
        summary=(plan.summary or plan.closing_note).strip(),
        produced_at=timezone.localtime(now, zone),
        zone=zone,
    )


def visit_state(status: str, starts_at: dt.datetime, now: dt.datetime) -> str:
    """A visit in words: "took place", "missed", "cancelled" or "booked" (still to come)."""
    if status == Appointment.Status.NO_SHOW:
        return "missed"
    if status == Appointment.Status.CANCELLED:
        return "cancelled"
    if status == Appointment.Status.COMPLETED or starts_at <= now:
        return "took place"
    return "booked"


def measure_line(measure: Measure) -> MeasureLine:
    """One measure of `progress` as the report's table row."""
    first, last = measure.points[0], measure.points[-1]
    found = measure.change
    baseline, latest = first.shown, last.shown
    if found is not None and measure.code == "psfs":  # like for like: the shared activities
        baseline = inst.display(found.instrument, found.baseline.value)
        latest = inst.display(found.instrument, found.latest.value)
    return MeasureLine(
        code=measure.code,
        name=progress.instrument_name(measure.instrument),
        baseline=baseline,
        baseline_on=first.day,
        latest=latest,
        latest_on=last.day,
        scores=len(measure.points),
        change=signed(measure.instrument, found.difference) if found else "",
        verdict=_verdict_of(measure),
        rule_source=rule_source(measure.instrument),
        rule=gettext(measure.instrument.meaningful_change),
        points=tuple((p.day, float(p.value)) for p in measure.points),
    )


def signed(instrument: Instrument, difference: Fraction) -> str:
    """A difference with its sign: "−4", "+1.5", "0"."""
    shown = inst.display(instrument, abs(difference)).lstrip("+")
    if difference > 0:
        return f"+{shown}"
    if difference < 0:
        return f"−{shown}"
    return shown


def _verdict_of(measure: Measure) -> str:
    """The verdict in words; for the PSFS, like for like (`Measure.change`): the
    activities compared when not all were, or no verdict when none was rated twice."""
    if measure.nothing_in_common:
        return gettext(progress.NO_SHARED_ACTIVITY).removesuffix(".")
    words = verdict_words(measure.change)
    return f"{words}. {measure.compared_on}" if measure.compared_on else words


def verdict_words(found: Change | None) -> str:
    """The change since the baseline in a clinician's words, with the rule that decided."""
    if found is None:
        return gettext("One score so far: no change to judge yet")
    instrument = found.instrument
    if instrument.interpretation is Interpretation.AS_GIVEN:
        return gettext("Reported as the client gave it (no cut-off)")
    if found.direction is Trend.SAME:
        return gettext("No change")
    better = found.direction is Trend.BETTER
    if instrument.interpretation is Interpretation.TREND:
        if better:
            return gettext("Better (trend only, no validated threshold)")
        return gettext("Worse (trend only, no validated threshold)")
    if found.meaningful:
        because = {"because": progress.because_words(found.because)}
        if better:
            return gettext("Meaningful improvement (%(because)s)") % because
        return gettext("Meaningful worsening (%(because)s)") % because
    if better:
        return gettext("Better, below the meaningful change")
    return gettext("Worse, below the meaningful change")


def rule_source(instrument: Instrument) -> str:
    """Where the meaningful-change rule comes from (CLINICAL.md §4), in a few words."""
    if instrument.change_rule is not None:
        return instrument.change_rule.source
    if instrument.interpretation is Interpretation.TREND:
        return gettext("No validated threshold: trend only")
    cited = re.findall(r"\(([^()]*\d{4}[^()]*)\)", instrument.meaningful_change)
    return cited[-1] if cited else gettext("Reported as given")


def _exercise_line(row: Any, zone: dt.tzinfo) -> ExerciseLine:
    prescription = row.prescription
    stopped = prescription.stopped_at
    return ExerciseLine(
        name=row.name,
        dosage=row.dosage_words,
        adherence=_percent(row.weeks),
        since=timezone.localtime(prescription.prescribed_at, zone).date(),
        stopped_on=timezone.localtime(stopped, zone).date() if stopped else None,
    )


def _percent(weeks: list[Any]) -> int | None:
    """Sessions done of those due over every week (rounded down, at most 100)."""
    due = sum((week.due for week in weeks), Fraction(0))
    if due <= 0:
        return None
    done = sum((min(week.done, week.due) for week in weeks), Fraction(0))
    return min(100, int(100 * done / due))


def filename(report: Report) -> str:
    """progress-report-quillfeather-2026-11-24.pdf (ASCII letters of the last name)."""
    name = re.sub(r"[^a-z0-9]+", "-", _ascii(report.client_last_name).lower()).strip("-")
    day = report.produced_at.date().isoformat()
    return f"progress-report-{name or 'client'}-{day}.pdf"


def _ascii(text: str) -> str:
    special = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d"})
    decomposed = unicodedata.normalize("NFKD", text.translate(special))
    return decomposed.encode("ascii", "ignore").decode()


def save_summary(
    plan: PlanOfCare, text: str, *, actor: User | None, audit: AuditContext | None = None
) -> PlanOfCare:
    """Save the therapist's summary of `plan` (audited ``outcomes.report.summary_saved``)."""
    text = text.strip()
    if len(text) > SUMMARY_MAX:
        raise ValueError(
            gettext("The summary is limited to %(max)s characters.") % {"max": f"{SUMMARY_MAX:,}"}
        )
    with transaction.atomic():
        plan.summary = text
        plan.save(update_fields=["summary"])
        data = {"characters": len(text), "cleared": not text}
        log_action(actor, "outcomes.report.summary_saved", plan, data, audit=audit)
    return plan
