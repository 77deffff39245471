"""The plan's terms are listed once (PlanTerms): the form, its starting values and the
plan's fields follow that list."""

from __future__ import annotations

import pytest

from easeplan.care.models import PlanOfCare
from easeplan.care.plans.forms import PlanForm, initial_terms
from easeplan.care.plans.services import PlanTerms

from ...conftest import World
from ...factories import PlanOfCareFactory

pytestmark = pytest.mark.django_db


def test_the_form_asks_for_exactly_the_plans_terms(world: World) -> None:
    assert set(PlanForm(practice=world.practice).fields) == set(PlanTerms.names())


def test_every_term_is_a_field_of_the_plan() -> None:
    fields = {f.name for f in PlanOfCare._meta.get_fields()}
    assert set(PlanTerms.names()) <= fields


def test_editing_a_plan_unchanged_gives_back_its_terms(world: World) -> None:
    service = world.practice.services.get()
    plan = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        service=service,
        condition_detail="left side",
        baseline_pain=6,
        glute_work_every_session=True,
    )
    form = PlanForm(practice=world.practice, initial=initial_terms(plan))
    posted = {
        name: "" if value is None else ("on" if value is True else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
        if value is not False
    }
    bound = PlanForm(posted, practice=world.practice)
    assert bound.is_valid(), bound.errors
    assert bound.terms().values() == {name: getattr(plan, name) for name in PlanTerms.names()}
