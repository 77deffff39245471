"""The safety net's list is the emergency red flags of the self-check, whatever they are."""

from __future__ import annotations

import pytest

from easeplan.screening.rules import safety_net
from easeplan.screening.rules import self_check as rules


def test_it_lists_every_emergency_flag_once_in_plain_words() -> None:
    emergency = [f for f in rules.RED_FLAGS if f.level is rules.Level.EMERGENCY]

    signs = safety_net.emergency_signs()

    assert [sign.casefold() for sign in signs] == [f.reason.casefold() for f in emergency]
    assert all(sign[:1].isupper() for sign in signs)
    assert "A history of cancer" not in signs  # urgent, not an emergency


def test_a_new_emergency_flag_joins_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    new = rules.RedFlag("new_flag", rules.Level.EMERGENCY, "Asked?", "a brand-new warning sign")
    monkeypatch.setattr(rules, "RED_FLAGS", (*rules.RED_FLAGS, new))

    assert safety_net.emergency_signs()[-1] == "A brand-new warning sign"
    assert "a brand-new warning sign." in safety_net.in_one_line()


def test_in_one_line_it_reads_as_a_sentence() -> None:
    line = safety_net.in_one_line()

    assert line.startswith("Go to an emergency department now if you have ")
    assert "loss of bladder or bowel control" in line and line.endswith(".")
