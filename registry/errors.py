"""The base of every error a person sees: a title and a message, never a crash."""

from __future__ import annotations


class MatchDeskError(Exception):
    """Base of every error shown to the user: never a crash, always a title and a message."""

    title = "MatchDesk error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(MatchDeskError, ValueError):
    """A user-facing message saying why a value was refused."""

    title = "Value refused"
