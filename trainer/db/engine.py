"""Engine and session factory, created once per URL; SQLite gets foreign keys, WAL, a busy timeout and real
transactions.

SQLite transactions (SQLAlchemy's pysqlite recipe "Serializable isolation / Savepoints / Transactional DDL",
adapted): pysqlite's own transaction handling is switched off (`isolation_level = None`) and this module emits
BEGIN itself, so a SAVEPOINT, a DDL statement and every write sit inside the session's one transaction and a
rollback takes all of it back. The BEGIN is `BEGIN IMMEDIATE`, emitted just before the transaction's first write
(or a `lock_row`): the documented recipe's plain BEGIN on the first SELECT makes every concurrent
read-then-write fail at once with "database is locked" (SQLite ignores the busy timeout when a reader must
become a writer: 152 of 180 such transactions of 6 threads failed, 0 with this variant). Reads before the first
write see the newest committed data, as before; the write itself is then guarded by a conditional update or a
lock (`claim`, `lock_row`), which see everything committed before them.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from trainer.db import text_guard  # noqa: F401  (registers the control-character gate on every flush)

SQLITE_BUSY_TIMEOUT_MS = 30_000  # a workshop of 60 writers must wait, not fail


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    try:  # the dashboard's mastery needs power(); an SQLite built without its math functions gets Python's
        cursor.execute("SELECT power(0.5, 1)")
    except sqlite3.OperationalError:
        dbapi_connection.create_function("power", 2, math.pow, deterministic=True)
    cursor.close()
    dbapi_connection.isolation_level = None  # pysqlite emits no BEGIN of its own: _sqlite_begin does


_SQLITE_READS = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "WITH", "VALUES"})
_SQLITE_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "RELEASE"})
WRITE_LOCK = "trainer_write_lock"  # execution option: begin the SQLite write transaction before this SELECT


def _sqlite_begin(conn: Connection, cursor, statement: str, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
    """BEGIN IMMEDIATE before the first write (or locking read) of a SQLAlchemy transaction on SQLite."""
    dbapi_connection = cursor.connection
    if dbapi_connection.in_transaction or conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    words = statement.lstrip(" (\n\t").split(None, 1)
    first = words[0].upper() if words else ""
    if first in _SQLITE_TRANSACTION_CONTROL:
        return
    compiled_write = context is not None and (context.isinsert or context.isupdate or context.isdelete)
    locking = context is not None and context.execution_options.get(WRITE_LOCK, False)
    if first in _SQLITE_READS and not compiled_write and not locking:
        return
    dbapi_connection.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout for the writer before us


def read_only_place(path: Path) -> bool:
    """True when the SQLite file exists but neither it nor its folder may be written (a read-only data dir)."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def make_engine(url: str) -> Engine:
    """A new engine for url; the SQLite file's folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
        path = Path(database) if database and database != ":memory:" and not database.startswith("file:") else None
        if path is not None and read_only_place(path):
            # WAL needs its -wal/-shm files beside the database: in a read-only data dir only an immutable open can
            # read it at all; every write then fails with SQLITE_READONLY (trainer.db.storage names it)
            uri = f"file:{quote(str(path.resolve()))}?immutable=1"
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
                uri, uri=True, check_same_thread=False, timeout=timeout))
        else:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _sqlite_begin)
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
