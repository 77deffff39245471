"""A refused write is told apart by the constraint that refused it, on SQLite and PostgreSQL."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

import easeplan
from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.care.models import PlanOfCare, SessionNote
from easeplan.lib.integrity import violates
from easeplan.practice.models import Client

from ..conftest import World
from ..factories import AppointmentFactory, PlanOfCareFactory, SessionNoteFactory, UserFactory

NINE = dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC)


def refusal(write) -> IntegrityError:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    return caught.value


def test_an_expression_index_is_found_by_its_name(world: World) -> None:
    error = refusal(
        lambda: Client.objects.create(practice=world.practice, email=world.client.email.upper())
    )
    assert violates(error, Client, "client_email_per_practice")


def test_a_unique_constraint_on_columns_is_found_by_its_name(world: World) -> None:
    AppointmentFactory(practice=world.practice, starts_at=NINE, booking_key="k1")
    later = NINE + dt.timedelta(days=1)
    error = refusal(
        lambda: AppointmentFactory(practice=world.practice, starts_at=later, booking_key="k1")
    )
    assert violates(error, Appointment, "appointment_booking_key_per_practice")
    assert not violates(error, Appointment, "appointment_end_after_start")
    assert not violates(error, Client, "client_email_per_practice")


def test_a_partial_unique_constraint_is_found_by_its_name(world: World) -> None:
    PlanOfCareFactory(practice=world.practice, client=world.client)
    error = refusal(lambda: PlanOfCareFactory(practice=world.practice, client=world.client))
    assert violates(error, PlanOfCare, "one_active_plan_per_condition")
    assert not violates(error, Appointment, "appointment_booking_key_per_practice")


def test_a_check_constraint_is_found_by_its_name(world: World) -> None:
    error = refusal(
        lambda: AppointmentFactory(practice=world.practice, starts_at=NINE, ends_at=NINE)
    )
    assert violates(error, Appointment, "appointment_end_after_start")
    assert not violates(error, Appointment, "appointment_booking_key_per_practice")


def test_a_unique_field_is_found_by_its_name(world: World) -> None:
    note = SessionNoteFactory(appointment__practice=world.practice)
    error = refusal(lambda: SessionNoteFactory(appointment=note.appointment))
    assert violates(error, SessionNote, "appointment")
    assert not violates(error, Appointment, "appointment_booking_key_per_practice")


def test_any_of_several_constraints_may_match(world: World) -> None:
    taken = UserFactory().email
    error = refusal(lambda: User.objects.create(email=taken))
    assert violates(error, User, "user_email_ci_unique", "email")
    assert not violates(error, Client, "client_email_per_practice")


def test_other_errors_are_no_violation(world: World) -> None:
    assert not violates(
        ValueError("one_active_plan_per_condition"), PlanOfCare, "one_active_plan_per_condition"
    )


def test_a_field_that_is_not_unique_is_a_mistake_in_the_code() -> None:
    with pytest.raises(ValueError, match="not unique"):
        violates(IntegrityError("x"), Client, "first_name")


@pytest.mark.postgresql
def test_a_constraint_added_in_sql_is_found_by_its_name(world: World) -> None:
    first = AppointmentFactory(practice=world.practice, starts_at=NINE)
    error = refusal(
        lambda: AppointmentFactory(
            practice=world.practice, therapist=first.therapist, starts_at=NINE
        )
    )
    assert violates(error, Appointment, "appointment_no_overlap")
    assert not violates(error, Appointment, "appointment_end_after_start")


# Functions that tell a refusal apart by its constraint (booking's checks a deadlock too).
MATCHERS = {"violates", "is_concurrent_booking"}


def _catches_integrity_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(n, ast.Name) and n.id == "IntegrityError" for n in names)


def _calls(handler: ast.ExceptHandler) -> set[str]:
    return {
        node.func.id
        for statement in handler.body
        for node in ast.walk(statement)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def test_every_caught_integrity_error_is_matched_by_its_constraint() -> None:
    package = Path(easeplan.__file__).parent
    unmatched = [
        f"{path.relative_to(package)}:{handler.lineno}"
        for path in package.rglob("*.py")
        for handler in ast.walk(ast.parse(path.read_text()))
        if isinstance(handler, ast.ExceptHandler)
        and _catches_integrity_error(handler)
        and not _calls(handler) & MATCHERS
    ]
    assert unmatched == []
