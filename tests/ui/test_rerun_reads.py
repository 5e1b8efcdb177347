"""What one rerun reads (issue 11): the sandbox once per script run, the trainee's active run once per session, and
nothing read once is kept past a write or into the next run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import event, update

from trainer.db.engine import get_engine, get_session_factory
from trainer.sandbox.models import Sandbox
from trainer.training.trainees import create_trainee
from trainer.ui import widgets

NOW = datetime(2026, 3, 2, 9, 30)


@contextmanager
def statements(url: str) -> Iterator[list[str]]:
    """Every SQL statement the app sends while the block runs."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def reads_of(seen: list[str], table: str) -> int:
    return sum(1 for s in seen if re.search(rf"\bFROM {table}\b", s) and s.lstrip().upper().startswith("SELECT"))


def test_a_rerun_of_a_sandbox_page_reads_the_sandbox_once_and_the_active_run_only_on_the_first_visit(
        make_app, app_db):
    with get_session_factory(app_db).begin() as session:
        resume = create_trainee(session, name="Lò Thị Mai", audience="citizen", unit_code=None, now=NOW).resume_code
    at = make_app("citizen", "vi")
    at.query_params["code"] = resume
    at.run()
    at.switch_page("views/practice/tracking.py")
    with statements(app_db) as first:
        at.run()  # makes the trainee's sandbox
    assert not at.exception, at.exception
    assert reads_of(first, "coach_runs") == 1  # the guide panel looks for an active run once in this session
    with statements(app_db) as again:
        at.run()
    assert not at.exception, at.exception
    # practice_sandbox_id, the sandbox line and the clock (now_in) share one read; no look for a run again
    assert reads_of(again, "sandboxes") == 1, again
    assert reads_of(again, "coach_runs") == 0, again
    assert any("Lò Thị Mai" in c.value for c in at.caption)


def test_what_a_run_read_once_is_read_again_after_a_write_and_in_the_next_run(app_db, monkeypatch):
    with get_session_factory(app_db).begin() as session:
        session.add(Sandbox(label="A", admin_model="2025", unit_code="x", seed=1, citizen_count=1, clock=NOW,
                            start_clock=NOW, created_at=NOW, start_state="s"))
    run = SimpleNamespace(cursors={})
    monkeypatch.setattr(widgets, "get_script_run_ctx", lambda: run)
    loads: list[str] = []

    def label(session):  # type: ignore[no-untyped-def]
        loads.append("read")
        return session.get(Sandbox, 1).label

    assert widgets.once_per_rerun("label", label) == "A"
    assert widgets.once_per_rerun("label", label) == "A" and len(loads) == 1
    with widgets.db() as session:  # a read-only transaction keeps what was read
        session.get(Sandbox, 1)
    assert widgets.once_per_rerun("label", label) == "A" and len(loads) == 1
    with widgets.db() as session:
        session.execute(update(Sandbox).values(label="B"))
    assert widgets.once_per_rerun("label", label) == "B" and len(loads) == 2
    with widgets.db() as session:
        session.get(Sandbox, 1).label = "C"  # an ORM change, flushed at commit
    assert widgets.once_per_rerun("label", label) == "C" and len(loads) == 3
    run.cursors = {}  # Streamlit's next script run (full or fragment)
    assert widgets.once_per_rerun("label", label) == "C" and len(loads) == 4


def test_the_trainee_and_the_help_corners_workshop_are_read_in_one_transaction_once_per_rerun(make_app, app_db):
    from sqlalchemy.orm import Session

    with get_session_factory(app_db).begin() as session:
        resume = create_trainee(session, name="Lò Văn Hùng", audience="citizen", unit_code=None, now=NOW).resume_code
    at = make_app("citizen", "vi")
    at.query_params["code"] = resume
    at.run()
    sessions: list[Session] = []  # kept alive, so two sessions never share an id
    reads: list[tuple[int, str]] = []

    def note(state):  # type: ignore[no-untyped-def]
        if state.session not in sessions:
            sessions.append(state.session)
        reads.append((sessions.index(state.session), str(state.statement)))

    event.listen(Session, "do_orm_execute", note)
    try:
        at.run()
    finally:
        event.remove(Session, "do_orm_execute", note)
    assert not at.exception, at.exception
    trainee = [n for n, s in reads if re.search(r"\bFROM trainees\b", s)]
    workshop = [n for n, s in reads if re.search(r"\bFROM enrolments\b", s)]
    assert len(workshop) == 1, reads  # the help corner's read, once
    assert trainee and workshop[0] == trainee[0], reads  # in the transaction that built the Actor


def test_a_sandbox_pages_rerun_reads_the_sandbox_with_the_actor(make_app, app_db):
    from sqlalchemy.orm import Session

    with get_session_factory(app_db).begin() as session:
        resume = create_trainee(session, name="Hà Thị Lan", audience="citizen", unit_code=None, now=NOW).resume_code
    at = make_app("citizen", "vi")
    at.query_params["code"] = resume
    at.run()
    at.switch_page("views/practice/tracking.py")
    at.run()  # makes the trainee's sandbox
    sessions: list[Session] = []
    reads: list[tuple[int, str]] = []

    def note(state):  # type: ignore[no-untyped-def]
        if state.session not in sessions:
            sessions.append(state.session)
        reads.append((sessions.index(state.session), str(state.statement)))

    event.listen(Session, "do_orm_execute", note)
    try:
        at.run()
    finally:
        event.remove(Session, "do_orm_execute", note)
    assert not at.exception, at.exception
    trainee = {n for n, s in reads if re.search(r"\bFROM trainees\b", s)}
    sandbox = {n for n, s in reads if re.search(r"\bFROM sandboxes\b", s)}
    assert len(trainee) == 1 and sandbox == trainee, reads  # one transaction: the Actor and the session's sandbox
