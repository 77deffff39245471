"""Signed codes of email links: a code comes back only from its own, unchanged token."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from easeplan.lib import signed

codes = st.text(alphabet="ABCDEFGHJKMNPQRSTVWXYZ23456789", min_size=1, max_size=20)


@given(codes)
def test_a_token_gives_back_its_code_and_is_the_same_every_time(code: str) -> None:
    token = signed.sign_code(code, salt="visit")
    assert token == signed.sign_code(code, salt="visit")
    assert signed.code_from_token(token, salt="visit") == code


@given(codes)
def test_a_token_signed_for_another_purpose_opens_nothing(code: str) -> None:
    assert signed.code_from_token(signed.sign_code(code, salt="visit"), salt="checkin") is None


def test_a_changed_or_made_up_token_opens_nothing() -> None:
    token = signed.sign_code("K7M2QX", salt="visit")
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (changed, "", "K7M2QX", "not:a:token", token.replace(":", "")):
        assert signed.code_from_token(bad, salt="visit") is None
