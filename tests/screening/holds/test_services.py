"""Red-flag holds: raised from any source, one check, cleared only with a note, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.accounts.models import AuditEvent
from easeplan.screening.holds import services as holds
from easeplan.screening.models import RedFlagHold
from easeplan.screening.rules import self_check as rules

from ...conftest import World

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)


def test_no_flag_raises_nothing(world: World) -> None:
    assert holds.raise_hold(world.client, holds.Source.INTAKE, [], actor=None) is None
    assert holds.stop_for(client=world.client) is None
    assert not RedFlagHold.objects.exists()


def test_a_flag_holds_the_client_and_the_audit_names_the_source_not_the_answer(
    world: World,
) -> None:
    hold = holds.raise_hold(
        world.client, holds.Source.INTAKE, ["bladder_bowel_control"], actor=world.client_user
    )
    assert hold is not None and hold.is_open
    stop = holds.stop_for(client=world.client)
    assert stop is not None and stop.emergency and stop.outcome == "emergency"
    assert [f.code for f in stop.reasons] == ["bladder_bowel_control"]
    assert holds.stop_for(client=world.another_client) is None  # only that client
    event = AuditEvent.objects.get(action="screening.red_flag_hold.raised")
    assert event.data == {"client": world.client.code, "source": "intake"}
    assert "bladder" not in str(event.data)


def test_the_same_flags_from_the_same_source_raise_one_hold(world: World) -> None:
    first = holds.raise_hold(world.client, holds.Source.INTAKE, ["cancer_history"], actor=None)
    again = holds.raise_hold(world.client, holds.Source.INTAKE, ["cancer_history"], actor=None)
    assert first == again and RedFlagHold.objects.count() == 1


def test_clearing_needs_a_note_and_saves_nothing_without_one(world: World) -> None:
    holds.raise_hold(world.client, holds.Source.CHECKIN, ["weight_loss"], actor=None)
    with pytest.raises(holds.HoldRefused, match="Please write a note"):
        holds.clear_holds(world.client, "   ", actor=world.therapist_user)
    assert holds.stop_for(client=world.client) is not None
    assert not AuditEvent.objects.filter(action="screening.red_flag_hold.cleared").exists()


def test_clearing_with_a_note_reopens_booking_dated_and_audited(world: World) -> None:
    holds.raise_hold(world.client, holds.Source.INTAKE, ["cancer_history"], actor=None)
    holds.raise_hold(world.client, holds.Source.CHECKIN, ["weight_loss"], actor=None)
    cleared = holds.clear_holds(
        world.client, "GP letter: scan clear.", actor=world.therapist_user, now=NOW
    )
    assert len(cleared) == 2
    assert holds.stop_for(client=world.client) is None
    for hold in RedFlagHold.objects.all():
        assert (hold.cleared_at, hold.cleared_by, hold.clearing_note) == (
            NOW,
            world.therapist_user,
            "GP letter: scan clear.",
        )
    assert AuditEvent.objects.filter(action="screening.red_flag_hold.cleared").count() == 2
    with pytest.raises(holds.HoldRefused, match="Nothing to clear"):
        holds.clear_holds(world.client, "again", actor=world.therapist_user)


def test_a_session_flag_stops_booking_before_any_client_exists() -> None:
    session: dict[str, object] = {}
    holds.remember_in_session(session, ["saddle_numbness"])
    stop = holds.stop_for(session=session)
    assert stop is not None and stop.emergency
    assert holds.stop_for(session={}) is None


def test_a_session_flag_becomes_the_clients_hold_and_clearing_it_frees_the_session(
    world: World,
) -> None:
    session: dict[str, object] = {}
    holds.remember_in_session(session, ["weight_loss"])
    hold = holds.carry_session_flags(session, world.client, actor=world.client_user)
    assert hold is not None and hold.source == holds.Source.SELF_CHECK
    assert hold.flags == ["weight_loss"]
    assert holds.stop_for(client=world.client, session=session) is not None
    holds.clear_holds(world.client, "Seen by GP.", actor=world.owner)
    assert holds.stop_for(client=world.client, session=session) is None


def test_the_dashboard_list_has_each_held_client_once_longest_held_first(world: World) -> None:
    holds.raise_hold(
        world.another_client, holds.Source.INTAKE, ["cancer_history"], actor=None, now=NOW
    )
    later = NOW + dt.timedelta(days=1)
    holds.raise_hold(world.client, holds.Source.INTAKE, ["weight_loss"], actor=None, now=later)
    holds.raise_hold(world.client, holds.Source.CHECKIN, ["weight_loss"], actor=None, now=later)
    holds.raise_hold(world.other_client, holds.Source.INTAKE, ["weight_loss"], actor=None)
    held = holds.held_clients(world.practice)
    assert held == [world.another_client, world.client]
    assert held[0].held_since == NOW


@given(st.sets(st.sampled_from([flag.code for flag in rules.RED_FLAGS]), min_size=1))
def test_any_set_of_flags_stops_booking_and_names_them(codes: set[str]) -> None:
    session: dict[str, object] = {}
    holds.remember_in_session(session, codes)
    stop = holds.stop_for(session=session)
    assert stop is not None
    assert {f.code for f in stop.flags} == codes
    emergency = any(rules.BY_CODE[c].level is rules.Level.EMERGENCY for c in codes)
    assert stop.emergency is emergency
    assert all(f.level is rules.Level.EMERGENCY for f in stop.reasons) or not emergency


def test_clients_flagged_before_holds_existed_are_held_by_the_migration(world: World) -> None:
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from easeplan.care.models import Intake
    from easeplan.screening.models import SelfCheck

    migration = importlib.import_module(
        "easeplan.screening.migrations.0004_hold_existing_red_flags"
    )
    Intake.objects.create(
        practice=world.practice,
        client=world.client,
        answers={"red_flags": ["bladder_bowel_control"]},
        submitted_at=timezone.now(),
    )
    Intake.objects.create(
        practice=world.practice,
        client=world.another_client,
        answers={"red_flags": []},
        submitted_at=timezone.now(),
    )
    SelfCheck.objects.create(
        practice=world.practice,
        client=world.another_client,
        answers={"red_flags": ["weight_loss"]},
        outcome="urgent",
    )
    migration.hold_existing(apps, None)
    assert holds.stop_for(client=world.client) is not None
    stop = holds.stop_for(client=world.another_client)
    assert stop is not None and [f.code for f in stop.flags] == ["weight_loss"]
    assert RedFlagHold.objects.count() == 2
