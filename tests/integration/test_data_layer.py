"""The data layer behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from trainer.db.engine import get_engine, get_session_factory
from trainer.db.events import Event, record_event
from trainer.db.meta import get_meta, set_meta
from trainer.db.migrate import is_current, upgrade
from trainer.errors import NotFound
from trainer.training.models import Trainee
from trainer.training.trainees import create_trainee, find_by_resume_code

NOW = datetime(2026, 3, 2, 9, 30)


def test_migrations_create_every_model_table(db_url):
    from trainer.db.models import Base

    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert is_current(db_url)


def test_upgrading_twice_changes_nothing(db_url):
    upgrade(db_url)
    assert is_current(db_url)


def test_trainee_and_its_event_are_written_in_one_transaction(db_url):
    with get_session_factory(db_url).begin() as session:
        trainee = create_trainee(session, name="  Nông  Thị Hoa ", audience="official", unit_code="01840", now=NOW)
        code = trainee.resume_code
    with get_session_factory(db_url)() as session:
        found = find_by_resume_code(session, code.lower())
        assert found.name == "Nông Thị Hoa"
        events = session.scalars(select(Event).where(Event.trainee_id == found.id)).all()
        assert [e.action for e in events] == ["trainee.created"]
        assert events[0].at == NOW


def test_a_failed_transaction_leaves_no_event(db_url):
    with pytest.raises(RuntimeError), get_session_factory(db_url).begin() as session:
        record_event(session, actor="desk_officer", action="dossier.received", entity="dossier", at=NOW)
        raise RuntimeError("boom")
    with get_session_factory(db_url)() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_resume_codes_are_unique(db_url):
    with get_session_factory(db_url).begin() as session:
        session.add(Trainee(name="A", audience="citizen", unit_code=None, resume_code="ABC234", created_at=NOW))
    with pytest.raises(IntegrityError), get_session_factory(db_url).begin() as session:
            session.add(Trainee(name="B", audience="citizen", unit_code=None, resume_code="ABC234", created_at=NOW))


def test_unknown_resume_code_is_a_clear_error(db_url):
    with get_session_factory(db_url)() as session, pytest.raises(NotFound) as caught:
        find_by_resume_code(session, "ZZZ999")
    assert caught.value.key == "errors.trainee.unknown_code"


def test_meta_round_trips_unicode(db_url):
    with get_session_factory(db_url).begin() as session:
        set_meta(session, "note", "Bắc Kạn — Thái Nguyên")
    with get_session_factory(db_url).begin() as session:
        assert get_meta(session, "note") == "Bắc Kạn — Thái Nguyên"
        set_meta(session, "note", "đổi")
    with get_session_factory(db_url)() as session:
        assert get_meta(session, "note") == "đổi"


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path):
    url = f"sqlite:///{tmp_path / 'pragmas.db'}"
    with get_engine(url).connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_the_migrated_schema_matches_the_models(db_url):
    """Alembic's autogenerate finds nothing to add: the migrations and the typed models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from trainer.db.models import Base

    with get_engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = [d for d in compare_metadata(context, Base.metadata) if not _ignorable(d)]
    assert _without_unnamed_sqlite_fks(diffs) == []


def _fk_key(fk) -> tuple:
    return (fk.table.name, tuple(c.name for c in fk.columns), fk.referred_table.name)


def _without_unnamed_sqlite_fks(diffs: list) -> list:
    """SQLite can add a column with a foreign key only as a column constraint (0008_accounts: events.account_id,
    no copy of the event log), and SQLAlchemy reflects such a key without its name and ON DELETE (PRAGMA
    foreign_key_list has both right). A remove/add pair of the same key is that, not a difference."""
    unnamed = {_fk_key(d[1]) for d in diffs if d[0] == "remove_fk" and d[1].name is None}
    return [d for d in diffs if not (d[0] in ("remove_fk", "add_fk") and _fk_key(d[1]) in unnamed)]


def _ignorable(diff) -> bool:
    # alembic_version is Alembic's own table
    return diff[0] == "remove_table" and diff[1].name == "alembic_version"


def test_migrations_form_one_line_and_round_trip(db_url):
    """One head (no branches); downgrading to base and upgrading again gives the same schema."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from trainer.db.migrate import alembic_config

    config = alembic_config(db_url)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
    command.downgrade(config, "base")
    assert is_current(db_url) is False
    upgrade(db_url)
    assert is_current(db_url)
