"""`manage.py purge_expired_records`: clinical records go once their retention has passed."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.models import Consent, PlanOfCare, SessionNote
from easeplan.outcomes.models import CheckIn, Response
from easeplan.practice.models import Client
from easeplan.privacy.models import DeletionRequest
from easeplan.privacy.services import carry_out

from ..conftest import World
from .records import full_record

LONDON = ZoneInfo("Europe/London")
ERASED_ON = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)


def _erase(world: World) -> Client:
    """Ada with one of everything, erased on ERASED_ON (record kept until 20 Feb 2034)."""
    with time_machine.travel(ERASED_ON, tick=False):
        full_record(world.client)
        full_record(world.another_client)  # never erased
        request = DeletionRequest.objects.create(practice=world.practice, client=world.client)
        carry_out(request, actor=world.owner)
    world.client.refresh_from_db()
    assert world.client.records_kept_until == dt.date(2034, 2, 20)
    return world.client


def _purge(when: dt.datetime) -> str:
    out = io.StringIO()
    with time_machine.travel(when, tick=False):
        call_command("purge_expired_records", stdout=out)
    return out.getvalue()


def test_nothing_is_purged_on_the_last_day_kept(world: World) -> None:
    client = _erase(world)
    assert "Records purged: 0" in _purge(dt.datetime(2034, 2, 20, 23, 0, tzinfo=LONDON))
    assert Client.objects.filter(pk=client.pk).exists()


def test_the_day_after_the_whole_record_is_purged(world: World) -> None:
    client = _erase(world)
    assert "Records purged: 1" in _purge(dt.datetime(2034, 2, 21, 0, 30, tzinfo=LONDON))
    assert not Client.objects.filter(pk=client.pk).exists()
    for model in (Appointment, SessionNote, PlanOfCare, Consent, CheckIn, Response):
        assert not model.objects.filter(client__code=client.code).exists(), model


def test_other_clients_are_untouched(world: World) -> None:
    _erase(world)
    before = {
        model: model.objects.filter(client=world.another_client).count()
        for model in (Appointment, SessionNote, PlanOfCare, CheckIn)
    }
    _purge(dt.datetime(2034, 3, 1, tzinfo=LONDON))
    assert Client.objects.filter(pk=world.another_client.pk).exists()
    for model, count in before.items():
        assert model.objects.filter(client=world.another_client).count() == count > 0


def test_running_it_again_purges_nothing_twice(world: World) -> None:
    _erase(world)
    assert "Records purged: 1" in _purge(dt.datetime(2034, 3, 1, tzinfo=LONDON))
    assert "Records purged: 0" in _purge(dt.datetime(2034, 3, 2, tzinfo=LONDON))
    assert AuditEvent.objects.filter(action="privacy.record.purged").count() == 1


def test_a_purge_is_audited_with_the_client_code_only(world: World) -> None:
    client = _erase(world)
    _purge(dt.datetime(2034, 3, 1, tzinfo=LONDON))
    event = AuditEvent.objects.get(action="privacy.record.purged")
    assert (event.practice, event.object_id, event.data, event.actor) == (
        world.practice,
        client.code,
        {},
        None,
    )


def test_clients_never_erased_are_never_purged(world: World) -> None:
    world.another_client.records_kept_until = dt.date(2020, 1, 1)  # no erased_at
    world.another_client.save()
    assert "Records purged: 0" in _purge(dt.datetime(2034, 3, 1, tzinfo=LONDON))
    assert Client.objects.filter(pk=world.another_client.pk).exists()
