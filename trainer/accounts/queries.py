"""The read side of accounts: frozen rows for the administrators' page, the shell and the audit list, and the unit
scope a trainer or leader sees.

Public API:
- `AccountRow` (no password hash), `account_row(account)`, `list_accounts(session) -> tuple[AccountRow, ...]`,
  `find_account(session, username) -> AccountRow | None`.
- `AuditRow`, `audit_events(session, *, actor, limit=200, kind=None) -> tuple[AuditRow, ...]` (administrators only):
  sign-ins, sign-outs, failures, locks and every account change, newest first.
- `covers(unit_codes, unit_code, units) -> bool`: whether a scope (province, district or communes) holds a unit.
- `trainees_in_scope(session, *, actor) -> tuple[TraineeCard, ...]`: the trainees an account may follow
  (administrators: all; trainers and leaders: those of their units; anyone else: refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.accounts.models import Account
from trainer.actor import Actor
from trainer.db.events import Event
from trainer.errors import DomainError


@dataclass(frozen=True)
class AccountRow:
    """An account as pages and the CLI show it (never its password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    unit_codes: tuple[str, ...]
    disabled: bool
    created_at: datetime
    last_sign_in_at: datetime | None
    locked_until: datetime | None


def account_row(account: Account) -> AccountRow:
    return AccountRow(
        account.id, account.username, account.display_name, account.role, tuple(account.unit_codes or ()),
        bool(account.disabled), account.created_at, account.last_sign_in_at, account.locked_until,
    )


def list_accounts(session: Session) -> tuple[AccountRow, ...]:
    """Every account, by username."""
    return tuple(account_row(a) for a in session.scalars(select(Account).order_by(Account.username)))


def find_account(session: Session, username: str) -> AccountRow | None:
    found = session.scalar(select(Account).where(Account.username == username.strip().lower()))
    return None if found is None else account_row(found)


@dataclass(frozen=True)
class AuditRow:
    """One audit event: who (role and account), what, which account it concerned, when, and details."""

    id: int
    at: datetime
    actor: str
    actor_username: str | None
    action: str
    target_username: str | None
    data: dict[str, Any]


def audit_events(session: Session, *, actor: Actor, limit: int = 200, kind: str | None = None) -> tuple[AuditRow, ...]:
    """The account events, newest first (administrators only)."""
    if not actor.is_administrator:
        raise DomainError("errors.accounts.not_administrator")
    query = select(Event).where(Event.entity == "account")
    if kind:
        query = query.where(Event.action == kind)
    events = list(session.scalars(query.order_by(Event.at.desc(), Event.id.desc()).limit(limit)))
    ids = {e.account_id for e in events if e.account_id is not None}
    names = {i: n for i, n in session.execute(select(Account.id, Account.username).where(Account.id.in_(ids)))} if ids else {}
    return tuple(
        AuditRow(
            e.id, e.at, e.actor, names.get(e.account_id) if e.account_id is not None else None, e.action,
            (e.data or {}).get("username"), dict(e.data or {}),
        )
        for e in events
    )


def covers(unit_codes: tuple[str, ...] | list[str], unit_code: str | None, units: Any = None) -> bool:
    """True when `unit_code` is one of `unit_codes` or lies inside one of them (a district's communes, the
    province's everything). `units` is a `trainer.world.units.UnitSet` (the configured one by default)."""
    if not unit_code or not unit_codes:
        return False
    if unit_code in unit_codes:
        return True
    if units is None:
        from trainer.world.units import load_units

        units = load_units()
    if units.find(unit_code) is None:
        return False
    return any(u.code in unit_codes for u in units.ancestors(unit_code))


def trainees_in_scope(session: Session, *, actor: Actor, units: Any = None) -> tuple[Any, ...]:
    """The trainee profiles this account may follow, by name: an administrator all of them, a trainer or leader
    those attached to a unit within their scope. A participant or nobody-in-particular is refused."""
    from trainer.training.models import Trainee
    from trainer.training.trainees import TraineeCard

    if not actor.is_account and not actor.operator:
        raise DomainError("errors.accounts.needs_account")
    rows = session.scalars(select(Trainee).order_by(Trainee.name, Trainee.id))
    visible = [t for t in rows if actor.is_administrator or covers(actor.unit_codes, t.unit_code, units)]
    return tuple(TraineeCard(t.id, t.name, t.audience, t.unit_code, t.resume_code) for t in visible)
