"""Campaigns, workshops, joining by code and enrolment: every change is one function taking `actor` and `now`.

Who may do what (checked here, again after the pages):
- campaigns: administrators and leader accounts create them (`create_campaign`);
- workshops: trainer and administrator accounts create them (a trainer only in their units, when they have
  units); the workshop's own trainer or an administrator manages it (roster, close, reset, import, export);
- participants (no account) join an open workshop by its code (`join_workshop`), pick their name at a kiosk
  (`kiosk_sign_in`) and read only their own progress (`my_enrolments`, `enrolment_progress`).

Public API:
- `create_campaign(session, *, actor, name, unit_codes, audiences, path_ids, starts_on, ends_on, targets, now)`
- `create_workshop(session, *, actor, unit_code, held_on, path_ids, now, title="", campaign_id=None) -> WorkshopRow`
- `close_workshop(session, *, actor, workshop_id, now) -> WorkshopRow`
- `join_workshop(session, *, actor, code, name, audience, now, path_id=None, unit_code=None, pin=None) -> Joined`
- `kiosk_roster(session, code) -> tuple[KioskEntry, ...]`; `kiosk_sign_in(session, *, actor, code, enrolment_id, pin, now)`
- `open_workshop_by_code(session, code) -> WorkshopRow` (unknown, closed and malformed codes are DomainErrors)
- `reset_workshop_sandboxes(session, *, actor, workshop_id, now) -> int`
- queries: `workshops_for(session, actor)`, `workshop(session, workshop_id, actor)`, `roster(session, workshop_id,
  actor, now)`, `workshop_version(session, workshop_id)`, `my_enrolments(session, actor)`,
  `enrolment_progress(session, enrolment_id, actor)`, `campaigns_for(session, actor)`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from trainer.actor import ACCOUNT_ADMINISTRATOR, ACCOUNT_LEADER, ACCOUNT_TRAINER, Actor
from trainer.db.events import Event, record_event
from trainer.db.guards import claim, lock_row
from trainer.errors import DomainError, NotFound
from trainer.training.models import Campaign, Enrolment, Trainee, Workshop
from trainer.training.paths import (
    LearningPath,
    PathOutcome,
    PathProgress,
    cached_paths,
    evaluate,
    path_progress,
    path_progress_many,
)
from trainer.training.trainees import AUDIENCES, NAME_MAX_CHARS, RESUME_ALPHABET, TraineeCard, create_trainee

JOIN_ALPHABET = RESUME_ALPHABET  # no 0/O, 1/I: read aloud and typed from a projector
JOIN_CODE_LENGTH = 6
PIN_RE = re.compile(r"^[0-9]{4}$")
TITLE_MAX = 200
POSITION_MAX = 120
PHONE_RE = re.compile(r"^0[0-9]{9,10}$")
MANAGERS = (ACCOUNT_ADMINISTRATOR, ACCOUNT_TRAINER)


# --- small helpers --------------------------------------------------------------------------------------------


def clean_text(text: str | None) -> str:
    """NFC, spaces collapsed, trimmed: how a name is stored."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def name_key(name: str) -> str:
    """A name folded for comparison: "  LÒ thị  Mai " and "Lò Thị Mai" are the same person's name."""
    return clean_text(name).casefold()[:NAME_MAX_CHARS]


def clean_name(name: str | None) -> str:
    clean = clean_text(name)
    if not clean:
        raise DomainError("errors.workshops.name_required")
    if len(clean) > NAME_MAX_CHARS:
        raise DomainError("errors.workshops.name_too_long", limit=NAME_MAX_CHARS)
    return clean


def clean_pin(pin: str | None) -> str | None:
    value = (pin or "").strip()
    if not value:
        return None
    if not PIN_RE.match(value):
        raise DomainError("errors.workshops.bad_pin")
    return value


def normalise_join_code(code: str | None) -> str:
    """Upper case, spaces and dashes dropped; a malformed code (length, 0/O/1/I, other signs) is a DomainError."""
    raw = (code or "").strip()
    clean = "".join(ch for ch in raw.upper() if ch not in " -._")
    if not clean:
        raise DomainError("errors.workshops.code_required")
    if len(clean) != JOIN_CODE_LENGTH or any(ch not in JOIN_ALPHABET for ch in clean):
        raise DomainError("errors.workshops.bad_code", code=raw[:20], length=JOIN_CODE_LENGTH)
    return clean


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _pin_hash(workshop_id: int, trainee_id: int, pin: str) -> str:
    return hashlib.sha256(f"mot-cua-sandbox:{workshop_id}:{trainee_id}:{pin}".encode()).hexdigest()


def _who(actor: Actor) -> str:
    return "operator" if actor.operator else (actor.account_role or ("trainee" if actor.is_trainee else actor.practice_role))


def _units():
    from trainer.world.units import load_units

    return load_units()


def _unit_label(code: str | None) -> str:
    if not code:
        return ""
    unit = _units().find(code)
    return unit.label if unit is not None else code


def _paths() -> dict[str, LearningPath]:
    return cached_paths().paths


def _check_paths(path_ids: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(p for p in path_ids if p))
    if not ids:
        raise DomainError("errors.workshops.paths_required")
    unknown = [p for p in ids if p not in _paths()]
    if unknown:
        raise DomainError("errors.workshops.unknown_paths", ids=", ".join(unknown))
    return ids


# --- rows -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    unit_codes: tuple[str, ...]
    audiences: tuple[str, ...]
    path_ids: tuple[str, ...]
    starts_on: date
    ends_on: date
    targets: tuple[tuple[str, str, float, date], ...]  # (path_id, audience, share, by)


@dataclass(frozen=True)
class WorkshopRow:
    id: int
    title: str
    unit_code: str
    unit_label: str
    held_on: date
    campaign_id: int | None
    path_ids: tuple[str, ...]
    join_code: str
    status: str
    created_by: int | None
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Joined:
    """Who joined (or came back), in which workshop, on which path."""

    enrolment_id: int
    workshop_id: int
    path_id: str
    trainee: TraineeCard
    came_back: bool


@dataclass(frozen=True)
class KioskEntry:
    enrolment_id: int
    name: str
    unit_label: str
    position: str
    has_pin: bool


@dataclass(frozen=True)
class RosterRow:
    """One participant as the trainer's page shows them."""

    enrolment_id: int
    trainee_id: int
    name: str
    unit_code: str | None
    unit_label: str
    position: str
    phone: str
    audience: str
    path_id: str
    source: str
    enrolled_at: datetime
    joined_at: datetime | None
    outcome: PathOutcome
    progress: PathProgress

    @property
    def last_activity_at(self) -> datetime | None:
        times = [t for t in (self.progress.last_at, self.joined_at) if t is not None]
        return max(times) if times else None


@dataclass(frozen=True)
class MyEnrolment:
    enrolment_id: int
    workshop_id: int
    workshop_title: str
    workshop_open: bool
    held_on: date
    path_id: str
    outcome: PathOutcome
    progress: PathProgress


def _campaign_row(c: Campaign) -> CampaignRow:
    return CampaignRow(c.id, c.name, tuple(c.unit_codes), tuple(c.audiences), tuple(c.path_ids), c.starts_on,
                       c.ends_on, tuple((t["path_id"], t["audience"], float(t["share"]), date.fromisoformat(t["by"]))
                                        for t in c.targets))


def _workshop_row(w: Workshop) -> WorkshopRow:
    return WorkshopRow(w.id, w.title, w.unit_code, _unit_label(w.unit_code), w.held_on, w.campaign_id,
                       tuple(w.path_ids), w.join_code, w.status, w.created_by, w.created_at, w.closed_at)


# --- campaigns ------------------------------------------------------------------------------------------------


def create_campaign(
    session: Session, *, actor: Actor, name: str, unit_codes: Iterable[str], audiences: Iterable[str],
    path_ids: Iterable[str], starts_on: date, ends_on: date, targets: Iterable[dict], now: datetime,
) -> CampaignRow:
    """An awareness campaign; targets are {"path_id", "audience", "share" (0..1], "by" (a date)}."""
    if not (actor.is_administrator or actor.account_role == ACCOUNT_LEADER):
        raise DomainError("errors.workshops.campaigns_forbidden")
    clean = clean_text(name)
    if not clean:
        raise DomainError("errors.workshops.campaign_name_required")
    if len(clean) > TITLE_MAX:
        raise DomainError("errors.workshops.title_too_long", limit=TITLE_MAX)
    codes = sorted({c.strip() for c in unit_codes if c and c.strip()})
    if not codes:
        raise DomainError("errors.workshops.campaign_units_required")
    unknown = [c for c in codes if _units().find(c) is None]
    if unknown:
        raise DomainError("errors.workshops.unknown_unit", unit=", ".join(unknown[:5]))
    if actor.account_role == ACCOUNT_LEADER:
        from trainer.accounts.queries import covers

        outside = [c for c in codes if not covers(actor.unit_codes, c)]
        if outside:
            raise DomainError("errors.workshops.unit_outside_scope", unit=", ".join(outside[:5]))
    auds = [a for a in dict.fromkeys(audiences) if a]
    if not auds or any(a not in AUDIENCES for a in auds):
        raise DomainError("errors.workshops.bad_audience")
    ids = _check_paths(path_ids)
    if ends_on < starts_on:
        raise DomainError("errors.workshops.dates_reversed")
    stored = []
    for target in targets:
        share = float(target.get("share", 0))
        by = target.get("by")
        by_date = by if isinstance(by, date) else date.fromisoformat(str(by))
        if target.get("path_id") not in ids or target.get("audience") not in auds or not 0 < share <= 1:
            raise DomainError("errors.workshops.bad_target")
        if not starts_on <= by_date <= ends_on:
            raise DomainError("errors.workshops.target_out_of_dates")
        stored.append({"path_id": target["path_id"], "audience": target["audience"], "share": share,
                       "by": by_date.isoformat()})
    campaign = Campaign(name=clean, unit_codes=codes, audiences=auds, path_ids=ids, starts_on=starts_on,
                        ends_on=ends_on, targets=stored, created_by=actor.account_id, created_at=now)
    session.add(campaign)
    session.flush()
    record_event(session, actor=_who(actor), action="campaign.created", entity="campaign", entity_id=campaign.id,
                 at=now, account_id=actor.account_id, data={"name": clean, "paths": ids})
    return _campaign_row(campaign)


def campaigns_for(session: Session, actor: Actor) -> tuple[CampaignRow, ...]:
    """Campaigns an account may see (administrators all; trainers and leaders those touching their units)."""
    if not actor.is_account and not actor.operator:
        raise DomainError("errors.workshops.forbidden")
    rows = [_campaign_row(c) for c in session.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id))]
    if actor.is_administrator or not actor.unit_codes:
        return tuple(rows)
    from trainer.accounts.queries import covers

    units = _units()
    return tuple(r for r in rows if any(covers(actor.unit_codes, c, units) or covers(r.unit_codes, u, units)
                                        for c in r.unit_codes for u in actor.unit_codes))


@dataclass(frozen=True)
class TargetProgress:
    path_id: str
    audience: str
    share: float
    by: date
    enrolled: int
    passed: int

    @property
    def reached(self) -> float:
        return self.passed / self.enrolled if self.enrolled else 0.0


def campaign_progress(session: Session, campaign_id: int, actor: Actor) -> tuple[TargetProgress, ...]:
    """Each target of a campaign against the people enrolled on its path, of its audience, in its workshops."""
    campaign = next((c for c in campaigns_for(session, actor) if c.id == campaign_id), None)
    if campaign is None:
        raise NotFound("errors.workshops.unknown_campaign", id=campaign_id)
    out = []
    for path_id, audience, share, by in campaign.targets:
        path = _paths().get(path_id)
        q = (select(Enrolment, Trainee).join(Trainee, Trainee.id == Enrolment.trainee_id)
             .join(Workshop, Workshop.id == Enrolment.workshop_id)
             .where(Workshop.campaign_id == campaign_id, Enrolment.path_id == path_id, Trainee.audience == audience))
        enrolled = passed = 0
        for enrolment, _trainee in session.execute(q):
            enrolled += 1
            if path is not None and evaluate(path, path_progress(session, trainee_id=enrolment.trainee_id, path=path,
                                                                  since=enrolment.enrolled_at)).passed:
                passed += 1
        out.append(TargetProgress(path_id, audience, share, by, enrolled, passed))
    return tuple(out)


# --- workshops ------------------------------------------------------------------------------------------------


def _require_manager_role(actor: Actor) -> None:
    if not (actor.is_administrator or actor.account_role == ACCOUNT_TRAINER):
        raise DomainError("errors.workshops.forbidden")


def _managed(session: Session, workshop_id: int, actor: Actor, *, lock: bool = False) -> Workshop:
    """The workshop, when the actor is its trainer or an administrator (else a DomainError, never its data)."""
    _require_manager_role(actor)
    found = lock_row(session, Workshop, workshop_id) if lock else session.get(Workshop, workshop_id)
    if found is None:
        raise NotFound("errors.workshops.unknown_workshop", id=workshop_id)
    if not actor.is_administrator and found.created_by != actor.account_id:
        raise DomainError("errors.workshops.not_your_workshop")
    return found


def create_workshop(
    session: Session, *, actor: Actor, unit_code: str, held_on: date, path_ids: Iterable[str], now: datetime,
    title: str = "", campaign_id: int | None = None,
) -> WorkshopRow:
    """A workshop in a commune on a date, with the paths offered and a fresh 6-character join code."""
    _require_manager_role(actor)
    unit = _units().find((unit_code or "").strip())
    if unit is None:
        raise DomainError("errors.workshops.unknown_unit", unit=unit_code)
    if unit.level != "commune":
        raise DomainError("errors.workshops.not_a_commune", unit=unit.label)
    if actor.account_role == ACCOUNT_TRAINER and actor.unit_codes:
        from trainer.accounts.queries import covers

        if not covers(actor.unit_codes, unit.code):
            raise DomainError("errors.workshops.unit_outside_scope", unit=unit.label)
    ids = _check_paths(path_ids)
    if campaign_id is not None:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound("errors.workshops.unknown_campaign", id=campaign_id)
        outside = [p for p in ids if campaign.path_ids and p not in campaign.path_ids]
        if outside:
            raise DomainError("errors.workshops.path_not_in_campaign", ids=", ".join(outside))
    clean = clean_text(title) or f"Tập huấn tại {unit.label}, ngày {held_on:%d/%m/%Y}"
    if len(clean) > TITLE_MAX:
        raise DomainError("errors.workshops.title_too_long", limit=TITLE_MAX)
    code = new_join_code()
    while session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is not None:
        code = new_join_code()
    workshop = Workshop(title=clean, unit_code=unit.code, held_on=held_on, campaign_id=campaign_id, path_ids=ids,
                        join_code=code, status="open", created_by=actor.account_id, created_at=now)
    session.add(workshop)
    session.flush()
    record_event(session, actor=_who(actor), action="workshop.created", entity="workshop", entity_id=workshop.id,
                 at=now, account_id=actor.account_id, to_state="open",
                 data={"unit_code": unit.code, "paths": ids, "campaign_id": campaign_id})
    return _workshop_row(workshop)


def close_workshop(session: Session, *, actor: Actor, workshop_id: int, now: datetime) -> WorkshopRow:
    """Open → closed: the code stops admitting anyone (progress and the roster stay)."""
    found = _managed(session, workshop_id, actor)
    if found.status != "open" or not claim(session, found, status="open"):
        raise DomainError("errors.workshops.already_closed")
    found.status = "closed"
    found.closed_at = now
    record_event(session, actor=_who(actor), action="workshop.closed", entity="workshop", entity_id=found.id,
                 at=now, account_id=actor.account_id, from_state="open", to_state="closed")
    session.flush()
    return _workshop_row(found)


def workshops_for(session: Session, actor: Actor) -> tuple[WorkshopRow, ...]:
    """The workshops the actor manages (a trainer's own; an administrator's: all), newest first."""
    _require_manager_role(actor)
    q = select(Workshop).order_by(Workshop.held_on.desc(), Workshop.id.desc())
    if not actor.is_administrator:
        q = q.where(Workshop.created_by == actor.account_id)
    return tuple(_workshop_row(w) for w in session.scalars(q))


def workshop(session: Session, workshop_id: int, actor: Actor) -> WorkshopRow:
    return _workshop_row(_managed(session, workshop_id, actor))


def open_workshop_by_code(session: Session, code: str) -> WorkshopRow:
    """The open workshop with this join code; unknown, closed or malformed codes say so."""
    clean = normalise_join_code(code)
    found = session.scalar(select(Workshop).where(Workshop.join_code == clean))
    if found is None:
        raise NotFound("errors.workshops.unknown_code", code=clean)
    if found.status != "open":
        raise DomainError("errors.workshops.closed", code=clean, title=found.title)
    return _workshop_row(found)


def _path_for(workshop: Workshop, audience: str, path_id: str | None) -> str:
    paths = _paths()
    offered = [p for p in workshop.path_ids if p in paths]
    if path_id:
        if path_id not in offered:
            raise DomainError("errors.workshops.path_not_offered", id=path_id)
        if audience not in paths[path_id].audience:
            raise DomainError("errors.workshops.path_not_for_audience")
        return path_id
    fitting = [p for p in offered if audience in paths[p].audience]
    if not fitting:
        raise DomainError("errors.workshops.path_not_for_audience")
    if len(fitting) > 1:
        raise DomainError("errors.workshops.choose_path")
    return fitting[0]


def _card(trainee: Trainee) -> TraineeCard:
    return TraineeCard(trainee.id, trainee.name, trainee.audience, trainee.unit_code, trainee.resume_code)


def join_workshop(
    session: Session, *, actor: Actor, code: str, name: str, audience: str, now: datetime,
    path_id: str | None = None, unit_code: str | None = None, pin: str | None = None,
    position: str | None = None,
) -> Joined:
    """Join an open workshop with a name (and optionally a unit and a 4-digit PIN); no e-mail, no password.

    A person imported from the roster with this name (and unit, when given) is that person; the same name,
    unit and PIN again is the same person coming back; two people with the same name are told apart by unit or
    PIN (else a clear message asks for one). The workshop row is held while the roster is compared, so two
    people joining at once with one name run in turn."""
    clean = clean_name(name)
    the_pin = clean_pin(pin)
    if audience not in AUDIENCES:
        raise DomainError("errors.workshops.bad_audience")
    unit = None
    if unit_code:
        unit = _units().find(unit_code.strip())
        if unit is None:
            raise DomainError("errors.workshops.unknown_unit", unit=unit_code)
    the_position = clean_text(position)[:POSITION_MAX] or None
    found = open_workshop_by_code(session, code)
    ws = lock_row(session, Workshop, found.id)
    if ws is None or ws.status != "open":
        raise DomainError("errors.workshops.closed", code=found.join_code, title=found.title)
    key = name_key(clean)
    same = list(session.execute(
        select(Enrolment, Trainee).join(Trainee, Trainee.id == Enrolment.trainee_id)
        .where(Enrolment.workshop_id == ws.id, Enrolment.name_key == key).order_by(Enrolment.id)))
    # 1. the person already in this browser (their trainee profile) coming back
    if actor.trainee_id is not None:
        for enrolment, trainee in same:
            if trainee.id == actor.trainee_id:
                return _came_back(session, ws, enrolment, trainee, actor, now)
    wanted_unit = unit.code if unit is not None else None

    def unit_fits(trainee: Trainee) -> bool:
        return wanted_unit is None or trainee.unit_code == wanted_unit

    def pin_fits(enrolment: Enrolment) -> bool:
        return enrolment.pin_hash is None or (the_pin is not None and
                                              enrolment.pin_hash == _pin_hash(ws.id, enrolment.trainee_id, the_pin))

    # 2. the same name, unit and PIN: the same person coming back on another device
    if the_pin is not None:
        for enrolment, trainee in same:
            if enrolment.pin_hash and unit_fits(trainee) and pin_fits(enrolment):
                return _came_back(session, ws, enrolment, trainee, actor, now)
    # 3. a roster entry not yet joined
    waiting = [(e, t) for e, t in same if e.joined_at is None and unit_fits(t) and pin_fits(e)]
    if len(waiting) > 1:
        raise DomainError("errors.workshops.same_name_roster", name=clean)
    if waiting:
        enrolment, trainee = waiting[0]
        enrolment.joined_at = now
        if the_pin and enrolment.pin_hash is None:
            enrolment.pin_hash = _pin_hash(ws.id, trainee.id, the_pin)
        record_event(session, actor=_who(actor), action="workshop.joined", entity="workshop", entity_id=ws.id,
                     at=now, trainee_id=trainee.id, data={"enrolment_id": enrolment.id, "from_roster": True})
        session.flush()
        return Joined(enrolment.id, ws.id, enrolment.path_id, _card(trainee), came_back=False)
    # 4. a new person: told apart from the others of the same name by unit or PIN
    the_unit = wanted_unit or ws.unit_code
    for enrolment, trainee in same:
        if trainee.unit_code == the_unit and the_pin is None:
            raise DomainError("errors.workshops.same_name", name=clean, unit=_unit_label(the_unit))
    chosen_path = _path_for(ws, audience, path_id)
    trainee = create_trainee(session, name=clean, audience=audience, unit_code=the_unit, now=now)
    enrolment = Enrolment(workshop_id=ws.id, trainee_id=trainee.id, path_id=chosen_path, name_key=key,
                          position=the_position, pin_hash=None, source="joined", enrolled_at=now, joined_at=now)
    session.add(enrolment)
    session.flush()
    if the_pin:
        enrolment.pin_hash = _pin_hash(ws.id, trainee.id, the_pin)
    record_event(session, actor=_who(actor), action="workshop.joined", entity="workshop", entity_id=ws.id, at=now,
                 trainee_id=trainee.id, data={"enrolment_id": enrolment.id, "path_id": chosen_path})
    session.flush()
    return Joined(enrolment.id, ws.id, chosen_path, _card(trainee), came_back=False)


def _came_back(session: Session, ws: Workshop, enrolment: Enrolment, trainee: Trainee, actor: Actor,
               now: datetime) -> Joined:
    if enrolment.joined_at is None:
        enrolment.joined_at = now
    record_event(session, actor=_who(actor), action="workshop.came_back", entity="workshop", entity_id=ws.id, at=now,
                 trainee_id=trainee.id, data={"enrolment_id": enrolment.id})
    session.flush()
    return Joined(enrolment.id, ws.id, enrolment.path_id, _card(trainee), came_back=True)


def kiosk_roster(session: Session, code: str) -> tuple[KioskEntry, ...]:
    """The names of an open workshop, for a shared PC: name, unit, position, whether a PIN protects it."""
    found = open_workshop_by_code(session, code)
    rows = session.execute(
        select(Enrolment, Trainee).join(Trainee, Trainee.id == Enrolment.trainee_id)
        .where(Enrolment.workshop_id == found.id).order_by(Enrolment.name_key, Enrolment.id))
    return tuple(KioskEntry(e.id, t.name, _unit_label(t.unit_code), e.position or "", e.pin_hash is not None)
                 for e, t in rows)


def kiosk_sign_in(session: Session, *, actor: Actor, code: str, enrolment_id: int, pin: str | None,
                  now: datetime) -> Joined:
    """A participant picks their name at a kiosk (and types their PIN when they set one)."""
    found = open_workshop_by_code(session, code)
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.workshop_id != found.id:
        raise NotFound("errors.workshops.unknown_participant")
    trainee = session.get(Trainee, enrolment.trainee_id)
    assert trainee is not None
    if enrolment.pin_hash is not None:
        the_pin = clean_pin(pin)
        if the_pin is None:
            raise DomainError("errors.workshops.pin_required")
        if enrolment.pin_hash != _pin_hash(found.id, trainee.id, the_pin):
            raise DomainError("errors.workshops.wrong_pin")
    first = enrolment.joined_at is None
    if first:
        enrolment.joined_at = now
    record_event(session, actor=_who(actor), action="workshop.kiosk_signed_in", entity="workshop",
                 entity_id=found.id, at=now, trainee_id=trainee.id, data={"enrolment_id": enrolment.id})
    session.flush()
    return Joined(enrolment.id, found.id, enrolment.path_id, _card(trainee), came_back=not first)


def reset_workshop_sandboxes(session: Session, *, actor: Actor, workshop_id: int, now: datetime) -> int:
    """Reset every practice sandbox of the workshop's participants (runs, attempts and progress are kept)."""
    from trainer.sandbox.sandboxes import reset_sandbox, sandboxes_of

    ws = _managed(session, workshop_id, actor, lock=True)
    trainee_ids = list(session.scalars(select(Enrolment.trainee_id).where(Enrolment.workshop_id == ws.id)))
    count = 0
    for trainee_id in trainee_ids:
        for sandbox in sandboxes_of(session, trainee_id):
            reset_sandbox(session, sandbox.id, now)
            count += 1
    record_event(session, actor=_who(actor), action="workshop.sandboxes_reset", entity="workshop", entity_id=ws.id,
                 at=now, account_id=actor.account_id, data={"sandboxes": count, "participants": len(trainee_ids)})
    session.flush()
    return count


# --- progress -------------------------------------------------------------------------------------------------


def _outcome(session: Session, enrolment: Enrolment,
             known: dict[tuple[int, str], PathProgress] | None = None) -> tuple[PathOutcome, PathProgress]:
    path = _paths().get(enrolment.path_id)
    if path is None:  # the path's file was removed or broken: nothing counts, nothing crashes
        empty = PathProgress(enrolment.trainee_id, enrolment.path_id, ())
        return PathOutcome(enrolment.path_id, False, (), 0, 0, 0, 0, 0), empty
    progress = (known or {}).get((enrolment.trainee_id, path.id)) or path_progress(
        session, trainee_id=enrolment.trainee_id, path=path, since=enrolment.enrolled_at)
    return evaluate(path, progress), progress


def roster(session: Session, workshop_id: int, actor: Actor) -> tuple[RosterRow, ...]:
    """Every participant of a managed workshop with their progress through their path."""
    ws = _managed(session, workshop_id, actor)
    rows = session.execute(
        select(Enrolment, Trainee).join(Trainee, Trainee.id == Enrolment.trainee_id)
        .where(Enrolment.workshop_id == ws.id).order_by(Enrolment.name_key, Enrolment.id))
    rows = list(rows)
    paths = _paths()
    many = path_progress_many(session, [(e.trainee_id, paths[e.path_id], e.enrolled_at) for e, _t in rows
                                        if e.path_id in paths])
    out = []
    for enrolment, trainee in rows:
        outcome, progress = _outcome(session, enrolment, many)
        out.append(RosterRow(enrolment.id, trainee.id, trainee.name, trainee.unit_code, _unit_label(trainee.unit_code),
                             enrolment.position or "", enrolment.phone or "", trainee.audience, enrolment.path_id,
                             enrolment.source, enrolment.enrolled_at, enrolment.joined_at, outcome, progress))
    return tuple(out)


def workshop_version(session: Session, workshop_id: int) -> int:
    """The newest event id of the workshop or of any of its participants: a live page redraws when it moves."""
    trainees = select(Enrolment.trainee_id).where(Enrolment.workshop_id == workshop_id)
    newest = session.scalar(select(func.max(Event.id)).where(or_(
        (Event.entity == "workshop") & (Event.entity_id == str(workshop_id)), Event.trainee_id.in_(trainees))))
    return int(newest or 0)


def my_enrolments(session: Session, actor: Actor) -> tuple[MyEnrolment, ...]:
    """The acting participant's own enrolments with their progress ("Lộ trình học của tôi"), newest first."""
    if actor.trainee_id is None:
        return ()
    rows = session.execute(
        select(Enrolment, Workshop).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .where(Enrolment.trainee_id == actor.trainee_id).order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc()))
    out = []
    for enrolment, ws in rows:
        outcome, progress = _outcome(session, enrolment)
        out.append(MyEnrolment(enrolment.id, ws.id, ws.title, ws.status == "open", ws.held_on, enrolment.path_id,
                               outcome, progress))
    return tuple(out)


def enrolment_progress(session: Session, enrolment_id: int, actor: Actor) -> tuple[PathOutcome, PathProgress]:
    """One enrolment's progress: for the participant themself, or the workshop's trainer / an administrator."""
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFound("errors.workshops.unknown_participant")
    if actor.trainee_id is None or actor.trainee_id != enrolment.trainee_id:
        _managed(session, enrolment.workshop_id, actor)
    return _outcome(session, enrolment)
