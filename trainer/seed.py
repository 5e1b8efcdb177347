"""The demo world: what `trainer seed` and the first `trainer run` load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from trainer.db.meta import get_meta, set_meta
from trainer.db.models import Base
from trainer.i18n import t
from trainer.settings import Settings
from trainer.world.store import load_world

SEEDED_KEY = "demo_seeded_at"


@dataclass
class SeedReport:
    """What seeding did, line by line, for the terminal."""

    skipped: bool = False
    lines: list[str] = field(default_factory=list)


def seed_demo(session: Session, settings: Settings, *, now: datetime, reset: bool) -> SeedReport:
    """Load the demo world once; with reset, delete every practice row first (all tables) and load it again."""
    report = SeedReport()
    if reset:
        for table in reversed(Base.metadata.sorted_tables):  # children before parents
            session.execute(table.delete())
    world = load_world(session, settings, force=reset)  # reloads by itself when the world files changed
    if not world.skipped:
        report.lines.append(
            t("world.seed_loaded", settings.language, units=world.units, agencies=world.agencies,
              procedures=world.procedures)
        )
    if get_meta(session, SEEDED_KEY) and not reset:
        report.skipped = True
        return report
    set_meta(session, "seed", str(settings.seed))
    set_meta(session, "admin_model", settings.admin_model.value)
    set_meta(session, SEEDED_KEY, now.isoformat())
    return report
