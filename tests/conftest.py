"""Shared fixtures: settings on a temporary data dir, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tests.support import migrated_sqlite
from trainer.db.engine import dispose_all, get_session_factory
from trainer.db.migrate import upgrade
from trainer.settings import Settings, get_settings

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("TRAINER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data dir and the default settings, never the developer's database."""
    for name in list(os.environ):
        if name.startswith("TRAINER_") and name not in ("TRAINER_TEST_PG_URL", "TRAINER_DEBUG"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings() -> Settings:
    return get_settings()


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test run, dropped at the end."""
    reason = _pg_available()
    if reason is not None:
        message = f"PostgreSQL not reachable at {make_url(PG_ADMIN_URL).render_as_string()}: {reason}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests may not be skipped)")
        pytest.skip(message)
    name = f"trainer_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    dispose_all()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    from trainer.db.models import Base

    factory = get_session_factory(url)
    with factory.begin() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file under tmp_path, or the run's PostgreSQL database."""
    if request.param == "sqlite":
        url = migrated_sqlite(tmp_path / "test.db")
        yield url
        dispose_all()
    else:
        url = request.getfixturevalue("pg_url")
        _truncate_all(url)
        yield url
        _truncate_all(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite database only (unit tests that need rows but not both back ends)."""
    url = migrated_sqlite(tmp_path / "unit.db")
    yield url
    dispose_all()


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on each back end; the test commits or not as it likes."""
    factory = get_session_factory(db_url)
    with factory() as s:
        yield s
