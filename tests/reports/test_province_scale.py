"""`trainer seed --profile province-scale` in small: every commune gets people, enrolments, answers, runs with steps,
certificates for those who passed, one campaign with targets; a second run changes nothing; the dashboard reads it."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import func, select

from trainer.actor import Actor
from trainer.coach.models import Run, RunStep
from trainer.db.engine import get_session_factory
from trainer.fake import province_scale as ps
from trainer.quiz.models import QuizAnswer
from trainer.reports import dashboard as rd
from trainer.settings import get_settings
from trainer.training.models import Campaign, Enrolment, Trainee

NOW = datetime(2026, 11, 20, 9, 0)


def test_a_small_province_scale_seed_fills_every_commune_and_is_not_repeated(sqlite_url, monkeypatch):
    monkeypatch.setenv("TRAINER_ADMIN_MODEL", "two-level-2025")
    get_settings.cache_clear()
    monkeypatch.setattr(ps, "TRAINEES_PER_COMMUNE", 4)
    from trainer.fake import history

    monkeypatch.setattr(history, "load_history", lambda *a, **k: SimpleNamespace(dossiers=[]))  # its own tests
    seen = []
    with get_session_factory(sqlite_url).begin() as session:
        report = ps.seed_province_scale(session, now=NOW, settings=get_settings(),
                                        progress=lambda done, total, label: seen.append((label, done, total)))
    with get_session_factory(sqlite_url)() as session:
        communes = session.scalar(select(func.count(func.distinct(Trainee.unit_code))))
        assert communes == report.communes > 50
        assert session.scalar(select(func.count()).select_from(Trainee)) == report.trainees == 4 * report.communes
        assert session.scalar(select(func.count()).select_from(Enrolment)) == report.trainees
        assert session.scalar(select(func.count()).select_from(QuizAnswer)) == report.answers > report.trainees * 10
        assert session.scalar(select(func.count()).select_from(Run)) == report.runs
        assert session.scalar(select(func.count()).select_from(RunStep)) == report.steps > report.runs
        campaign = session.scalar(select(Campaign).where(Campaign.name == ps.CAMPAIGN_NAME))
        board = rd.dashboard(session, Actor.operator_shell(), campaign.id, NOW, level="commune")
        assert board.enrolled == report.trainees
        assert board.passed == report.certificates  # a certificate exactly for those the pass rule passes
        assert len({r.unit_code for r in board.completion}) == report.communes
    assert {label for label, *_ in seen} >= {"người học", "câu trả lời", "lượt kịch bản"}
    assert all(done <= total for _, done, total in seen)
    with get_session_factory(sqlite_url).begin() as session:
        assert ps.seed_province_scale(session, now=NOW, settings=get_settings()).skipped
