"""Signed codes for email links: a record's random code, signed with the site's secret.

A link carries only the code; a changed token fails the signature, and a token signed for
one purpose (its salt) does not open another's page.
"""

from __future__ import annotations

from django.core import signing


def sign_code(code: str, *, salt: str) -> str:
    """The same token every time for a code: emails sent at different times agree."""
    token: str = signing.Signer(salt=salt).sign_object(code)
    return token


def code_from_token(token: str, *, salt: str) -> str | None:
    """The signed code, or None for a tampered or foreign token."""
    try:
        code = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return code if isinstance(code, str) else None
