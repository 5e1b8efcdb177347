"""Shared page pieces: a refused action keeps nothing; st.rerun() inside a transaction still commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from trainer.db.engine import get_session_factory
from trainer.errors import DomainError
from trainer.training.models import Trainee
from trainer.ui import widgets

NOW = datetime(2026, 3, 2, 9, 0)


def _count(url: str) -> int:
    with get_session_factory(url)() as session:
        return session.scalar(select(func.count()).select_from(Trainee))


def _write_then_refuse(session, name: str) -> None:
    session.add(Trainee(name=name, audience="citizen", unit_code=None, resume_code="WRT234", created_at=NOW))
    session.flush()
    raise DomainError("errors.trainee.name_required")


def test_a_refused_action_inside_a_committing_block_keeps_nothing(app_db):
    with widgets.db() as session:
        assert widgets.attempt(_write_then_refuse, session, "Hà Văn Nam") is None
    assert _count(app_db) == 0


def test_an_accepted_action_is_committed(app_db):
    with widgets.db() as session:
        session.add(Trainee(name="Lý Thị Mai", audience="citizen", unit_code=None, resume_code="OKK234",
                            created_at=NOW))
    assert _count(app_db) == 1


def test_an_outdated_schema_is_noticed_and_recovers_after_upgrade(tmp_path):
    from trainer.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'late.db'}"
    assert widgets.schema_is_current(url) is False
    upgrade(url)
    assert widgets.schema_is_current(url) is True
