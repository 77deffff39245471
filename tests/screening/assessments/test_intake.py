"""An assessment reads the client's intake through the reader care hands screening at
start-up: the same answers, red flags and date of birth as the intake rules give."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from easeplan.care.intake import rules as intake
from easeplan.care.models import Intake
from easeplan.screening.assessments import services
from easeplan.screening.assessments.intake import IntakeReading, intake_of
from tests.conftest import World


def test_a_client_without_an_intake_reads_as_an_empty_one(world: World) -> None:
    assert intake_of(world.client) == IntakeReading()
    assert IntakeReading() == IntakeReading(
        contraindications=intake.contraindication_answers({}), red_flags=intake.red_flags({})
    )


def test_the_reading_is_what_the_intake_rules_say_of_the_answers(world: World) -> None:
    answers = {
        "hip_replacement": "right",
        "hip_approach": "posterior",
        "red_flags": ["bladder_bowel_control"],
        "date_of_birth": "1971-05-02",
    }
    Intake.objects.create(
        practice=world.practice, client=world.client, answers=answers, submitted_at=timezone.now()
    )
    reading = intake_of(world.client)
    assert reading.contraindications == intake.contraindication_answers(answers)
    assert [f.code for f in reading.red_flags] == ["bladder_bowel_control"]
    assert reading.date_of_birth == dt.date(1971, 5, 2)
    blocked = services.blocked_tests_for(world.client, today=dt.date(2026, 12, 1))
    assert "FAIR" in blocked
