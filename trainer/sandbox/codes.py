"""Dossier codes `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` (Circular 01/2018/TT-VPCP art. 19) and lookup by code.

Public API:
- `format_code(agency_id, day, seq) -> str`, `parse_code(code) -> (agency_id, date, seq)`.
- `next_code(session, sandbox_id, agency_id, at) -> str`: the agency's next daily number in this sandbox
  (atomic UPDATE ... RETURNING on a counter row, created under a savepoint; safe with concurrent writers).
- `normalise_code(text) -> str`: what a person typed, trimmed and upper-cased.
- `find_by_code(session, sandbox_id, code) -> Dossier` (NotFound outside this sandbox).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.db.text_guard import clean_text
from trainer.errors import DomainError, NotFound
from trainer.sandbox.models import CodeCounter, Dossier

DAILY_SEQUENCE_MAX = 9999  # four digits XXXX, Circular 01/2018/TT-VPCP art. 19
CENTURY = 2000  # YY in a code means 20YY (the sandbox lives in this century)
CODE_PATTERN = re.compile(r"^(?P<agency>[A-Z0-9.]+)-(?P<day>\d{6})-(?P<seq>\d{4})$")


def format_code(agency_id: str, day: date, seq: int) -> str:
    """The code of the seq-th dossier received by agency_id on day."""
    if not 1 <= seq <= DAILY_SEQUENCE_MAX:
        raise DomainError("errors.sandbox.daily_sequence_full", limit=DAILY_SEQUENCE_MAX)
    return f"{agency_id}-{day:%y%m%d}-{seq:04d}"


def parse_code(code: str) -> tuple[str, date, int]:
    """(agency id, reception day, sequence) of a well-formed code, else DomainError."""
    match = CODE_PATTERN.match(normalise_code(code))
    if match is None:
        raise DomainError("errors.sandbox.bad_code", code=code.strip())
    digits = match["day"]
    try:
        day = date(CENTURY + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError as exc:
        raise DomainError("errors.sandbox.bad_code", code=code.strip()) from exc
    return match["agency"], day, int(match["seq"])


def normalise_code(text: str) -> str:
    """Upper-case, without surrounding or inner spaces (and without control characters: a lookup never fails)."""
    return "".join(clean_text(text).split()).upper()


def _bump(session: Session, sandbox_id: int, agency_id: str, day: date) -> int | None:
    statement = (
        update(CodeCounter)
        .where(
            CodeCounter.sandbox_id == sandbox_id, CodeCounter.agency_id == agency_id, CodeCounter.day == day
        )
        .values(last=CodeCounter.last + 1)
        .returning(CodeCounter.last)
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).scalar_one_or_none()


def next_code(session: Session, sandbox_id: int, agency_id: str, at: datetime) -> str:
    """Take the next daily sequence number of agency_id in this sandbox and return the full code."""
    day = at.date()
    seq = _bump(session, sandbox_id, agency_id, day)
    if seq is None:
        try:
            with session.begin_nested():
                session.add(CodeCounter(sandbox_id=sandbox_id, agency_id=agency_id, day=day, last=1))
            seq = 1
        except IntegrityError:  # another writer created the day's counter first
            seq = _bump(session, sandbox_id, agency_id, day)
    if seq is None or seq > DAILY_SEQUENCE_MAX:
        raise DomainError("errors.sandbox.daily_sequence_full", limit=DAILY_SEQUENCE_MAX)
    return format_code(agency_id, day, seq)


def find_by_code(session: Session, sandbox_id: int, code: str) -> Dossier:
    """The dossier with this code in this sandbox (codes of other sandboxes are not found)."""
    clean = normalise_code(code)
    dossier = session.scalar(select(Dossier).where(Dossier.sandbox_id == sandbox_id, Dossier.code == clean))
    if dossier is None:
        raise NotFound("errors.sandbox.code_not_found", code=clean or code)
    return dossier
