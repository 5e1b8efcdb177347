"""The one gate every text passes on its way into the database: control characters never reach a row.

A NUL byte in a filename or a refusal reason made PostgreSQL fail with DataError (SQLite kept it); other control
characters and lone surrogates are just as meaningless in a name, a reason or a form value and as dangerous to
the next program that reads them. Every flush of every session goes through `clean_pending`: each text value of
a new or changed row, and every string inside its JSON values (form data, event data), loses them; line breaks
and tabs stay (Windows line ends become "\\n"). Registered on `sqlalchemy.orm.Session` when trainer.db.engine is
imported, so no service, page or command can skip it.

Public API: `clean_text(value) -> str`, `clean_value(value) -> value` (JSON-like), `clean_pending(session, ...)`.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CARRIAGE = re.compile("\r\n?")
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """The text without control characters (except line breaks and tabs) and lone surrogates."""
    if not _SUSPECT.search(value):
        return value
    return _UNWANTED.sub("", _CARRIAGE.sub("\n", value))


def clean_value(value: Any) -> Any:
    """A str, or a JSON-like structure of dicts and lists, cleaned throughout (the same object when clean)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        cleaned = {clean_value(k): clean_value(v) for k, v in value.items()}
        same = len(cleaned) == len(value) and all(
            k in value and cleaned[k] is value[k] for k in cleaned
        )
        return value if same else cleaned
    if isinstance(value, list):
        items = [clean_value(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def clean_pending(session: Session, _flush_context: object = None, _instances: object = None) -> None:
    """Clean the text of every row this flush will write."""
    for row in chain(session.new, session.dirty):
        state = inspect(row)
        for attribute in state.mapper.column_attrs:
            key = attribute.key
            if key not in state.dict:
                continue
            value = state.dict[key]
            if isinstance(value, str | dict | list):
                cleaned = clean_value(value)
                if cleaned is not value:
                    setattr(row, key, cleaned)


event.listen(Session, "before_flush", clean_pending)
