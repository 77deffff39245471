"""Plans of care: creating, changing status with reasons, discharging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.models import PlanOfCare
from easeplan.care.plans.services import (
    PlanRefused,
    PlanTerms,
    change_status,
    create_plan,
    discharge,
    progress_of,
)

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory

Status = PlanOfCare.Status


def terms(condition: str = "piriformis", **changes: object) -> PlanTerms:
    today = timezone.localdate()
    values: dict[str, object] = {
        "condition": condition,
        "condition_detail": "left",
        "goals": ["Sit through a film", "Run 5 km"],
        "visits_planned": 5,
        "weeks": 4,
        "frequency_days": 7,
        "starts_on": today,
        "review_on": today + dt.timedelta(weeks=4),
        "glute_work_every_session": True,
        "baseline_pain": 7,
    }
    values.update(changes)
    return PlanTerms(**values)  # type: ignore[arg-type]


def test_a_new_plan_is_proposed_and_its_history_starts(world: World) -> None:
    plan = create_plan(world.client, terms(), actor=world.therapist_user)
    assert plan.status == Status.PROPOSED
    assert plan.practice == world.practice
    assert [c.to_status for c in plan.status_changes.all()] == ["proposed"]
    assert AuditEvent.objects.filter(action="care.plan.created", object_id=plan.code).exists()


def test_a_client_has_one_active_plan_per_condition(world: World) -> None:
    create_plan(world.client, terms(), actor=world.therapist_user, activate=True)
    with pytest.raises(PlanRefused, match="already has an active plan for piriformis"):
        create_plan(world.client, terms(), actor=world.therapist_user, activate=True)
    assert world.client.plans.count() == 1
    # Another condition, or a proposed plan, is fine.
    create_plan(world.client, terms("low_back"), actor=world.therapist_user, activate=True)
    create_plan(world.client, terms(), actor=world.therapist_user)
    assert world.client.plans.filter(status=Status.ACTIVE).count() == 2


def test_starting_a_second_plan_for_the_same_condition_is_refused(world: World) -> None:
    PlanOfCareFactory(practice=world.practice, client=world.client, status=Status.ACTIVE)
    waiting = PlanOfCareFactory(
        practice=world.practice, client=world.client, status=Status.PROPOSED
    )
    with pytest.raises(PlanRefused, match="Pause, complete or discharge that plan first"):
        change_status(waiting, Status.ACTIVE, actor=world.therapist_user)
    waiting.refresh_from_db()
    assert waiting.status == Status.PROPOSED
    assert waiting.status_changes.count() == 0


@pytest.mark.parametrize("to", [Status.PAUSED, Status.ABANDONED])
def test_pausing_or_stopping_needs_a_reason(world: World, to: str) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    with pytest.raises(PlanRefused, match="Say why"):
        change_status(plan, to, reason="  ", actor=world.therapist_user)
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE


def test_status_changes_keep_their_reasons_in_order(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    change_status(plan, Status.PAUSED, reason="Away for two weeks", actor=world.therapist_user)
    change_status(plan, Status.ACTIVE, reason="Back", actor=world.therapist_user)
    plan.refresh_from_db()
    history = [(c.from_status, c.to_status, c.reason) for c in plan.status_changes.all()]
    assert history == [("active", "paused", "Away for two weeks"), ("paused", "active", "Back")]
    assert plan.status == Status.ACTIVE
    assert AuditEvent.objects.filter(action="care.plan.paused", object_id=plan.code).exists()


def test_a_discharged_plan_stays_closed(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    discharge(plan, closing_note="Pain 1/10, running again.", reason="Goals met", actor=None)
    plan.refresh_from_db()
    assert plan.status == Status.DISCHARGED
    assert plan.closed_at is not None
    assert plan.closing_note == "Pain 1/10, running again."
    with pytest.raises(PlanRefused, match="can't become active"):
        change_status(plan, Status.ACTIVE, actor=world.therapist_user)


def test_discharge_needs_a_closing_note(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    with pytest.raises(PlanRefused, match="closing note"):
        discharge(plan, closing_note=" ", reason="Goals met", actor=world.therapist_user)
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE


def test_an_abandoned_plan_can_restart_when_the_client_comes_back(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    change_status(plan, Status.ABANDONED, reason="No visit for 6 weeks")
    change_status(plan, Status.ACTIVE, reason="Came back", actor=world.therapist_user)
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE


def test_progress_counts_visits_that_took_place(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    now = timezone.now()
    kinds = [
        (-14, Appointment.Status.COMPLETED),
        (-7, Appointment.Status.BOOKED),  # not marked, but it has happened
        (-3, Appointment.Status.NO_SHOW),
        (-2, Appointment.Status.CANCELLED),
        (5, Appointment.Status.BOOKED),
    ]
    visits = [
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            starts_at=now + dt.timedelta(days=days),
            status=status,
        )
        for days, status in kinds
    ]
    progress = progress_of(plan, visits, now)
    assert (progress.attended, progress.booked, progress.unbooked) == (2, 1, 2)
    assert progress.label == "visit 3 of 5"
