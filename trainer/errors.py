"""Errors that carry a catalog key, so each edge (UI, CLI) shows them in the user's language."""

from __future__ import annotations

from typing import Any


class TrainerError(Exception):
    """Base of every expected error: a message key in the i18n catalog plus its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        from trainer.i18n import t

        return t(self.key, "vi", **self.params)


class DomainError(TrainerError):
    """A rule of the one-stop system forbids the action (wrong role, wrong state, bad input)."""


class NotFound(TrainerError):
    """The thing asked for does not exist (or is not in this sandbox)."""


class ConfigError(TrainerError):
    """Settings or content files are wrong."""
