"""Transactions are real on both databases: savepoints nest in the outer transaction, a fault leaves nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from trainer.db.engine import get_engine, get_session_factory
from trainer.db.events import Event, record_event
from trainer.training.models import Trainee

NOW = datetime(2026, 3, 2, 9, 30)


def _count(url: str, model: type) -> int:
    with get_session_factory(url)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_released_savepoint_is_invisible_to_others_and_rolled_back_with_its_transaction(db_url):
    factory = get_session_factory(db_url)
    session = factory()
    try:
        with session.begin_nested():  # before any other write: pysqlite used to start (and commit) it alone
            session.add(Trainee(name="Lò Văn Sáng", audience="official", unit_code=None, resume_code="SAV234",
                                created_at=NOW))
        assert _count(db_url, Trainee) == 0  # another connection sees nothing before the outer commit
        session.rollback()
    finally:
        session.close()
    assert _count(db_url, Trainee) == 0


def test_a_rolled_back_savepoint_leaves_nothing_and_the_outer_work_stays(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        record_event(session, actor="system", action="test.outer", entity="test", at=NOW)
        with pytest.raises(RuntimeError), session.begin_nested():
            record_event(session, actor="system", action="test.inner", entity="test", at=NOW)
            session.flush()
            raise RuntimeError("inner fault")
    with factory() as session:
        assert session.scalars(select(Event.action)).all() == ["test.outer"]


def test_ddl_on_sqlite_is_transactional(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'ddl.db'}"
    engine = get_engine(url)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (id INTEGER PRIMARY KEY)"))
        raise RuntimeError("migration step failed")
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
    assert "scratch" not in names


def test_sqlite_keeps_wal_foreign_keys_and_the_busy_timeout_with_its_own_begin(tmp_path):
    from sqlalchemy import text

    from trainer.db.engine import SQLITE_BUSY_TIMEOUT_MS

    url = f"sqlite:///{tmp_path / 'pragmas.db'}"
    with get_engine(url).connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
