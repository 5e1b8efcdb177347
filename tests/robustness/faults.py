"""Inject a fault between two writes of one action and check that nothing of the action is left.

An action is a callable taking a session, run the way a page runs it (`widgets.db()`: one transaction, commit on
success, rollback on any exception). `FaultInjector.every_fault(name, action)` first counts the action's write
statements (INSERT/UPDATE/DELETE) in a rolled-back dry run, then raises `InjectedFault` just before the k-th write,
i.e. after k-1 writes went through, for k = 2 (after the first write), the middle one and n (before the last; with
`every_gap=True` every k = 2..n), and finally once at commit time after all n writes; after each the whole
database must equal its snapshot from before (the seeded world's tables by their row counts). The action is then run for real by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.robustness.populate import WORLD_TABLES, snapshot
from trainer.db.engine import get_engine, get_session_factory

WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFault(RuntimeError):
    """The fault a test injects; nothing in the application may swallow it."""


@dataclass
class FaultInjector:
    url: str
    armed_at: int | None = None  # raise before this write (1-based); None: only count
    writes: int = 0
    covered: dict[str, int] = field(default_factory=dict)  # action name -> faults injected
    every_gap: bool = False  # False: after the first write, in the middle and before the last (bounded time)

    def __post_init__(self) -> None:
        event.listen(get_engine(self.url), "before_cursor_execute", self._before)

    def close(self) -> None:
        event.remove(get_engine(self.url), "before_cursor_execute", self._before)

    def _before(self, _conn, _cursor, statement: str, _params, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        words = statement.lstrip(" (\n\t").split(None, 1)
        if not words or words[0].upper() not in WRITES:
            return
        self.writes += 1
        if self.armed_at is not None and self.writes >= self.armed_at:
            self.armed_at = None
            raise InjectedFault(f"injected before write {self.writes}")

    def _count(self, action: Callable[[Session], object]) -> int:
        self.writes, self.armed_at = 0, None
        session = get_session_factory(self.url)()
        try:
            action(session)
            session.flush()
            return self.writes
        finally:
            session.rollback()
            session.close()

    def every_fault(self, name: str, action: Callable[[Session], object]) -> int:
        """Fault the action between every two of its writes and at commit; returns how many writes it makes."""
        before = snapshot(self.url, counts_only=WORLD_TABLES)
        total = self._count(action)
        gaps = sorted({k for k in (2, (total + 2) // 2, total) if 2 <= k <= total}) if self.every_gap is False \
            else list(range(2, total + 1))
        for k in [*gaps, None]:
            self.writes, self.armed_at = 0, k
            session = get_session_factory(self.url)()
            at_commit = k is None
            if at_commit:
                event.listen(session, "before_commit", _fail_commit)
            try:
                try:
                    action(session)
                    session.commit()
                except Exception as exc:  # the fault may come wrapped by SQLAlchemy
                    session.rollback()
                    if not _caused_by_fault(exc):
                        raise AssertionError(f"{name}: fault before write {k} of {total} became {exc!r}") from exc
                else:
                    raise AssertionError(f"{name}: the fault before write {k} of {total} was swallowed "
                                         "and the action committed")
            finally:
                if at_commit:
                    event.remove(session, "before_commit", _fail_commit)
                session.close()
                self.armed_at = None
            after = snapshot(self.url, counts_only=WORLD_TABLES)
            if after != before:
                changed = [t for t in before if before[t] != after[t]]
                where = "at commit" if at_commit else f"before write {k} of {total}"
                raise AssertionError(f"{name}: a fault {where} left rows behind in {changed}")
            self.covered[name] = self.covered.get(name, 0) + 1
        return total


def _fail_commit(_session: Session) -> None:
    raise InjectedFault("injected at commit")


def _caused_by_fault(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, InjectedFault):
            return True
        exc = exc.__cause__ or exc.__context__ or getattr(exc, "orig", None)
        seen += 1
    return False
