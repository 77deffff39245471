"""A task queued before it moved next to its service still runs: a queued row keeps the
module path it was queued under, and the old module still names the same task."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from easeplan.care.nudges.services import send_nudge
from easeplan.outcomes.checkins.weekly import send_weekly_checkin
from easeplan.screening.assessments.services import send_referral_letter


@pytest.mark.parametrize(
    ("queued_as", "task"),
    [
        ("easeplan.care.tasks.send_nudge", send_nudge),
        ("easeplan.outcomes.tasks.send_weekly_checkin", send_weekly_checkin),
        ("easeplan.screening.tasks.send_referral_letter", send_referral_letter),
    ],
)
def test_a_row_queued_under_the_old_path_runs_the_task(queued_as: str, task: object) -> None:
    row = DBTaskResult(task_path=queued_as, backend_name="default", queue_name="default")
    assert row.task.func is task.func  # type: ignore[attr-defined]
