"""Guards of a state change against a concurrent one, the same on SQLite and PostgreSQL.

- `claim(session, row, **expected) -> bool`: a conditional `UPDATE ... SET version = version + 1 WHERE id = ?
  AND version = ? [AND column = expected ...]` on the row as this session read it; False when another
  transaction changed it since (the caller raises its domain error and keeps nothing). On success the row holds
  the write (PostgreSQL row lock; SQLite write transaction) until commit, so what follows cannot race.
- `claim_where(session, model, pk, where, values) -> bool`: the same for a row without a version column: the
  update happens only if `where` still holds (e.g. `finished_at IS NULL`).
- `lock_row(session, model, pk)`: the row re-read under a lock (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite
  the write transaction begins first), for actions that count or insert rows belonging to it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from trainer.db.engine import WRITE_LOCK

T = TypeVar("T")


def claim(session: Session, row: Any, **expected: Any) -> bool:
    """Move the row's version on, if nobody changed the row since this session read it."""
    model = type(row)
    state = inspect(row)
    if state.pending or state.transient:  # created in this transaction: nobody else can see it yet
        session.flush()
    (key,) = state.identity
    version = row.version
    conditions = [model.id == key, model.version == version]
    conditions += [getattr(model, name) == value for name, value in expected.items()]
    result = session.execute(
        update(model).where(*conditions).values(version=model.version + 1),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        return False
    set_committed_value(row, "version", version + 1)
    return True


def claim_where(
    session: Session, model: type, key: Any, where: list[ColumnElement[bool]], values: dict[str, Any]
) -> bool:
    """`UPDATE model SET values WHERE id = key AND where`: True when this transaction made the change."""
    result = session.execute(
        update(model).where(model.id == key, *where).values(**values),  # type: ignore[attr-defined]
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        return False
    row = session.get(model, key)
    if row is not None:
        for name, value in values.items():
            set_committed_value(row, name, value)
    return True


def lock_row(session: Session, model: type[T], key: Any) -> T | None:
    """The row, re-read now and locked until the transaction ends (None when it is gone)."""
    statement = (
        select(model)
        .where(model.id == key)  # type: ignore[attr-defined]
        .with_for_update()
        .execution_options(populate_existing=True, **{WRITE_LOCK: True})
    )
    return session.scalar(statement)
