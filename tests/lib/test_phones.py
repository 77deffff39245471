"""Phone numbers are read in the practice's country and kept in E.164."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.lib.phones import InvalidPhone, to_e164

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("0117 496 0123", "GB", "+441174960123"),
        ("(0117) 496-0123", "GB", "+441174960123"),
        ("+44 117 496 0123", "FR", "+441174960123"),  # a country code wins over the region
        ("0044 117 496 0123", "GB", "+441174960123"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("+33 1 23 45 67 89", "GB", "+33123456789"),
        ("(212) 555-0123", "US", "+12125550123"),
    ],
)
def test_numbers_are_read_in_the_region_and_kept_in_e164(typed, region, stored) -> None:
    assert to_e164(typed, region) == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0123", "too short"),
        ("0117 496 0123 4567", "too long"),
        ("abc", "in digits"),
        ("+999 117 496 0123", "country code"),
        ("0999 496 0123", "not a phone number we know"),
        ("0" * 41, "too long"),
    ],
)
def test_a_wrong_number_says_what_is_wrong_with_an_example(typed, says) -> None:
    with pytest.raises(InvalidPhone) as invalid:
        to_e164(typed, "GB")
    assert says in invalid.value.message
    if says != "country code":
        assert "For example: 0121 234 5678." in invalid.value.message


@given(st.text(max_size=60), st.sampled_from(["GB", "FR", "US", "DE", "IE"]))
def test_any_text_is_either_refused_or_a_stable_e164_number(text: str, region: str) -> None:
    try:
        stored = to_e164(text, region)
    except InvalidPhone as invalid:
        assert invalid.message
        return
    assert E164.match(stored)
    assert to_e164(stored, region) == stored
    assert to_e164(stored, "GB") == stored  # E.164 means the same in any region
