"""A fault between two writes of any action leaves nothing of it, on SQLite and PostgreSQL (issue 17 item 4).

Scenarios are played by their solutions (tests/coach/solutions.py) the way the pages play them: each action one
transaction. Before every action is done for real, `FaultInjector.every_fault` runs it once per gap between two of
its writes with a fault there (and once failing at commit) and compares the whole database with its state before.
The coach's check after each action (a scenario step passing) and the quiz services get the same treatment.
`tests/integration/test_transactions.py` shows the mechanism underneath (savepoints, transactional DDL).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.coach.solutions import REAL_NOW, SOLUTIONS, Play
from tests.robustness.faults import FaultInjector
from tests.robustness.invariants import problems
from trainer.actor import Actor
from trainer.coach.runs import check_run, start_run
from trainer.db.engine import get_session_factory
from trainer.quiz import services as quiz
from trainer.quiz.draw import layout_from_json
from trainer.quiz.grading import correct_response
from trainer.quiz.services import bank_or_default
from trainer.seed import seed_demo
from trainer.settings import get_settings
from trainer.training.trainees import create_trainee

# Together these scenarios use every kind of action the sandbox has today (see REQUIRED).
SCENARIOS = [
    "citizen-online-level4-payment",  # online dossier, documents, delivery choice, online payment, submission
    "desk-walk-in-receipt",  # walk-in, digitising, fee collected at the counter, reception
    "desk-supplement-once",  # supplement request, supplement back to the desk, reception
    "post-pickup-and-delivery",  # shipments: pickup, hand-over to the desk, delivery
    "processing-specialist-leader",  # processing transitions: approvals, signing
    "citizen-birth-bundle",  # a bundle of linked procedures
]
REQUIRED = {
    "start_run", "check_run",  # scenario runs and their steps
    "start_online_dossier", "upload_document", "pay_online", "submit_online",  # portal
    "start_walk_in", "collect_fee", "receive_walk_in", "receive_online",  # desk
    "request_supplement", "submit_supplement",  # supplement
    "pick_up", "hand_over_to_desk", "deliver_result",  # shipments
    "approve_step", "sign",  # processing
    "start_attempt", "answer_question",  # quiz
    "join_workshop",  # workshops
    "issue_by_trainer", "issue_if_passed", "issue_on_finish", "revoke",  # certificates: by hand and automatic
    "import_report",  # the real system's monthly report (new rows, and rows replacing an earlier import's)
}


@pytest.fixture
def injector(db_url: str) -> Iterator[FaultInjector]:
    with get_session_factory(db_url).begin() as session:
        seed_demo(session, get_settings(), now=REAL_NOW, reset=False)
    faults = FaultInjector(db_url)
    yield faults
    faults.close()


class FaultPlay(Play):
    """A Play whose every action (and every check after one) is first faulted at each gap between its writes."""

    faults: FaultInjector

    def act(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.session.commit()  # what came before is committed, as after each page action
        sid = self.sid
        self.session.commit()
        self.faults.every_fault(fn.__name__, lambda s: fn(s, sid, *args, **kwargs))
        result = fn(self.session, sid, *args, **kwargs)
        self.session.commit()
        self.check()
        return result

    def check(self):  # type: ignore[no-untyped-def]
        self.session.commit()
        actor = self.actor("citizen")
        self.faults.every_fault("check_run", lambda s: check_run(s, self.run_id, REAL_NOW, actor=actor))
        view = super().check()
        self.session.commit()
        return view


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_fault_inside_any_action_of_a_scenario_leaves_nothing(db_url: str, injector: FaultInjector,
                                                                scenario_id: str) -> None:
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        trainee_id = create_trainee(session, name="Học viên lỗi", audience="official", unit_code=None,
                                    now=REAL_NOW).id
    actor = Actor.trainee("citizen", trainee_id)
    injector.every_fault("start_run", lambda s: start_run(s, scenario_id, actor=actor, now=REAL_NOW))
    with factory.begin() as session:
        run_id = start_run(session, scenario_id, actor=actor, now=REAL_NOW).id
    with factory() as session:
        play = FaultPlay(session, run_id, trainee_id)
        play.faults = injector
        SOLUTIONS[scenario_id](play)
        assert play.check().status == "passed"  # the faults changed nothing: the real actions still pass
    assert problems(db_url) == []
    _record(scenario_id, injector)


def test_a_fault_inside_a_quiz_start_or_answer_leaves_nothing(db_url: str, injector: FaultInjector) -> None:
    bank = bank_or_default(None)
    quiz_id = min(q for q, d in bank.quizzes.items() if "official" in d.audience)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        actor = Actor.trainee("desk_officer", create_trainee(session, name="Học viên trắc nghiệm",
                                                             audience="official", unit_code=None, now=REAL_NOW).id)
    injector.every_fault("start_attempt", lambda s: quiz.start_attempt(s, actor, quiz_id, REAL_NOW, seed=3))
    with factory.begin() as session:
        attempt = quiz.start_attempt(session, actor, quiz_id, REAL_NOW, seed=3)
        attempt_id, layout = attempt.id, layout_from_json(attempt.layout)
    for drawn in layout[:2] + layout[-1:]:  # the first answers, and the last one, which also finishes the attempt
        response = correct_response(bank.questions[drawn.question_id])

        def answer(s, qid=drawn.question_id, response=response):  # type: ignore[no-untyped-def]
            return quiz.answer_question(s, attempt_id, qid, response, REAL_NOW, actor=actor)

        injector.every_fault("answer_question", answer)
        with factory.begin() as session:
            answer(session)
    assert injector.covered["answer_question"] >= 3 * 2  # each answer has at least two writes to fault between
    assert problems(db_url) == []
    _record("quiz", injector)


def test_a_fault_inside_a_workshop_join_or_a_certificate_issue_leaves_nothing(db_url: str,
                                                                            injector: FaultInjector) -> None:
    """Joining, the trainer's issue, the automatic issue (the last quiz answer, the last scenario check), the
    participant's button after a revocation, and the revocation: every gap between two writes, on both databases."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from tests.certificates.test_automatic import (
        answer_last,
        finish_run,
        quiz_but_the_last_answer,
        run_at_its_last_check,
    )
    from tests.certificates.test_service import COMMUNE, NOW, PATH, account, join, setup_workshop
    from trainer.certificates import service as certs
    from trainer.certificates.models import Certificate
    from trainer.training import workshops as ws

    injector.every_gap = True
    factory = get_session_factory(db_url)
    trainer = account(db_url, "gv.loi", "trainer", "Giảng viên thử lỗi")
    workshop = setup_workshop(db_url, trainer)

    def count() -> int:
        with factory() as session:
            return int(session.scalar(select(func.count()).select_from(Certificate)) or 0)

    def joining(session):  # type: ignore[no-untyped-def]
        return ws.join_workshop(session, actor=Actor.playing("postal_worker"), code=workshop.join_code,
                                name="Lương Văn Đức", audience="official", path_id=PATH, unit_code=COMMUNE,
                                now=NOW + timedelta(minutes=3), pin="2468")

    injector.every_fault("join_workshop", joining)
    by_hand = join(db_url, workshop.join_code, "Lương Văn Đức")

    def by_trainer(session):  # type: ignore[no-untyped-def]
        return certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=by_hand.trainee.id,
                                      now=NOW, note="Thực hành trên giấy")

    injector.every_fault("issue_by_trainer", by_trainer)
    with factory.begin() as session:
        by_trainer(session)
    assert count() == 1

    quiz_last = join(db_url, workshop.join_code, "Đinh Thị Nga").trainee.id  # the quiz completes the path
    run_id = run_at_its_last_check(db_url, quiz_last)
    with factory.begin() as session:
        finish_run(session, quiz_last, run_id)
    last = quiz_but_the_last_answer(db_url, quiz_last)
    injector.every_fault("issue_on_finish", lambda s: answer_last(s, quiz_last, last))
    with factory.begin() as session:
        answer_last(session, quiz_last, last)
    assert count() == 2

    run_last = join(db_url, workshop.join_code, "Vi Văn Sơn").trainee.id  # the scenario completes the path
    last = quiz_but_the_last_answer(db_url, run_last)
    with factory.begin() as session:
        answer_last(session, run_last, last)
    run_id = run_at_its_last_check(db_url, run_last)
    injector.every_fault("issue_on_finish", lambda s: finish_run(s, run_last, run_id))
    with factory.begin() as session:
        finish_run(session, run_last, run_id)
    assert count() == 3

    with factory() as session:
        serial = session.scalar(select(Certificate.serial).where(Certificate.trainee_id == run_last))
    revoking = lambda s: certs.revoke(s, actor=trainer, serial=serial, reason="Cấp nhầm người", now=NOW)
    injector.every_fault("revoke", revoking)
    with factory.begin() as session:
        revoking(session)

    def button(session):  # type: ignore[no-untyped-def]  # the participant's own "Nhận giấy chứng nhận", after it
        return certs.issue_if_passed(session, actor=Actor.trainee("postal_worker", run_last), trainee_id=run_last,
                                     path_id=PATH, workshop_id=workshop.id, now=NOW + timedelta(hours=1))

    injector.every_fault("issue_if_passed", button)
    with factory.begin() as session:
        assert button(session) is not None
    assert count() == 4
    assert injector.covered["issue_on_finish"] >= 2 * 3  # each finish issuing has at least three writes
    assert problems(db_url) == []
    _record("workshop and certificates", injector)


def test_a_fault_inside_a_monthly_report_import_leaves_nothing(db_url: str, injector: FaultInjector) -> None:
    """The real system's monthly report (issue 16 item 6): a first import (new rows) and a second one that replaces
    some of them, each faulted at every gap between two writes, on both databases."""
    from datetime import datetime

    from sqlalchemy import func, select

    from tests.reports.test_real_figures import HEADER, SAMPLE
    from trainer.accounts.services import account_actor, create_account
    from trainer.reports.models import RealMonthlyFigure
    from trainer.reports.real_figures import import_report

    injector.every_gap = True
    factory = get_session_factory(db_url)
    now = datetime(2026, 7, 10, 9, 0)
    with factory.begin() as session:
        leader = account_actor(create_account(session, actor=Actor.operator_shell(), username="ld.tinh.loi",
                                              password="mat-khau-dai-1", role="leader", display_name="Lãnh đạo",
                                              unit_codes=["19"], now=now), "citizen")
    again = (HEADER + "01849,2026-01,999,500,900,800\n01849,2026-07,10,5,10,9\n").encode()
    for data in (SAMPLE.read_bytes(), again):
        def importing(session, data=data):  # type: ignore[no-untyped-def]
            result = import_report(session, actor=leader, data=data, filename="bao-cao.csv", now=now)
            assert result.ok, result.problems
            return result

        injector.every_fault("import_report", importing)
        with factory.begin() as session:
            importing(session)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(RealMonthlyFigure)) == 37
    assert injector.covered["import_report"] >= 2 * 3  # the import row, its figures, the event
    assert problems(db_url) == []
    _record("real figures", injector)


_COVERED: dict[str, set[str]] = {}


def _record(name: str, injector: FaultInjector) -> None:
    _COVERED.setdefault(name, set()).update(injector.covered)


def test_together_the_fault_tests_cover_every_kind_of_action(request: pytest.FixtureRequest) -> None:
    """Runs last in this file: every kind of action was faulted at least once (on the back ends that ran)."""
    if len(_COVERED) < len(SCENARIOS) + 3:
        pytest.skip("runs only after the whole file (this is a summary of the tests above)")
    covered = set().union(*_COVERED.values())
    assert REQUIRED - covered == set()


def test_the_invariant_checks_find_a_dossier_without_its_event(sqlite_url: str) -> None:
    from sqlalchemy import text

    from tests.robustness.populate import populate

    populate(sqlite_url, scenarios=["desk-walk-in-receipt"])
    assert problems(sqlite_url) == []
    with get_session_factory(sqlite_url).begin() as session:
        session.execute(text("DELETE FROM events WHERE entity = 'dossier'"))
        session.execute(text("DELETE FROM events WHERE action IN ('quiz.answered', 'coach.step_passed', "
                             "'live.quiz_answered', 'certificate.revoked')"))
    found = problems(sqlite_url)
    assert any("room quiz answer" in p and "live.quiz_answered" in p for p in found)
    assert any("revoked without a certificate.revoked event" in p for p in found)
    assert any("dossier" in p and "has no event" in p for p in found)
    assert any("quiz.answered" in p for p in found)
    assert any("coach.step_passed" in p for p in found)
