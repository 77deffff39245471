"""Every service's refusal carries the words the page shows, from one base class."""

from __future__ import annotations

import pytest

from easeplan.booking.attendance import AttendanceRefused
from easeplan.booking.services import BookingRefused
from easeplan.care.consent.services import ConsentRefused
from easeplan.care.notes.services import NoteRefused
from easeplan.care.programme.services import ProgrammeRefused
from easeplan.lib.dates import DateRefused
from easeplan.lib.phones import InvalidPhone
from easeplan.lib.refusals import Refused
from easeplan.outcomes.checkins.services import CheckInRefused
from easeplan.portal.services import MessageRefused
from easeplan.privacy.services import PrivacyRefused
from easeplan.screening.holds.services import HoldRefused

pytestmark = pytest.mark.once
KINDS = (
    AttendanceRefused,
    BookingRefused,
    CheckInRefused,
    ConsentRefused,
    DateRefused,
    HoldRefused,
    InvalidPhone,
    MessageRefused,
    NoteRefused,
    PrivacyRefused,
    ProgrammeRefused,
)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_a_refusal_says_why_in_words(kind: type[Refused]) -> None:
    refused = kind("Choose a time in the next 60 days.")
    assert isinstance(refused, Refused)
    assert refused.message == str(refused) == "Choose a time in the next 60 days."


def test_bad_dates_and_phones_are_still_value_errors() -> None:
    assert isinstance(DateRefused("x"), ValueError)
    assert isinstance(InvalidPhone("x"), ValueError)


def test_the_extra_details_stay_with_their_refusal() -> None:
    assert BookingRefused("Taken.", ["a time"]).alternatives == ["a time"]
    assert ConsentRefused("Sign it.", "signature").field == "signature"
    assert ProgrammeRefused("Too many.", "reps").field == "reps"
