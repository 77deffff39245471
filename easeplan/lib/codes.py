"""Random public identifiers for URLs: never sequential primary keys."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: codes may be read aloud or typed from an email.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_code(length: int = 10) -> str:
    """A random code of `length` characters (about 5 bits each)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
