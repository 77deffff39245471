"""What the intake tells screening's assessments (registered in care's AppConfig.ready()):
the answers the contraindication rules read, the red flags and the date of birth."""

from __future__ import annotations

from easeplan.practice.models import Client
from easeplan.screening.assessments.intake import IntakeReading

from ..models import Intake
from . import rules


def reading_for_screening(client: Client) -> IntakeReading:
    """`client`'s intake as an assessment reads it (one query); empty without an intake."""
    answers = Intake.objects.filter(client=client).values_list("answers", flat=True).first()
    answers = answers or {}
    return IntakeReading(
        contraindications=rules.contraindication_answers(answers),
        red_flags=rules.red_flags(answers),
        date_of_birth=rules.parse_date(answers.get("date_of_birth")),
    )
