"""Tenancy in one place: practice data is found through `for_practice`, never a hand-written
practice filter in a view (easeplan.practice.querysets)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

from easeplan.booking.models import Appointment
from easeplan.practice.models import TimeOff
from easeplan.practice.querysets import PracticeQuerySet

from ..factories import AppointmentFactory, PracticeFactory, TherapistFactory, TimeOffFactory

PACKAGE = Path(__file__).resolve().parents[2] / "easeplan"
QUERY_CALLS = {"filter", "exclude", "get", "get_object_or_404"}


def _view_modules() -> list[Path]:
    """Every module that answers requests: a routed view is always in a views.py
    (tests/test_layout.py)."""
    return sorted(PACKAGE.rglob("views.py"))


def _is_practice_lookup(keyword: str | None) -> bool:
    if keyword is None:
        return False
    return keyword in {"practice", "practice_id"} or keyword.endswith(
        ("__practice", "__practice_id")
    )


def _practice_filters(source: str) -> list[int]:
    """Line numbers of queries that spell the practice filter themselves."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in QUERY_CALLS and any(_is_practice_lookup(k.arg) for k in node.keywords):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_a_hand_written_practice_filter() -> None:
    source = "get_object_or_404(Appointment, practice=request.practice, code=code)\n"
    source += "TimeOff.objects.filter(therapist__practice=practice)\n"
    assert _practice_filters(source) == [1, 2]
    assert _practice_filters("Appointment.objects.for_practice(practice).get(code=c)") == []


@pytest.mark.parametrize("module", _view_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_find_practice_data_through_for_practice(module: Path) -> None:
    assert _practice_filters(module.read_text()) == []


def test_every_model_with_a_practice_has_for_practice() -> None:
    """Memberships and audit entries (accounts, below practice in the layers) are the exception:
    they are reached through the practice or the person."""
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label not in {"accounts"}
        and any(f.name == "practice" and f.is_relation for f in model._meta.fields)
        and not isinstance(model._default_manager.all(), PracticeQuerySet)
    ]
    assert missing == []


@pytest.mark.django_db
def test_for_practice_keeps_only_that_practices_rows() -> None:
    ours, theirs = PracticeFactory(), PracticeFactory()
    visit = AppointmentFactory(practice=ours)
    AppointmentFactory(practice=theirs)
    assert list(Appointment.objects.for_practice(ours)) == [visit]


@pytest.mark.django_db
def test_time_off_belongs_to_the_therapists_practice() -> None:
    ours, theirs = PracticeFactory(), PracticeFactory()
    away = TimeOffFactory(therapist=TherapistFactory(practice=ours))
    TimeOffFactory(therapist=TherapistFactory(practice=theirs))
    assert list(TimeOff.objects.for_practice(ours)) == [away]
