"""What an assessment reads of the client's intake: the contraindication answers, the red
flags and the date of birth. The intake lives in care, a layer above screening, so care
hands screening its reader when its app is ready (`read_intake_with`) instead of
screening importing care (docs/decisions/0002-layers.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from easeplan.practice.models import Client

from ..rules.contraindications import IntakeAnswers
from ..rules.self_check import RedFlag


@dataclass(frozen=True)
class IntakeReading:
    """What a client's intake says, as an assessment and a referral letter use it; the
    defaults are what an intake not filled in says."""

    contraindications: IntakeAnswers = field(default_factory=IntakeAnswers)
    red_flags: tuple[RedFlag, ...] = ()
    date_of_birth: dt.date | None = None


IntakeReader = Callable[[Client], IntakeReading]

_readers: list[IntakeReader] = []


def read_intake_with(reader: IntakeReader) -> None:
    """Called once by the care app at start-up."""
    if reader not in _readers:
        _readers.append(reader)


def intake_of(client: Client) -> IntakeReading:
    """What `client`'s intake says; an empty reading when they have not filled one in."""
    return next((reader(client) for reader in _readers), IntakeReading())
