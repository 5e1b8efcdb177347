"""Engine and session factory, created once per URL; SQLite gets foreign keys, WAL and a busy timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000  # a workshop of 60 writers must wait, not fail


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """A new engine for url; the SQLite file's folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


_ENGINES: dict[str, Engine] = {}
_FACTORIES: dict[str, sessionmaker[Session]] = {}


def get_engine(url: str) -> Engine:
    """The one engine for url in this process."""
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def get_session_factory(url: str) -> sessionmaker[Session]:
    """The one session factory for url in this process."""
    if url not in _FACTORIES:
        _FACTORIES[url] = sessionmaker(get_engine(url), expire_on_commit=False)
    return _FACTORIES[url]


@contextmanager
def transaction(url: str) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with get_session_factory(url).begin() as session:
        yield session


def dispose_all() -> None:
    """Forget every engine (tests, and after a restore)."""
    _FACTORIES.clear()
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


def dispose(url: str) -> None:
    """Forget the engine of one URL (its file may be copied or removed afterwards)."""
    _FACTORIES.pop(url, None)
    engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()
