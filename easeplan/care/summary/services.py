"""What a therapist must know about a client before a visit, loaded for many clients at once.

`flags_for` answers the calendar's question (is the intake done, must the visit be
postponed, are there cautions) and `summaries_for` the pre-visit summary's (red flags,
contraindications, consents, last assessment, intake gaps). Both take a batch of clients
and run a fixed number of queries whatever the batch size.

Before the intake is submitted, a self-check the client made when booking still counts:
its red flags postpone the visit until a doctor has seen them (../shared/CLINICAL.md §2).
So does an open red-flag hold (screening.holds), e.g. from the check-in before a visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.utils.translation import gettext, gettext_lazy

from easeplan.practice.models import Client
from easeplan.screening.holds.services import flags_of
from easeplan.screening.models import Assessment, RedFlagHold, SelfCheck
from easeplan.screening.rules import contraindications as ci
from easeplan.screening.rules import self_check as rules
from easeplan.screening.self_check.forms import AGGRAVATOR_LABELS, AREA_LABELS

from ..intake import rules as intake
from ..models import Consent, Intake

LEVEL_TITLES = {
    ci.Level.POSTPONE: gettext_lazy("Postpone the session"),
    ci.Level.AVOID_AREA: gettext_lazy("Leave these areas alone"),
    ci.Level.ADJUST: gettext_lazy("Adjust or get clearance"),
}
SIDES: dict[bool | None, Any] = {True: gettext_lazy("both sides"), False: gettext_lazy("one side")}
BLOCKED_LABELS: dict[str, Any] = {
    ci.FAIR: gettext_lazy("FAIR test"),
    ci.SEATED_PIRIFORMIS_STRETCH: gettext_lazy("seated piriformis stretch test"),
    ci.FREIBERG: gettext_lazy("Freiberg test"),
    ci.BEATTY: gettext_lazy("Beatty test"),
    ci.HIP_FLEXOR_LUNGE_STRETCH: gettext_lazy("half-kneeling hip-flexor lunge stretch"),
    ci.FIGURE_4_STRETCH: gettext_lazy("figure-4 stretch"),
    ci.FAIR_POSITION_STRETCH: gettext_lazy("FAIR-position stretches"),
    ci.KNEE_TO_OPPOSITE_SHOULDER: gettext_lazy("knee-to-opposite-shoulder stretch"),
    ci.DEEP_PRESSURE: gettext_lazy("deep pressure"),
    ci.FORCEFUL_WORK: gettext_lazy("forceful work"),
    ci.DEEP_WORK_LEGS: gettext_lazy("deep work on the legs"),
}


@dataclass
class ClientFlags:
    """The calendar's view of a client: intake done or not, and what the answers mean."""

    intake_completed: bool
    findings: list[ci.Finding] = field(default_factory=list)
    red_flags: tuple[rules.RedFlag, ...] = ()
    # An open red-flag hold: online booking stopped until a clinician clears it.
    held: bool = False
    held_flags: tuple[rules.RedFlag, ...] = ()

    @property
    def postpone(self) -> bool:
        return self.held or ci.must_postpone(self.findings)

    @property
    def cautions(self) -> bool:
        return bool(self.findings) and not self.postpone

    @property
    def postpone_reasons(self) -> list[str]:
        # The rules' English, marked for translation where they are written (gettext_noop).
        reasons = [gettext(f.reason) for f in self.findings if f.level is ci.Level.POSTPONE]
        if self.held:
            said = "; ".join(gettext(flag.reason) for flag in self.held_flags)
            if said:
                reason = gettext("Red flag: %(flags)s — a doctor should see it first.")
                reasons.append(reason % {"flags": said})
            else:
                reasons.append(gettext("Red flag — a doctor should see it first."))
        return reasons


@dataclass
class Summary:
    """One client's pre-visit summary."""

    client: Client
    flags: ClientFlags
    answers: Mapping[str, Any]
    intake: Intake | None
    self_check: SelfCheck | None
    consents: dict[str, Consent | None]
    assessment: Assessment | None

    @property
    def gaps(self) -> list[str]:
        missing = [gettext(label) for label in intake.gaps(self.answers)]
        if not self.flags.intake_completed:
            return [gettext("intake not completed"), *missing]
        return missing

    @property
    def gluteal_revoked(self) -> bool:
        consent = self.consents.get(Consent.Kind.GLUTEAL)
        return consent is not None and not consent.active

    @property
    def blocked(self) -> frozenset[str]:
        return ci.blocked_techniques(self.flags.findings)

    @property
    def avoided_areas(self) -> frozenset[str]:
        return ci.avoided_areas(self.flags.findings)

    @property
    def story(self) -> list[tuple[str, str]]:
        """The client's pain and activity in plain words, for what was answered."""
        a = self.answers
        lines = [
            (gettext("Where"), _listed(AREA_LABELS, a.get("areas", []))),
            (gettext("Sides"), str(SIDES.get(a.get("both_sides"), ""))),
            (gettext("Worse with"), _listed(AGGRAVATOR_LABELS, a.get("aggravators", []))),
            (gettext("Activity"), _listed(intake.ACTIVITIES, a.get("activities", []))),
            (gettext("Goals"), a.get("goals", "")),
        ]
        return [(label, text) for label, text in lines if text]

    @property
    def blocked_labels(self) -> list[str]:
        return sorted(str(BLOCKED_LABELS.get(code, code)) for code in self.blocked)

    @property
    def findings_by_level(self) -> list[tuple[str, list[ci.Finding]]]:
        grouped = [
            (level, [f for f in self.flags.findings if f.level is level]) for level in ci.Level
        ]
        return [(str(LEVEL_TITLES[level]), found) for level, found in grouped if found]


def _listed(names: Mapping[str, Any], codes: Iterable[str]) -> str:
    """The codes' names in the page's language, one after another."""
    return ", ".join(gettext(str(names[code])) if code in names else code for code in codes)


def _answers(client_intake: Intake | None, self_check: SelfCheck | None) -> dict[str, Any]:
    """The submitted intake's answers, else what the booking self-check told us."""
    if client_intake is not None and client_intake.completed:
        return dict(client_intake.answers)
    return dict(self_check.answers) if self_check is not None else {}


def _flags(
    answers: Mapping[str, Any], completed: bool, today: dt.date, held: list[str] | None = None
) -> ClientFlags:
    findings = ci.classify(intake.contraindication_answers(answers), today=today)
    return ClientFlags(
        completed,
        findings,
        intake.red_flags(answers),
        held=held is not None,
        held_flags=flags_of(held or ()),
    )


def _intakes_and_holds(ids: set[int]) -> tuple[dict[int, Intake], dict[int, list[str]]]:
    """Each client's intake, and the red-flag codes of each held client's newest open hold
    (screening.holds), in one query."""
    open_holds = RedFlagHold.objects.filter(
        client=OuterRef("pk"), cleared_at__isnull=True
    ).order_by("-raised_at", "-pk")
    rows = (
        Client.objects.filter(pk__in=ids)
        .select_related("intake")
        .annotate(
            held=Exists(open_holds),
            held_flags=Subquery(open_holds.values("flags")[:1], output_field=JSONField()),
        )
    )
    intakes: dict[int, Intake] = {}
    held: dict[int, list[str]] = {}
    for row in rows:
        found = getattr(row, "intake", None)  # None: no intake yet
        if found is not None:
            intakes[row.pk] = found
        if row.held:
            held[row.pk] = [str(code) for code in row.held_flags or []]
    return intakes, held


def _self_checks(ids: set[int]) -> dict[int, SelfCheck]:
    latest: dict[int, SelfCheck] = {}
    for check in SelfCheck.objects.filter(client_id__in=ids).order_by("-created_at", "-pk"):
        latest.setdefault(check.client_id, check)
    return latest


def flags_for(clients: Iterable[Client], *, today: dt.date) -> dict[int, ClientFlags]:
    """Flags per client id, in two queries for any number of clients."""
    ids = {c.pk for c in clients}
    (intakes, held), checks = _intakes_and_holds(ids), _self_checks(ids)
    found = {}
    for client_id in ids:
        client_intake = intakes.get(client_id)
        completed = client_intake is not None and client_intake.completed
        answers = _answers(client_intake, checks.get(client_id))
        found[client_id] = _flags(answers, completed, today, held.get(client_id))
    return found


def summaries_for(clients: Iterable[Client], *, today: dt.date) -> list[Summary]:
    """A pre-visit summary per client, in the order given, in a fixed number of queries."""
    clients = list(dict.fromkeys(clients))
    ids = {c.pk for c in clients}
    (intakes, held), checks = _intakes_and_holds(ids), _self_checks(ids)
    consents: dict[int, dict[str, Consent | None]] = {
        i: {kind: None for kind in Consent.Kind} for i in ids
    }
    # The newest row of each kind is the one that counts: signing again supersedes.
    for consent in Consent.objects.filter(client_id__in=ids).order_by("-signed_at", "-pk"):
        if consents[consent.client_id][consent.kind] is None:
            consents[consent.client_id][consent.kind] = consent
    assessments: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(client_id__in=ids)
        .select_related("therapist")
        .order_by("-assessed_on", "-created_at")
    ):
        assessments.setdefault(assessment.client_id, assessment)
    summaries = []
    for client in clients:
        client_intake, check = intakes.get(client.pk), checks.get(client.pk)
        answers = _answers(client_intake, check)
        completed = client_intake is not None and client_intake.completed
        summaries.append(
            Summary(
                client=client,
                flags=_flags(answers, completed, today, held.get(client.pk)),
                answers=answers,
                intake=client_intake,
                self_check=check,
                consents=consents[client.pk],
                assessment=assessments.get(client.pk),
            )
        )
    return summaries
