"""What must hold of a database after any crash or fault: the file is sound and nothing exists without its event.

`problems(url)` runs every check in `CHECKS` and returns what is wrong, in words. A new kind of record (a workshop
join, a board tick, a certificate) adds one function here: it receives a connection and returns problem strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from trainer.db.engine import get_engine


def _events(connection: Connection, entity: str) -> list[tuple[str, str | None, dict[str, Any]]]:
    rows = connection.execute(text("SELECT action, entity_id, data FROM events WHERE entity = :e"), {"e": entity})
    out = []
    for action, entity_id, data in rows:
        if isinstance(data, str):
            import json

            data = json.loads(data)
        out.append((action, entity_id, data or {}))
    return out


def sqlite_file_is_sound(connection: Connection) -> list[str]:
    if connection.dialect.name != "sqlite":
        return []
    verdict = connection.execute(text("PRAGMA integrity_check")).scalars().all()
    problems = [] if verdict == ["ok"] else [f"PRAGMA integrity_check: {verdict[:5]}"]
    dangling = connection.execute(text("PRAGMA foreign_key_check")).all()
    if dangling:
        problems.append(f"PRAGMA foreign_key_check: {len(dangling)} rows point at nothing, e.g. {dangling[:3]}")
    return problems


def every_dossier_has_an_event(connection: Connection) -> list[str]:
    logged = {data.get("dossier_id") for _a, _e, data in _events(connection, "dossier")}
    ids = connection.execute(text("SELECT id FROM sandbox_dossiers")).scalars().all()
    return [f"dossier {i} has no event" for i in ids if i not in logged]


def every_quiz_attempt_and_answer_has_its_event(connection: Connection) -> list[str]:
    events = _events(connection, "quiz_attempt")
    started = {entity_id for action, entity_id, _d in events if action == "quiz.started"}
    answered = {(entity_id, data.get("question_id")) for action, entity_id, data in events if action == "quiz.answered"}
    problems = [f"quiz attempt {a} has no quiz.started event"
                for a in connection.execute(text("SELECT id FROM quiz_attempts")).scalars() if str(a) not in started]
    problems += [f"answer to {q} in attempt {a} has no quiz.answered event"
                 for a, q in connection.execute(text("SELECT attempt_id, question_id FROM quiz_answers"))
                 if (str(a), q) not in answered]
    return problems


def every_run_and_passed_step_has_its_event(connection: Connection) -> list[str]:
    events = _events(connection, "run")
    started = {entity_id for action, entity_id, _d in events if action == "coach.run_started"}
    passed = {(entity_id, data.get("step")) for action, entity_id, data in events if action == "coach.step_passed"}
    problems = [f"run {r} has no coach.run_started event"
                for r in connection.execute(text("SELECT id FROM coach_runs")).scalars() if str(r) not in started]
    problems += [f"step {s} of run {r} is passed without a coach.step_passed event"
                 for r, s in connection.execute(text(
                     "SELECT run_id, step_id FROM coach_run_steps WHERE result = 'passed'"))
                 if (str(r), s) not in passed]
    return problems


def every_join_and_raised_hand_has_its_event(connection: Connection) -> list[str]:
    joined = {data.get("enrolment_id") for action, _e, data in _events(connection, "workshop")
              if action == "workshop.joined"}
    problems = [f"enrolment {e} is joined without a workshop.joined event"
                for e in connection.execute(text("SELECT id FROM enrolments WHERE joined_at IS NOT NULL")).scalars()
                if e not in joined]
    raised = {row[0] for row in connection.execute(text(
        "SELECT trainee_id FROM events WHERE action = 'live.hand_raised' AND trainee_id IS NOT NULL"))}
    problems += [f"the raised hand of trainee {t} has no live.hand_raised event"
                 for t in connection.execute(text("SELECT trainee_id FROM live_help_requests")).scalars()
                 if t not in raised]
    return problems


def every_room_answer_has_its_event(connection: Connection) -> list[str]:
    logged = {(data.get("room_quiz_id"), trainee_id, data.get("position"))
              for trainee_id, data in _trainee_events(connection, "live.quiz_answered")}
    return [f"the room quiz answer of trainee {t} to question {p + 1} of room quiz {q} has no live.quiz_answered event"
            for q, t, p in connection.execute(text("SELECT room_quiz_id, trainee_id, position FROM room_answers"))
            if (q, t, p) not in logged]


def every_certificate_has_its_events(connection: Connection) -> list[str]:
    events = _events(connection, "certificate")
    issued = {entity_id for action, entity_id, _d in events if action == "certificate.issued"}
    revoked = {entity_id for action, entity_id, _d in events if action == "certificate.revoked"}
    problems = []
    for serial, revoked_at in connection.execute(text("SELECT serial, revoked_at FROM certificates")):
        if serial not in issued:
            problems.append(f"certificate {serial} has no certificate.issued event")
        if revoked_at is not None and serial not in revoked:
            problems.append(f"certificate {serial} is revoked without a certificate.revoked event")
    return problems


def _trainee_events(connection: Connection, action: str) -> list[tuple[int | None, dict[str, Any]]]:
    import json

    rows = connection.execute(text("SELECT trainee_id, data FROM events WHERE action = :a"), {"a": action})
    return [(t, (json.loads(d) if isinstance(d, str) else d) or {}) for t, d in rows]


def every_real_report_import_has_its_event(connection: Connection) -> list[str]:
    logged = {entity_id for action, entity_id, _d in _events(connection, "real_report")
              if action == "real_report.imported"}
    return [f"real report import {i} has no real_report.imported event"
            for i in connection.execute(text("SELECT id FROM real_report_imports")).scalars() if str(i) not in logged]


CHECKS: list[Callable[[Connection], list[str]]] = [
    sqlite_file_is_sound,
    every_dossier_has_an_event,
    every_quiz_attempt_and_answer_has_its_event,
    every_run_and_passed_step_has_its_event,
    every_join_and_raised_hand_has_its_event,
    every_room_answer_has_its_event,
    every_certificate_has_its_events,
    every_real_report_import_has_its_event,
]


def problems(url: str) -> list[str]:
    """Everything wrong with the database at url (empty when sound)."""
    engine = get_engine(url)
    found: list[str] = []
    with engine.connect() as connection:
        for check in CHECKS:
            found += check(connection)
    return found


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"
