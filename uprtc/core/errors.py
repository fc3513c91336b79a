"""Domain errors raised by services. Views map them to messages or HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation. ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The actor has no right to do this (HTTP 403)."""
