"""The reference world is copied into the database on SQLite and PostgreSQL, once, and again on reset."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from trainer.db.engine import get_session_factory
from trainer.seed import seed_demo
from trainer.world.models import WorldAgency, WorldProcedure, WorldUnit
from trainer.world.store import load_world

NOW = datetime(2026, 3, 2, 9, 0)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_load_world_fills_units_agencies_and_procedures(db_url, settings):
    with get_session_factory(db_url).begin() as session:
        report = load_world(session, settings)
    assert not report.skipped
    with get_session_factory(db_url)() as session:
        assert _count(session, WorldUnit) == 1 + 8 + 108 + 1 + 92
        assert _count(session, WorldAgency) == report.agencies > 1000
        assert _count(session, WorldProcedure) == report.procedures >= 30
        bac_kan = session.get(WorldUnit, ("three-level-2019", "06"))
        assert bac_kan.name == "Bắc Kạn"
        birth = session.get(WorldProcedure, "1.001193")
        assert birth.name_vi == "Đăng ký khai sinh" and birth.bundles == ["birth_bundle"]
        assert birth.processing_days == 0 and birth.online_legacy_level == 4


def test_agencies_join_their_units(db_url, settings):
    with get_session_factory(db_url).begin() as session:
        load_world(session, settings)
    with get_session_factory(db_url)() as session:
        rows = session.execute(
            select(WorldUnit.full_name, func.count(WorldAgency.id))
            .join(WorldAgency, (WorldAgency.model == WorldUnit.model) & (WorldAgency.unit_code == WorldUnit.code))
            .where(WorldUnit.model == "three-level-2019", WorldUnit.level == "district")
            .group_by(WorldUnit.full_name)
        ).all()
    assert len(rows) == 8 and all(n == 9 for _, n in rows)


def test_loading_twice_is_skipped_and_changes_nothing(db_url, settings):
    with get_session_factory(db_url).begin() as session:
        load_world(session, settings)
    with get_session_factory(db_url).begin() as session:
        assert load_world(session, settings).skipped
        assert _count(session, WorldUnit) == 210


def test_seed_loads_the_world_and_reset_reloads_it(db_url, settings):
    with get_session_factory(db_url).begin() as session:
        first = seed_demo(session, settings, now=NOW, reset=False)
    assert any("34" in line or "thủ tục" in line for line in first.lines)
    with get_session_factory(db_url).begin() as session:
        session.get(WorldUnit, ("two-level-2025", "19")).name = "changed"
    with get_session_factory(db_url).begin() as session:
        again = seed_demo(session, settings, now=NOW, reset=False)
        assert again.skipped and session.get(WorldUnit, ("two-level-2025", "19")).name == "changed"
    with get_session_factory(db_url).begin() as session:
        seed_demo(session, settings, now=NOW, reset=True)
    with get_session_factory(db_url)() as session:
        assert session.get(WorldUnit, ("two-level-2025", "19")).name == "Thái Nguyên"
        assert _count(session, WorldUnit) == 210
