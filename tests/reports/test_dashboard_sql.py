"""The dashboard's aggregates moved into SQL (issue 16, province scale) give what the per-row Python definitions
they replaced gave, on SQLite and PostgreSQL: per-person decayed topic mastery (`quiz.mastery.weighted_mastery`
over a person's answers newest first) averaged per topic × unit, and each enrolment's path progress and passing
moment from its runs and attempts since it enrolled. The references below are the previous code, kept here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.reports.test_dashboard_queries import (
    COMMUNE_A1,
    COMMUNE_A2,
    COMMUNE_B1,
    NOW,
    QUIZ,
    SCENARIO,
)
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.quiz.mastery import weighted_mastery
from trainer.quiz.models import QuizAnswer, QuizAttempt
from trainer.reports import dashboard as dash
from trainer.training.models import Enrolment, Trainee
from trainer.training.paths import (
    LearningPath,
    PassRule,
    PathProgress,
    StepProgress,
    cached_paths,
    evaluate,
    get_path,
)
from trainer.world.units import load_units

# --- the previous Python definitions -------------------------------------------------------------------------


def reference_mastery(session, scope, level, units):
    """Every answer read, topics decoded and each person's mastery computed in Python (the code before SQL)."""
    rows = session.execute(
        select(QuizAnswer.trainee_id, QuizAnswer.topics, QuizAnswer.points, QuizAnswer.max_points, Trainee.unit_code)
        .join(Trainee, Trainee.id == QuizAnswer.trainee_id).where(dash._trainee_filter(scope))
        .order_by(QuizAnswer.trainee_id, QuizAnswer.answered_at.desc(), QuizAnswer.id.desc()))
    scores: dict[tuple[int, str], list[float]] = defaultdict(list)
    unit_of = {}
    for trainee_id, topics, points, max_points, unit_code in rows:
        unit_of[trainee_id] = unit_code
        for topic in topics or ():
            scores[(trainee_id, topic)].append(points / max_points if max_points else 0.0)
    cells: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    per_topic: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for (trainee_id, topic), shares in scores.items():
        per_topic[topic].append((weighted_mastery(shares) or 0.0, len(shares)))
        code = dash.unit_at(level, unit_of.get(trainee_id), units)
        if code is not None:
            cells[(topic, code)].append((weighted_mastery(shares) or 0.0, len(shares)))
    mean = lambda v: (sum(m for m, _ in v) / len(v), len(v), sum(n for _, n in v))
    return {k: mean(v) for k, v in cells.items()}, {k: mean(v) for k, v in per_topic.items()}


@dataclass(frozen=True)
class RunRow:
    scenario_id: str
    status: str
    with_help: bool
    score: int
    max_score: int
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class AttemptRow:
    quiz_id: str
    started_at: datetime
    finished_at: datetime | None
    score: float | None


def reference_progress(path: LearningPath, trainee_id: int, runs: list[RunRow], attempts: list[AttemptRow],
                       since: datetime) -> tuple[PathProgress, datetime | None]:
    """`progress_from_rows` as it was: every run and attempt of the person filtered in Python."""
    rule = path.pass_rule
    steps = []
    done_at: list[datetime | None] = []
    for step in path.steps:
        if step.scenario:
            mine = [r for r in runs if r.scenario_id == step.scenario and r.started_at >= since]
            passed = [r for r in mine if r.status == "passed"]
            shares = [r.score / r.max_score for r in passed if r.max_score]
            times = [t for r in mine for t in (r.finished_at, r.started_at) if t is not None]
            steps.append(StepProgress(
                step.key, "scenario", step.ref, attempts=len(mine),
                passed_alone=any(not r.with_help for r in passed), passed_with_help=any(r.with_help for r in passed),
                best_score=max(shares) if shares else None, in_progress=any(r.status == "active" for r in mine),
                last_at=max(times) if times else None))
            counting = [r for r in passed if rule.with_help_counts or not r.with_help]
            done_at.append(min((r.finished_at or r.started_at for r in counting), default=None))
        else:
            mine_a = [a for a in attempts if a.quiz_id == step.quiz and a.started_at >= since]
            finished = [a for a in mine_a if a.finished_at is not None and a.score is not None]
            times = [t for a in mine_a for t in (a.finished_at, a.started_at) if t is not None]
            steps.append(StepProgress(
                step.key, "quiz", step.ref, attempts=len(finished),
                best_score=max(a.score for a in finished) if finished else None,
                in_progress=any(a.finished_at is None for a in mine_a), last_at=max(times) if times else None))
            good = [a for a in finished if a.score + 1e-9 >= rule.quiz_min_score]
            done_at.append(min((a.finished_at for a in good if a.finished_at is not None), default=None))
    progress = PathProgress(trainee_id, path.id, tuple(steps))
    passed_at = None if any(t is None for t in done_at) or not done_at else max(t for t in done_at if t is not None)
    return progress, passed_at


# --- more rows on the shared world: ties, several topics per answer, zero maxima, runs before enrolling ----------


def answers(session, trainee_id: int, at: datetime, rows: list[tuple[str, list[str], float, float]]) -> None:
    """rows: (question id, topics, points, max points); every answer of an attempt at the same moment (ties)."""
    attempt = QuizAttempt(trainee_id=trainee_id, quiz_id=QUIZ, seed=1, layout={}, feedback="end", pass_mark=0.8,
                          started_at=at, finished_at=None, ended_by=None, score=None, passed=None)
    session.add(attempt)
    session.flush()
    for qid, topics, points, maximum in rows:
        session.add(QuizAnswer(attempt_id=attempt.id, trainee_id=trainee_id, question_id=qid, topics=topics,
                               response={"value": 0}, correct=points >= maximum > 0, points=points,
                               max_points=maximum, answered_at=at))


@pytest.fixture
def richer(world):
    people = world["people"]
    t0 = NOW + timedelta(days=2)
    with get_session_factory(world["url"]).begin() as session:
        for day, (pts, maximum) in enumerate([(1.0, 1.0), (0.0, 1.0), (0.5, 2.0), (2.0, 0.0), (1.0, 3.0)] * 3):
            answers(session, people["Lò Thị Lan"], t0 + timedelta(days=day),
                    [(f"q-a{day}", ["online-levels", "fees"], pts, maximum),
                     (f"q-b{day}", ["fees"], maximum - pts if maximum else 0.0, maximum or 1.0),
                     (f"q-c{day}", ["deadlines", "online-levels", "bcci-post"], pts / 2, maximum)])
        answers(session, people["Nông Thị Vân"], t0, [("q-x", ["fees"], 0.25, 1.0), ("q-y", [], 1.0, 1.0)])
        answers(session, people["outsider"], t0, [("q-x", ["fees", "deadlines"], 1.0, 1.0)])
        minh, tu, van = people["Hà Văn Minh"], people["Vi Thị Tú"], people["Nông Thị Vân"]
        run = {"scenario_id": SCENARIO, "scenario_version": 1, "role": "postal_worker"}
        session.add_all([
            Run(trainee_id=van, status="passed", started_at=NOW - timedelta(days=3), finished_at=NOW - timedelta(days=3),
                score=10, max_score=10, **run),  # before enrolling: does not count
            Run(trainee_id=van, status="passed", with_help=True, started_at=t0, finished_at=None, score=0,
                max_score=0, **run),  # no maximum, no finish time
            Run(trainee_id=van, status="active", started_at=t0 + timedelta(days=1), finished_at=None, **run),
            Run(trainee_id=tu, status="passed", started_at=t0 + timedelta(days=9), finished_at=t0 + timedelta(days=9),
                score=3, max_score=7, **run),  # alone, later than the helped one
            Run(trainee_id=minh, status="failed", started_at=t0, finished_at=t0 + timedelta(hours=1), score=1,
                max_score=10, **run)])
        for trainee, score, finished in ((minh, 0.8 - 1e-12, t0 + timedelta(days=3)), (minh, 0.95, None),
                                         (tu, 0.8, t0 + timedelta(days=40)), (tu, 1.0, t0 + timedelta(days=50)),
                                         (van, None, t0 + timedelta(days=2))):
            session.add(QuizAttempt(trainee_id=trainee, quiz_id=QUIZ, seed=2, layout={}, feedback="end",
                                    pass_mark=0.8, started_at=t0 + timedelta(days=2), finished_at=finished,
                                    ended_by="completed" if finished else None, score=score,
                                    passed=None if score is None else score >= 0.8))
    return world


@pytest.mark.parametrize("level", ["commune", "district", "province"])
def test_sql_mastery_equals_the_python_definition(richer, level):
    units = load_units()
    for actor in (richer["admin"], richer["leader"]):
        with get_session_factory(richer["url"])() as session:
            scope = dash.scope_units(actor, units)
            cells_ref, topics_ref = reference_mastery(session, scope, level, units)
            cells = {(c.topic, c.unit_code): (c.mastery, c.people, c.answers)
                     for c in dash.mastery_cells(session, actor, level, units)}
            topics = {r.topic: (r.mastery, r.people, r.answers) for r in dash.topic_rows(session, actor, units)}
        assert cells.keys() == cells_ref.keys() and len(cells) >= 4
        assert topics.keys() == topics_ref.keys() == {"online-levels", "fees", "deadlines", "bcci-post",
                                                      "dossier-statuses"}
        for got, want in ((cells, cells_ref), (topics, topics_ref)):
            for key, (m, people, n) in want.items():
                assert got[key][1:] == (people, n), key
                assert got[key][0] == pytest.approx(m, rel=1e-12, abs=1e-12), key
    lan = cells_ref[("fees", {"commune": COMMUNE_A1, "district": "058", "province": "06"}[level])]
    assert 0 < lan[0] < 1  # the decay matters here: an undecayed mean differs


def test_sql_progress_equals_the_per_row_definition(richer):
    """Every enrolment of the world, under the path's own rule and under `with_help_counts: false`."""
    url = richer["url"]
    paths = cached_paths().paths
    base = get_path("buu-dien-bcci")
    variants = {"as-is": base, "alone-only": base.model_copy(
        update={"pass_rule": PassRule(with_help_counts=False, quiz_min_score=0.8)})}
    with get_session_factory(url)() as session:
        enrolled = select(Enrolment.id, Enrolment.trainee_id, Enrolment.enrolled_at, Enrolment.path_id).subquery()
        scen, quiz = dash._step_aggregates(session, enrolled, [SCENARIO], [QUIZ], paths)
        runs: dict[int, list[RunRow]] = defaultdict(list)
        for r in session.scalars(select(Run)):
            runs[r.trainee_id].append(RunRow(r.scenario_id, r.status, r.with_help, r.score, r.max_score,
                                             r.started_at, r.finished_at))
        attempts: dict[int, list[AttemptRow]] = defaultdict(list)
        for a in session.scalars(select(QuizAttempt)):
            attempts[a.trainee_id].append(AttemptRow(a.quiz_id, a.started_at, a.finished_at, a.score))
        enrolments = list(session.scalars(select(Enrolment)))
    assert len(enrolments) == 5
    outcomes = set()
    for name, path in variants.items():
        for e in enrolments:
            got = dash.progress_from_aggregates(path, e.id, e.trainee_id, scen, quiz)
            want = reference_progress(path, e.trainee_id, runs[e.trainee_id], attempts[e.trainee_id], e.enrolled_at)
            assert got == want, (name, e.trainee_id)
            outcomes.add((name, evaluate(path, got[0]).passed, got[1] is not None))
    assert {o[1] for o in outcomes} == {True, False}
    with get_session_factory(url)() as session:
        people = {p.trainee_id: p for p in dash.participants(session, richer["admin"], richer["campaign"].id)}
    van = people[richer["people"]["Nông Thị Vân"]]
    assert van.steps_done == 1 and not van.passed  # the helped run since enrolling counts, the quiz had no score
    tu = people[richer["people"]["Vi Thị Tú"]]
    assert tu.passed and tu.with_help is False  # a later run passed alone: alone wins, as `evaluate` says
    assert {COMMUNE_A2, COMMUNE_B1} <= {p.commune_code for p in people.values()}
