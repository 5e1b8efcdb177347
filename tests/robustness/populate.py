"""A database with rows in every table, made by the services themselves (what the pages call).

The demo world is seeded, every shipped scenario is played to a pass by its solution (sandboxes, dossiers,
documents, payments, shipments, bundles, slips, ratings, coach runs and steps), one scenario's first mistake is
made and a hint used, one quiz attempt is answered to the end, two history rows are stored, and the sample
monthly report of the real system is imported by a province leader. `EMPTY_OK` names
the tables that may stay empty; a new table must be filled here (or listed there) or the round trip fails loudly.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from tests.coach.solutions import FIRST_MISTAKES, REAL_NOW, SOLUTIONS, Play
from trainer.actor import Actor
from trainer.coach.runs import start_run, use_hint
from trainer.db.engine import get_engine, get_session_factory
from trainer.db.models import Base
from trainer.fake.models import HistoryDossier, HistoryShipment
from trainer.quiz import services as quiz
from trainer.quiz.draw import layout_from_json
from trainer.quiz.grading import correct_response
from trainer.quiz.services import bank_or_default
from trainer.seed import seed_demo
from trainer.settings import get_settings
from trainer.training.trainees import create_trainee

EMPTY_OK: frozenset[str] = frozenset()
VERSION_TABLE = "alembic_version"


def populate(url: str, scenarios: list[str] | None = None) -> None:
    """Fill every table of the migrated database at url."""
    factory = get_session_factory(url)
    with factory.begin() as session:
        seed_demo(session, get_settings(), now=REAL_NOW, reset=False)
    for scenario_id in scenarios if scenarios is not None else sorted(SOLUTIONS):
        _play(url, scenario_id, SOLUTIONS[scenario_id])
    first = min(SOLUTIONS)
    _play(url, first, FIRST_MISTAKES[first], hint=True)
    _quiz(url)
    _history(url)
    _accounts(url)
    _workshops(url)
    _certificates(url)
    _real_figures(url)


def _play(url: str, scenario_id: str, solution, *, hint: bool = False) -> None:  # type: ignore[no-untyped-def]
    with get_session_factory(url).begin() as session:
        trainee = create_trainee(session, name="Học viên sao lưu", audience="official", unit_code=None, now=REAL_NOW)
        actor = Actor.trainee("citizen", trainee.id)
        run = start_run(session, scenario_id, actor=actor, now=REAL_NOW)
        play = Play(session, run.id, trainee.id)
        if hint:
            use_hint(session, run.id, REAL_NOW, actor=actor)
        solution(play)
        play.check()


def _quiz(url: str) -> None:
    bank = bank_or_default(None)
    quiz_id = min(q for q, d in bank.quizzes.items() if "official" in d.audience)
    with get_session_factory(url).begin() as session:
        trainee = create_trainee(session, name="Học viên trắc nghiệm", audience="official", unit_code=None,
                                 now=REAL_NOW)
        actor = Actor.trainee("desk_officer", trainee.id)
        attempt = quiz.start_attempt(session, actor, quiz_id, REAL_NOW, seed=7)
        question_id = layout_from_json(attempt.layout)[0].question_id
        quiz.answer_question(session, attempt.id, question_id, correct_response(bank.questions[question_id]),
                             REAL_NOW, actor=actor)


def _history(url: str) -> None:
    at = datetime(2018, 3, 5, 8, 30)
    with get_session_factory(url).begin() as session:
        session.add(HistoryDossier(
            id=1, profile="bac-kan-2018", code="H00.01-180305-0001", procedure_code="1.001193", level="commune",
            unit_code="01234", agency_id="commune-desk", channel="post", online_level=None, result_by_post=True,
            submitted_at=at, received_at=at, due_at=at, finished_at=at, returned_at=None, status=9, withdrawn=False))
        session.flush()
        session.add(HistoryShipment(id=1, profile="bac-kan-2018", dossier_id=1, kind="pickup",
                                    tracking_code="BC000000001VN", at=at))


def _accounts(url: str) -> None:
    from trainer.accounts import services as accounts

    with get_session_factory(url).begin() as session:
        accounts.create_account(session, actor=Actor.operator_shell(), username="tap.huan", password="mat-khau-thu-123",
                                display_name="Tập huấn viên", now=REAL_NOW)
        accounts.sign_in(session, username="tap.huan", password="mat-khau-thu-123", now=REAL_NOW)


def _workshops(url: str) -> None:
    """A workshop joined by three people, a campaign, a raised hand helped, a room quiz answered."""
    from datetime import date, timedelta

    from tests.live.helpers import NOW as LIVE_NOW
    from tests.live.helpers import room
    from trainer.accounts.services import account_actor, create_account
    from trainer.live import board
    from trainer.live import room_quiz as rqz
    from trainer.training import workshops as ws

    r = room(url)
    factory = get_session_factory(url)
    with factory.begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username="ld.tinh", password="mat-khau-dai-1",
                             role="leader", display_name="Lãnh đạo tỉnh", unit_codes=["19"], now=LIVE_NOW)
        ws.create_campaign(session, actor=account_actor(row, "desk_officer"), name="Chuyển đổi số 2026",
                           unit_codes=["19"], audiences=["official"], path_ids=["can-bo-mot-cua"],
                           starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30),
                           targets=[{"path_id": "can-bo-mot-cua", "audience": "official", "share": 0.9,
                                     "by": "2026-06-30"}], now=LIVE_NOW)
    with factory.begin() as session:
        board.set_stuck_minutes(session, actor=r.trainer, workshop_id=r.workshop_id, minutes=7, now=LIVE_NOW)
        board.raise_hand(session, actor=r.people[0], workshop_id=r.workshop_id, now=LIVE_NOW)
    with factory.begin() as session:
        board.mark_helped(session, actor=r.trainer, workshop_id=r.workshop_id, trainee_id=r.people[0].trainee_id,
                          now=LIVE_NOW + timedelta(minutes=1))
    with factory.begin() as session:
        rq = rqz.start_room_quiz(session, actor=r.trainer, workshop_id=r.workshop_id, quiz_id="co-ban",
                                 now=LIVE_NOW, seed=7)
        view = rqz.room_quiz_view(session, rq)
        question = bank_or_default(None).questions[view.question_id]
        rq_id = rq.id
    with factory.begin() as session:
        rqz.answer(session, actor=r.people[1], room_quiz_id=rq_id, position=0, response=correct_response(question),
                   now=LIVE_NOW + timedelta(seconds=3))


def _certificates(url: str) -> None:
    """A certificate issued by a workshop's trainer, then revoked with a reason."""
    from datetime import timedelta

    from tests.live.helpers import NOW as LIVE_NOW
    from tests.live.helpers import account, room
    from trainer.certificates import service as certs

    r = room(url, ("Vi Thị Thảo",), trainer=account(url, "gv.chung.nhan"))
    factory = get_session_factory(url)
    with factory.begin() as session:
        issued = certs.issue_by_trainer(session, actor=r.trainer, workshop_id=r.workshop_id,
                                        trainee_id=r.people[0].trainee_id, now=LIVE_NOW, note="Sao lưu")
    with factory.begin() as session:
        certs.revoke(session, actor=r.trainer, serial=issued.serial, reason="Thử thu hồi khi sao lưu",
                     now=LIVE_NOW + timedelta(minutes=5))


def _real_figures(url: str) -> None:
    """The shipped sample of the real system's monthly report, imported by the province leader of _workshops."""
    from trainer.accounts.queries import find_account
    from trainer.accounts.services import account_actor
    from trainer.reports.real_figures import import_report
    from trainer.settings import PROJECT_ROOT

    sample = PROJECT_ROOT / "sandbox_data" / "samples" / "bao-cao-thang-theo-xa-mau-so-lieu-gia.csv"
    with get_session_factory(url).begin() as session:
        leader = account_actor(find_account(session, "ld.tinh"), "citizen")
        result = import_report(session, actor=leader, data=sample.read_bytes(), filename=sample.name,
                               now=datetime(2026, 7, 10, 9, 0))
        assert result.ok, result.problems


def table_names() -> list[str]:
    return [t.name for t in Base.metadata.sorted_tables] + [VERSION_TABLE]


WORLD_TABLES = frozenset({"units", "agencies", "procedures"})  # loaded by the seed, never written by an action


def snapshot(url: str, *, counts_only: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, as plain tuples (datetimes, JSON and all); the tables in
    counts_only by their number of rows alone."""
    engine = get_engine(url)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in counts_only:
                out[table.name] = [(connection.scalar(select(func.count()).select_from(table)),)]
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
        out[VERSION_TABLE] = [tuple(r) for r in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))]
    return out


def empty_tables(url: str) -> list[str]:
    engine = get_engine(url)
    with engine.connect() as connection:
        return [t.name for t in Base.metadata.sorted_tables
                if not connection.scalar(select(func.count()).select_from(t)) and t.name not in EMPTY_OK]


def backend(url: str) -> str:
    return make_url(url).get_backend_name()
