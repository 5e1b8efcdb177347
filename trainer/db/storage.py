"""Recognise the two storage failures a hall meets: a full disk and a read-only data folder (or database).

`storage_problem(exc)` returns FULL, READ_ONLY or None for any exception (SQLAlchemy's wrapper or the driver's own),
on SQLite (result codes SQLITE_FULL and SQLITE_READONLY; an I/O error from ENOSPC) and PostgreSQL
(SQLSTATE 53100 disk_full, 53xxx insufficient resources, 25006 read_only_sql_transaction). The UI (`widgets.db`) and
the CLI turn them into one translated message (`storage.*`); the transaction is rolled back, so nothing of the
action is kept.
"""

from __future__ import annotations

import errno
import sqlite3

FULL = "full"
READ_ONLY = "read_only"

_SQLITE_FULL = 13
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10


def storage_problem(exc: BaseException | None) -> str | None:
    """FULL, READ_ONLY or None, looking through SQLAlchemy's wrapper and the exception chain."""
    seen = 0
    while exc is not None and seen < 8:
        found = _one(exc)
        if found is not None:
            return found
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
        seen += 1
    return None


def _one(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return READ_ONLY
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        text = str(exc).lower()
        if code == _SQLITE_FULL or "database or disk is full" in text:
            return FULL
        if code == _SQLITE_READONLY or "readonly database" in text:
            return READ_ONLY
        if code == _SQLITE_IOERR and "no space" in text:
            return FULL
        return None
    sqlstate = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    if isinstance(sqlstate, str):
        if sqlstate.startswith("53"):
            return FULL
        if sqlstate == "25006":
            return READ_ONLY
    return None
