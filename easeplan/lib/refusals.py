"""An action that can't be done as asked, with the reason in words.

Each service raises its own kind (`BookingRefused`, `NoteRefused`, ...); the page shows
`message`, which says what is wrong and what to do instead, and nothing was saved.
"""

from __future__ import annotations


class Refused(Exception):
    """The action can't be done as asked; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
