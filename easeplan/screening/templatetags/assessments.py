"""Template tags for assessment summaries on the client and pre-visit pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext, gettext_lazy

from easeplan.screening.models import Assessment
from easeplan.screening.rules import clinical_tests

register = template.Library()

SIDE_LABELS = {
    "left": gettext_lazy("left"),
    "right": gettext_lazy("right"),
    "both": gettext_lazy("both sides"),
}
RESULT_LABELS = {
    "positive": gettext_lazy("positive"),
    "negative": gettext_lazy("negative"),
    "not_done": gettext_lazy("not done"),
}
ANSWER_LABELS = {
    "yes": gettext_lazy("yes"),
    "no": gettext_lazy("no"),
    "not done": gettext_lazy("not done"),
}


@dataclass(frozen=True)
class HistoryRow:
    assessment: Assessment
    summary: clinical_tests.AssessmentSummary


@register.simple_tag
def assessment_summary(assessment: Assessment) -> clinical_tests.AssessmentSummary:
    """`{% assessment_summary assessment as summary %}`: the summary of stored results."""
    return clinical_tests.summarise(assessment.results, assessment.features)


@register.simple_tag
def assessment_history(client: Any) -> list[HistoryRow]:
    """`{% assessment_history client as history %}`: newest first, in one query.

    The client page includes it for clinicians only (practice.access.CLINICIANS).
    """
    assessments = Assessment.objects.filter(
        practice_id=client.practice_id, client=client
    ).select_related("therapist")
    return [HistoryRow(a, clinical_tests.summarise(a.results, a.features)) for a in assessments]


@register.filter
def side_label(side: str) -> str:
    """The side a test was positive on, in the reader's language ("" stays "")."""
    return str(SIDE_LABELS.get(side, side))


@register.filter
def result_label(result: str) -> str:
    """A test result (positive, negative, not done) in the reader's language."""
    return str(RESULT_LABELS.get(result, result))


@register.simple_tag
def summary_line(summary: clinical_tests.AssessmentSummary) -> str:
    """The summary's one line (`AssessmentSummary.line`), in the reader's language."""
    return gettext(
        "%(count)s of %(total)s defining features; seated-stretch or active-piriformis "
        "test positive: %(answer)s"
    ) % {
        "count": summary.feature_count,
        "total": len(clinical_tests.DEFINING_FEATURES),
        "answer": ANSWER_LABELS[summary.seated_or_active],
    }


@register.simple_tag
def summary_impression(summary: clinical_tests.AssessmentSummary) -> str:
    """The summary's impression (`AssessmentSummary.impression`), never a diagnosis."""
    values = {"count": summary.feature_count, "total": len(clinical_tests.DEFINING_FEATURES)}
    if summary.feature_count >= clinical_tests.CONSISTENT_FROM:
        return (
            gettext(
                "Findings consistent with piriformis syndrome (%(count)s of the %(total)s "
                "defining features present)."
            )
            % values
        )
    return (
        gettext(
            "Findings do not clearly fit the pattern of piriformis syndrome (%(count)s of the "
            "%(total)s defining features present); other causes are possible."
        )
        % values
    )
