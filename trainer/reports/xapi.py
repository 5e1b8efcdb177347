"""Learning records as xAPI statements (one JSON object per line), for a learning record store.

One statement per quiz answer (`answered`), scenario step reached an end (`completed` / `failed`), scenario run
finished (`passed` / `failed` / `terminated`), learning path passed (`completed`) and certificate issued and not
revoked (`earned`).

- `id` is a uuid5 of what the statement records (e.g. "answer:<attempt>:<question>"), so exporting twice gives the
  same ids and a learning record store drops repeats.
- The actor is an `account` (homePage: the configured public address, else `HOME_PAGE`; name: a uuid5 of the
  trainee id, opaque), never an e-mail address or a name.
- `result.score.scaled` is points / maximum, clamped to [-1, 1]; `timestamp` is ISO 8601 with the +07:00 offset
  (the app stores Vietnam's local time, which has no daylight saving).
- Only trainees within the actor's scope (`reports.dashboard.scope_units`) are exported.

Public API: `statements(session, actor, units=None) -> Iterator[dict]`, `write_jsonl(session, actor, out) -> int`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.reports.dashboard import _trainee_filter, participants, scope_units
from trainer.training.models import Trainee

NAMESPACE = uuid.UUID("6f1c3f8e-5a4b-5d0e-9c57-2b7d61f0a516")  # fixed: ids must not change between exports
HOME_PAGE = "http://mot-cua-sandbox.local"
ACTIVITY = "http://mot-cua-sandbox.local/xapi"  # activity ids, independent of the server's address
OFFSET = "+07:00"
VERBS = {
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "earned": "http://id.tincanapi.com/verb/earned",
}
VERB_NAMES = {"answered": "trả lời", "completed": "hoàn thành", "passed": "đạt", "failed": "chưa đạt",
              "terminated": "bỏ dở", "earned": "được cấp"}
TYPES = {
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "scenario": "http://adlnet.gov/expapi/activities/simulation",
    "step": "http://adlnet.gov/expapi/activities/interaction",
    "path": "http://adlnet.gov/expapi/activities/course",
    "certificate": "https://w3id.org/xapi/cmi5/activitytype/block",
}


def statement_id(what: str) -> str:
    return str(uuid.uuid5(NAMESPACE, what))


def timestamp(moment: datetime) -> str:
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + OFFSET


_ACTOR_NAMES: dict[int, str] = {}  # trainee id -> its opaque uuid5 name (the same every time; a province has 5,000)


def _actor(trainee_id: int, home: str) -> dict[str, Any]:
    name = _ACTOR_NAMES.get(trainee_id)
    if name is None:
        name = _ACTOR_NAMES.setdefault(trainee_id, statement_id(f"trainee:{trainee_id}"))
    return {"objectType": "Agent", "account": {"homePage": home, "name": name}}


def _activity(kind: str, path: str, name: str | None = None) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": TYPES[kind]}
    if name:
        definition["name"] = {"vi-VN": name}
    return {"objectType": "Activity", "id": f"{ACTIVITY}/{path}", "definition": definition}


def _score(raw: float, maximum: float) -> dict[str, Any]:
    scaled = raw / maximum if maximum else 0.0
    return {"raw": raw, "min": 0, "max": maximum, "scaled": round(max(-1.0, min(1.0, scaled)), 4)}


def _statement(what: str, trainee_id: int, verb: str, obj: dict[str, Any], at: datetime, home: str,
               result: dict[str, Any] | None = None, parent: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": statement_id(what), "actor": _actor(trainee_id, home),
        "verb": {"id": VERBS[verb], "display": {"vi-VN": VERB_NAMES[verb]}}, "object": obj,
        "timestamp": timestamp(at), "version": "1.0.3"}
    if result is not None:
        out["result"] = result
    if parent is not None:
        out["context"] = {"contextActivities": {"parent": [parent]}}
    return out


def statements(session: Session, actor: Actor, units: Any = None) -> Iterator[dict[str, Any]]:
    """Every statement of the trainees in scope, in a stable order (by kind, then by row id)."""
    from trainer.coach.models import Run, RunStep
    from trainer.quiz.models import QuizAnswer, QuizAttempt
    from trainer.settings import get_settings

    scope = scope_units(actor, units)
    home = (get_settings().public_url or HOME_PAGE).rstrip("/")
    trainees = select(Trainee.id).where(_trainee_filter(scope))
    for answer in session.execute(  # columns, not entities: 139,000 answers at province scale
            select(QuizAnswer.attempt_id, QuizAnswer.question_id, QuizAnswer.trainee_id, QuizAnswer.answered_at,
                   QuizAnswer.correct, QuizAnswer.points, QuizAnswer.max_points, QuizAttempt.quiz_id)
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
            .where(QuizAnswer.trainee_id.in_(trainees)).order_by(QuizAnswer.id)):
        quiz_id = answer.quiz_id
        yield _statement(f"answer:{answer.attempt_id}:{answer.question_id}", answer.trainee_id, "answered",
                         _activity("question", f"quiz/{quiz_id}/question/{answer.question_id}"), answer.answered_at,
                         home, {"success": bool(answer.correct), "score": _score(answer.points, answer.max_points)},
                         _activity("quiz", f"quiz/{quiz_id}"))
    for step in session.execute(
            select(RunStep.run_id, RunStep.step_id, RunStep.result, RunStep.passed_at, RunStep.started_at,
                   RunStep.hints_used, RunStep.points, Run.trainee_id, Run.scenario_id,
                   Run.started_at.label("run_started_at"))
            .join(Run, Run.id == RunStep.run_id)
            .where(Run.trainee_id.in_(trainees), RunStep.result.in_(("passed", "missed")))
            .order_by(RunStep.run_id, RunStep.position)):
        at = step.passed_at or step.started_at or step.run_started_at
        yield _statement(f"step:{step.run_id}:{step.step_id}", step.trainee_id,
                         "completed" if step.result == "passed" else "failed",
                         _activity("step", f"scenario/{step.scenario_id}/step/{step.step_id}"), at, home,
                         {"success": step.result == "passed", "extensions": {
                             f"{ACTIVITY}/ext/hints-used": step.hints_used, f"{ACTIVITY}/ext/points": step.points}},
                         _activity("scenario", f"scenario/{step.scenario_id}"))
    verb_of = {"passed": "passed", "failed": "failed", "abandoned": "terminated"}
    for run in session.scalars(select(Run).where(Run.trainee_id.in_(trainees), Run.status.in_(tuple(verb_of)))
                               .order_by(Run.id)):
        yield _statement(f"run:{run.id}", run.trainee_id, verb_of[run.status],
                         _activity("scenario", f"scenario/{run.scenario_id}"), run.finished_at or run.started_at,
                         home, {"success": run.status == "passed", "completion": run.status != "abandoned",
                                "score": _score(run.score, run.max_score),
                                "extensions": {f"{ACTIVITY}/ext/with-help": bool(run.with_help)}})
    for person in participants(session, actor, None, units):
        if person.passed_at is not None:
            yield _statement(f"path:{person.enrolment_id}", person.trainee_id, "completed",
                             _activity("path", f"path/{person.path_id}"), person.passed_at, home,
                             {"success": True, "completion": True})
    yield from _certificates(session, trainees, home)


def _certificates(session: Session, trainees: Any, home: str) -> Iterator[dict[str, Any]]:
    try:
        from trainer.certificates.models import Certificate
    except ImportError:  # certificates arrive with their own issue
        return
    for cert in session.scalars(select(Certificate).where(Certificate.trainee_id.in_(trainees),
                                                          Certificate.revoked_at.is_(None)).order_by(Certificate.id)):
        yield _statement(f"certificate:{cert.serial}", cert.trainee_id, "earned",
                         _activity("certificate", f"certificate/{cert.serial}", (cert.path_title or {}).get("vi")),
                         cert.issued_at, home, {"success": True, "completion": True},
                         _activity("path", f"path/{cert.path_id}"))


def write_jsonl(session: Session, actor: Actor, out: IO[str], units: Any = None) -> int:
    """Write one statement per line; returns how many."""
    count = 0
    for statement in statements(session, actor, units):
        out.write(json.dumps(statement, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
