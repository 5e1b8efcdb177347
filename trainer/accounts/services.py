"""Every change to accounts and sign-in sessions: one function each, taking the acting person and `now`, writing
its audit event in the caller's transaction (`trainer.db.events.record_event`, entity "account").

Public API:
- `create_account(session, *, actor, username, password, role, display_name, unit_codes, now) -> AccountRow`
- `set_disabled(session, *, actor, account_id, disabled, now) -> AccountRow` (disabling revokes its sessions)
- `reset_password(session, *, actor, account_id, now, password=None) -> str` (a random one when None; shown once)
- `set_units(session, *, actor, account_id, unit_codes, now) -> AccountRow`
- `sign_in(session, *, username, password, now) -> SignInOutcome` (token + account, or the refusal; commit both)
- `resume(session, *, token, now) -> AccountRow | None` (a live session's account; refreshes its idle clock)
- `sign_out(session, *, token, now) -> None`
- `account_actor(row, practice_role) -> Actor`
Rules: only an administrator (or the server's shell, `Actor.operator_shell()`) changes accounts; five wrong
passwords in a row lock a username for 15 minutes; a session ends after 12 hours without use, at sign-out, on a
password reset and when its account is disabled. Passwords and tokens are never stored or logged in clear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.accounts.models import Account, AccountSession
from trainer.accounts.passwords import (
    hash_password,
    needs_rehash,
    new_password,
    new_token,
    token_hash,
    verify_password,
)
from trainer.accounts.queries import AccountRow, account_row
from trainer.actor import ACCOUNT_ADMINISTRATOR, ACCOUNT_LEADER, ACCOUNT_ROLES, ACCOUNT_TRAINER, Actor
from trainer.db.events import record_event
from trainer.db.guards import lock_row
from trainer.errors import DomainError, NotFound

LOCKOUT_AFTER = 5  # wrong passwords in a row
LOCKOUT_FOR = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=5)  # a session's last_seen_at is written at most this often
PASSWORD_MIN = 8
PASSWORD_MAX = 256
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
NAME_MAX = 120
MAX_UNITS = 200


@dataclass(frozen=True)
class SignInOutcome:
    """What a sign-in attempt did. On success `token` goes to the browser (cookie) only (the server keeps its hash)
    and `account` is set; on refusal `error` says why. A refusal is returned, not raised, because what it wrote
    (the failure count, the lock, the audit event) must be committed like a success."""

    token: str | None = None
    account: AccountRow | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _require_administrator(actor: Actor) -> None:
    if not actor.is_administrator:
        raise DomainError("errors.accounts.not_administrator")


def _who(actor: Actor) -> str:
    return "operator" if actor.operator else (actor.account_role or actor.practice_role)


def _audit(session: Session, actor: Actor, action: str, target: Account | None, now: datetime, **data: object) -> None:
    record_event(
        session, actor=_who(actor), action=action, entity="account",
        entity_id=None if target is None else target.id, at=now, account_id=actor.account_id,
        data={**({"username": target.username} if target is not None else {}), **data},
    )


def _check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise DomainError("errors.accounts.password_too_short", minimum=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise DomainError("errors.accounts.password_too_long", maximum=PASSWORD_MAX)
    if password != password.strip() or not password.isprintable():
        raise DomainError("errors.accounts.password_bad_characters")


def _check_units(role: str, unit_codes: Iterable[str]) -> list[str]:
    from trainer.world.units import load_units

    codes = sorted({code.strip() for code in unit_codes if code and code.strip()})
    if role == ACCOUNT_ADMINISTRATOR and codes:
        raise DomainError("errors.accounts.administrator_no_units")
    if role == ACCOUNT_LEADER and not codes:
        raise DomainError("errors.accounts.leader_needs_units")
    if len(codes) > MAX_UNITS:
        raise DomainError("errors.accounts.too_many_units", maximum=MAX_UNITS)
    units = load_units()
    unknown = [code for code in codes if units.find(code) is None]
    if unknown:
        raise DomainError("errors.accounts.unknown_units", codes=", ".join(unknown[:5]))
    return codes


def _get(session: Session, account_id: int, *, lock: bool = False) -> Account:
    account = lock_row(session, Account, account_id) if lock else session.get(Account, account_id)
    if account is None:
        raise NotFound("errors.accounts.unknown_account", id=account_id)
    return account


def create_account(
    session: Session, *, actor: Actor, username: str, password: str, role: str = ACCOUNT_TRAINER,
    display_name: str = "", unit_codes: Iterable[str] = (), now: datetime,
) -> AccountRow:
    """A new account; a duplicate username is refused with one clear message."""
    _require_administrator(actor)
    clean = normalise_username(username)
    if not USERNAME_RE.match(clean):
        raise DomainError("errors.accounts.bad_username")
    if role not in ACCOUNT_ROLES:
        raise DomainError("errors.accounts.bad_role", role=role)
    name = " ".join(display_name.split()) or clean
    if len(name) > NAME_MAX:
        raise DomainError("errors.accounts.name_too_long", maximum=NAME_MAX)
    _check_password(password)
    codes = _check_units(role, unit_codes)
    if session.scalar(select(Account.id).where(Account.username == clean)) is not None:
        raise DomainError("errors.accounts.duplicate_username", username=clean)
    account = Account(
        username=clean, display_name=name, role=role, unit_codes=codes, password_hash=hash_password(password),
        disabled=False, failed_sign_ins=0, created_at=now, password_changed_at=now,
    )
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError as exc:  # another administrator created the same username at the same moment
        raise DomainError("errors.accounts.duplicate_username", username=clean) from exc
    _audit(session, actor, "account.created", account, now, role=role, unit_codes=codes)
    return account_row(account)


def _revoke_sessions(session: Session, account_id: int, now: datetime) -> int:
    result = session.execute(
        update(AccountSession)
        .where(AccountSession.account_id == account_id, AccountSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)


def set_disabled(session: Session, *, actor: Actor, account_id: int, disabled: bool, now: datetime) -> AccountRow:
    """Disable (revoking every session of the account) or enable again; the last administrator stays enabled."""
    _require_administrator(actor)
    account = _get(session, account_id, lock=True)
    if account.disabled == disabled:
        return account_row(account)
    if disabled and account.role == ACCOUNT_ADMINISTRATOR:
        others = session.scalar(
            select(Account.id).where(
                Account.role == ACCOUNT_ADMINISTRATOR, Account.disabled.is_(False), Account.id != account.id
            ).limit(1)
        )
        if others is None:
            raise DomainError("errors.accounts.last_administrator")
    account.disabled = disabled
    if disabled:
        revoked = _revoke_sessions(session, account.id, now)
        _audit(session, actor, "account.disabled", account, now, sessions_revoked=revoked)
    else:
        account.failed_sign_ins = 0
        account.locked_until = None
        _audit(session, actor, "account.enabled", account, now)
    session.flush()
    return account_row(account)


def reset_password(
    session: Session, *, actor: Actor, account_id: int, now: datetime, password: str | None = None,
) -> str:
    """Give the account a new password (a random one when none is given) and end its sessions; returns it once."""
    _require_administrator(actor)
    account = _get(session, account_id, lock=True)
    chosen = password if password is not None else new_password()
    _check_password(chosen)
    account.password_hash = hash_password(chosen)
    account.password_changed_at = now
    account.failed_sign_ins = 0
    account.locked_until = None
    revoked = _revoke_sessions(session, account.id, now)
    _audit(session, actor, "account.password_reset", account, now, generated=password is None,
           sessions_revoked=revoked)
    session.flush()
    return chosen


def set_units(session: Session, *, actor: Actor, account_id: int, unit_codes: Iterable[str], now: datetime) -> AccountRow:
    """Assign the units a trainer or leader answers for."""
    _require_administrator(actor)
    account = _get(session, account_id, lock=True)
    codes = _check_units(account.role, unit_codes)
    before = list(account.unit_codes or [])
    if codes != before:
        account.unit_codes = codes
        _audit(session, actor, "account.units_changed", account, now, before=before, after=codes)
        session.flush()
    return account_row(account)


def sign_in(session: Session, *, username: str, password: str, now: datetime) -> SignInOutcome:
    """Check the password and open a session. Wrong username or password: one message for both; the fifth wrong
    password in a row locks the username for 15 minutes (the lock is checked before the password)."""
    clean = normalise_username(username)
    if not clean or not password:
        return _refused("errors.accounts.sign_in_missing")
    found = session.scalar(select(Account.id).where(Account.username == clean)) if len(clean) <= 40 else None
    if found is None:
        verify_password(None, password)  # the same cost as a known username
        record_event(session, actor="anonymous", action="account.sign_in_failed", entity="account", at=now,
                     data={"reason": "unknown_username"})
        return _refused("errors.accounts.wrong_credentials")
    account = _get(session, found, lock=True)
    if account.locked_until is not None and account.locked_until > now:
        record_event(session, actor="anonymous", action="account.sign_in_failed", entity="account",
                     entity_id=account.id, at=now, data={"username": account.username, "reason": "locked"})
        return _refused("errors.accounts.locked", until=account.locked_until.strftime("%H:%M"))
    if not verify_password(account.password_hash, password):
        account.failed_sign_ins = (account.failed_sign_ins or 0) + 1
        record_event(session, actor="anonymous", action="account.sign_in_failed", entity="account",
                     entity_id=account.id, at=now,
                     data={"username": account.username, "reason": "wrong_password", "in_a_row": account.failed_sign_ins})
        if account.failed_sign_ins >= LOCKOUT_AFTER:
            account.locked_until = now + LOCKOUT_FOR
            account.failed_sign_ins = 0
            record_event(session, actor="system", action="account.locked", entity="account", entity_id=account.id,
                         at=now, data={"username": account.username, "until": account.locked_until.isoformat()})
            session.flush()
            return _refused("errors.accounts.locked", until=account.locked_until.strftime("%H:%M"))
        session.flush()
        return _refused("errors.accounts.wrong_credentials")
    if account.disabled:
        record_event(session, actor="anonymous", action="account.sign_in_failed", entity="account",
                     entity_id=account.id, at=now, data={"username": account.username, "reason": "disabled"})
        return _refused("errors.accounts.disabled")
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.failed_sign_ins = 0
    account.locked_until = None
    account.last_sign_in_at = now
    token = new_token()
    session.add(AccountSession(account_id=account.id, token_hash=token_hash(token), created_at=now, last_seen_at=now))
    record_event(session, actor=account.role, action="account.signed_in", entity="account", entity_id=account.id,
                 at=now, account_id=account.id, data={"username": account.username})
    session.flush()
    return SignInOutcome(token=token, account=account_row(account))


def _refused(key: str, **params: object) -> SignInOutcome:
    return SignInOutcome(error=DomainError(key, **params))


def _live_session(session: Session, token: str, now: datetime) -> tuple[AccountSession, Account] | None:
    if not token or len(token) > 200:
        return None
    found = session.scalar(select(AccountSession).where(AccountSession.token_hash == token_hash(token)))
    if found is None or found.revoked_at is not None or found.last_seen_at + SESSION_IDLE <= now:
        return None
    account = session.get(Account, found.account_id)
    if account is None or account.disabled:
        return None
    return found, account


def resume(session: Session, *, token: str, now: datetime) -> AccountRow | None:
    """The account of a live session (None when the token is unknown, revoked, idle 12 hours or disabled).
    Its idle clock is moved on, at most every few minutes (the only write, so most reruns write nothing)."""
    live = _live_session(session, token, now)
    if live is None:
        return None
    found, account = live
    if now - found.last_seen_at >= TOUCH_EVERY:
        session.execute(update(AccountSession).where(AccountSession.id == found.id).values(last_seen_at=now))
    return account_row(account)


def sign_out(session: Session, *, token: str, now: datetime) -> None:
    """End this browser's session (nothing happens for an unknown or already ended one)."""
    if not token or len(token) > 200:
        return
    found = session.scalar(select(AccountSession).where(AccountSession.token_hash == token_hash(token)))
    if found is None or found.revoked_at is not None:
        return
    found.revoked_at = now
    account = session.get(Account, found.account_id)
    record_event(session, actor=account.role if account else "anonymous", action="account.signed_out",
                 entity="account", entity_id=found.account_id, at=now, account_id=found.account_id,
                 data={"username": account.username} if account else {})
    session.flush()


def account_actor(row: AccountRow, practice_role: str) -> Actor:
    """The acting person for a signed-in account, practising `practice_role` when they practise."""
    return Actor(practice_role=practice_role, account_id=row.id, account_role=row.role,
                 unit_codes=row.unit_codes, name=row.display_name)
