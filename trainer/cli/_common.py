"""Pieces shared by the subcommands."""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from trainer.settings import Settings, get_settings


def settings_or_fail() -> Settings:
    """The settings, or a one-line error naming the bad TRAINER_* variable."""
    from trainer.cli import CliError

    try:
        return get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "TRAINER_" + str(first["loc"][0]).upper() if first["loc"] else "TRAINER_*"
        raise CliError(f"{name}: {first['msg']} (giá trị không hợp lệ / invalid value)", 2) from exc


def wall_clock() -> datetime:
    """The real clock, read only at the edge (CLI); naive local time like the sandbox clocks."""
    return datetime.now().replace(microsecond=0)
