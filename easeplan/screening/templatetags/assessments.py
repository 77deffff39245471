"""Template tags for assessment summaries on the client and pre-visit pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from easeplan.screening.models import Assessment
from easeplan.screening.rules import clinical_tests

register = template.Library()


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
