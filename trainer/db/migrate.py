"""Apply Alembic migrations programmatically (`trainer db upgrade`, `trainer run` before serving)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from trainer.db.engine import get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at url up to the newest schema."""
    command.upgrade(alembic_config(url), revision)


def is_current(url: str) -> bool:
    """True when the database already has every migration."""
    script = ScriptDirectory.from_config(alembic_config(url))
    with get_engine(url).connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    if not current:
        return False
    applied = {rev.revision for rev in script.iterate_revisions(current, "base")}
    return all(rev.revision in applied for rev in script.walk_revisions())
