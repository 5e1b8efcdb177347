"""Sandboxes: create one (fake citizens of one commune with their data store), reset it, move its clock.

Public API:
- `create_sandbox(session, *, owner_id, unit_code, model, seed, now, clock=None, label=None,
  households=DEFAULT_HOUSEHOLDS, practice_key=None) -> Sandbox`: deterministic by seed (same seed → same people
  and documents).
- `reset_sandbox(session, sandbox_id, now) -> Sandbox`: deletes every row of the sandbox and repopulates it.
- `advance_clock(session, sandbox_id, *, working_days=0, hours=0, now=None) -> datetime`: "two working days pass".
- `set_clock(session, sandbox_id, at, *, now=None) -> datetime`; `sandbox_now(session, sandbox_id) -> datetime`.
- `citizens(session, sandbox_id) -> list[Citizen]`; `sandboxes_of(session, owner_id) -> list[Sandbox]`.
- `practice_sandbox(session, *, owner_id, unit_code, model, seed, now, label=None) -> Sandbox`: the trainee's
  practice sandbox, made on first use; owner None: the shared demo sandbox. One per `practice_key(owner_id)`
  (unique in the schema), so sessions asking at once share it; scenario sandboxes never stand in for it.
- `reset_sandbox`, `advance_clock` and `set_clock` hold the sandbox row (`lock_row`): two at once run in turn.
- `OWNED_MODELS`: every table whose rows belong to one sandbox (isolation tests walk it).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.db.events import Event, record_event
from trainer.db.guards import lock_row
from trainer.db.text_guard import clean_value
from trainer.errors import DomainError, NotFound
from trainer.fake import papers
from trainer.sandbox.core import get_sandbox
from trainer.sandbox.models import (
    Bundle,
    Citizen,
    CodeCounter,
    Dossier,
    DossierDocument,
    HandOver,
    Payment,
    Rating,
    Sandbox,
    Shipment,
    SlipIssued,
    StoredDocument,
    SupplementRequest,
    Upload,
)
from trainer.settings import AdminModel
from trainer.world.calendar import add_working_days, add_working_hours

DEFAULT_HOUSEHOLDS = (
    8  # households of fake citizens per sandbox (about 25–35 people; enough for a workshop table)
)
NEWBORN_EVERY = (
    3  # the 1st, 4th, 7th... household with a mother of child-bearing age has a newborn to register
)
CCCD_FROM_AGE = 14  # years: citizens get a personal ID card from 14 (Law on Identification 2023, art. 19)
DRIVING_AGE = (
    18  # years: minimum age for a car or motorbike (A1) licence, Road Traffic Order and Safety Law 2024
)
DRIVING_LICENCE_EVERY = 3  # every third adult holds a driving licence in the data store (sandbox choice)
DEATH_EVERY = 2  # the 1st, 3rd, 5th... household with an elderly parent holds a death notice (sandbox choice)
MOVED_IN_EVERY = 3  # the 2nd, 5th, 8th... household moved in: old address and proof of the new home
OUTSIDERS_SEED = 7919  # offset of the seed of the factory making people from outside the households
MAX_ADVANCE_DAYS = 120  # working days one advance may move the clock (a guard against typos)

RESET_ENTITIES = ("dossier", "citizen", "bundle")  # events a reset forgets; sandbox.* and others (coach runs) stay
OWNED_MODELS = (
    Citizen,
    StoredDocument,
    Dossier,
    Upload,
    DossierDocument,
    SupplementRequest,
    Payment,
    Shipment,
    HandOver,
    Bundle,
    Rating,
    SlipIssued,
    CodeCounter,
)


def _years_after(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _restricted_units(unit_code: str, model: AdminModel):  # type: ignore[no-untyped-def]
    """The province, the commune's district (if any) and the commune: people then all live there."""
    from trainer.world.units import UnitSet, load_units

    units = load_units(model)
    commune = units.get(unit_code)
    if commune.level != "commune":
        raise DomainError("errors.sandbox.not_a_commune", code=unit_code)
    keep = [units.province, commune]
    district = units.district_of(unit_code)
    if district is not None:
        keep.insert(1, district)
    return UnitSet(model, tuple(keep))


@dataclass(slots=True)
class _Resident:
    """A citizen of the sandbox being made: a row of sandbox_citizens once inserted (`id` then set)."""

    full_name: str
    gender: str
    date_of_birth: date
    ethnicity: str
    national_id: str
    phone: str
    address: str
    commune_code: str
    details: dict[str, Any]
    id: int | None = None


def _store(
    sandbox_id: int, citizen: _Resident, doc_type: str, number: str, issued_on: date, **data: object
) -> dict[str, Any]:
    """A row of the data store (its citizen_id filled in once the citizens are inserted: `_insert`)."""
    from trainer.sandbox.reference import store_title

    return {
        "sandbox_id": sandbox_id, "citizen": citizen, "doc_type": doc_type,
        "title": store_title(doc_type, citizen.full_name), "number": number, "issued_on": issued_on,
        "data": dict(data),
    }


def _populate(session: Session, sandbox: Sandbox) -> None:
    """Fake households of the sandbox's commune, and the documents already held in their data store.

    Made in memory, then stored with two bulk inserts (the citizens, returning their ids in order, then their
    documents) instead of one ORM object each and a flush per household; the two fake-people factories reuse this
    thread's Fakers, reseeded (`PersonFactory(reuse=…)`), instead of building two Fakers per sandbox."""
    from trainer.fake.people import PersonFactory

    model = AdminModel(sandbox.admin_model)
    factory = PersonFactory(
        sandbox.seed,
        model,
        as_of=sandbox.start_clock.date(),
        units=_restricted_units(sandbox.unit_code, model),
        reuse="sandbox-households",
    )
    today = sandbox.start_clock.date()
    # people from outside the households (a spouse-to-be, an old home elsewhere): a factory of their own, so the
    # households stay the same for a seed
    outsiders = PersonFactory(sandbox.seed + OUTSIDERS_SEED, model, as_of=today, reuse="sandbox-outsiders")
    rng = random.Random(sandbox.seed)
    serial = 0
    eligible = 0  # households with a mother of child-bearing age; the 1st, 4th, 7th... have a newborn
    citizens: list[_Resident] = []
    documents: list[dict[str, Any]] = []
    store = documents.append
    for number in range(1, sandbox.citizen_count + 1):
        household = factory.household()
        rows: list[_Resident] = []
        for person in household.members:
            rows.append(_Resident(
                full_name=person.full_name,
                gender=person.gender,
                date_of_birth=person.date_of_birth,
                ethnicity=person.ethnicity,
                national_id=person.national_id,
                phone=person.phone or "",
                address=person.address,
                commune_code=person.commune_code,
                details={
                    "household": number,
                    "relation": person.relation,
                    "village": person.village,
                    "family_name": person.family_name,
                    "middle_name": person.middle_name,
                    "given_name": person.given_name,
                },
            ))
        citizens.extend(rows)
        for citizen in rows:
            serial += 1
            born = citizen.date_of_birth
            store(
                _store(
                    sandbox.id,
                    citizen,
                    "birth_certificate",
                    f"{serial:03d}/{born.year}",
                    born + timedelta(days=20),
                    place=sandbox.unit_code,
                )
            )
            if _age(born, today) >= CCCD_FROM_AGE:
                issued = max(_years_after(born, CCCD_FROM_AGE), today - timedelta(days=365 * 3))
                store(_store(sandbox.id, citizen, "id_card", citizen.national_id, issued))
            if _age(born, today) >= DRIVING_AGE and serial % DRIVING_LICENCE_EVERY == 0:
                number_on, issued = f"06{serial:010d}", max(_years_after(born, DRIVING_AGE),
                                                            today - timedelta(days=365 * 5))
                store(_store(sandbox.id, citizen, "driving_licence", number_on, issued,
                             **papers.driving_licence(citizen, number=number_on, issued=issued,
                                                      province_name=_province_name(model),
                                                      rng=_paper_rng(sandbox.seed, "licence", serial))))
            if citizen.details.get("relation") == "head":
                serial_on, issued = f"CS {number:05d}", today - timedelta(days=365 * 6)
                store(_store(sandbox.id, citizen, "land_certificate", serial_on, issued,
                             **papers.land_certificate(citizen, serial=serial_on, issued=issued,
                                                       rng=_paper_rng(sandbox.seed, "land", number))))
        couple = [c for c in rows if c.details.get("relation") in ("head", "spouse")]
        if len(couple) == 2:
            wedding = _years_after(max(c.date_of_birth for c in couple).replace(day=1), 20)
            for citizen in couple:
                store(
                    _store(
                        sandbox.id,
                        citizen,
                        "marriage_certificate",
                        f"{number:02d}/{wedding.year}",
                        min(wedding, today),
                        spouse=next(c.full_name for c in couple if c is not citizen),
                    )
                )
            mother = next(
                (c for c in couple if c.gender == "female" and _age(c.date_of_birth, today) <= 42), None
            )
            eligible += mother is not None
            if mother is not None and eligible % NEWBORN_EVERY == 1:
                born = today - timedelta(days=10)
                father = next((c for c in couple if c is not mother), None)
                facts = papers.birth_notice(mother, father, born=born,
                                            child_gender="female" if number % 2 else "male",
                                            commune_name=_unit_name(model, mother.commune_code),
                                            province_name=_province_name(model), rng=rng)
                store(_store(sandbox.id, mother, "birth_notice", f"CS-{number:03d}/{today.year}", born, **facts))
        _household_papers(store, sandbox, number, rows, outsiders, today, rng)
    _insert(session, sandbox.id, citizens, documents)


_CITIZEN_FIELDS = ("full_name", "gender", "date_of_birth", "ethnicity", "national_id", "phone", "address",
                   "commune_code", "details")


def _insert(session: Session, sandbox_id: int, citizens: list[_Resident], documents: list[dict[str, Any]]) -> None:
    """The citizens in one insert (their ids returned in order), then every document in one executemany. The
    text gate of every flush (`trainer.db.text_guard`) does not see a bulk insert: its `clean_value` is applied."""
    if not citizens:
        return
    rows = [{"sandbox_id": sandbox_id, **{name: clean_value(getattr(c, name)) for name in _CITIZEN_FIELDS}}
            for c in citizens]
    ids = session.scalars(insert(Citizen).returning(Citizen.id, sort_by_parameter_order=True), rows).all()
    for citizen, new_id in zip(citizens, ids, strict=True):
        citizen.id = new_id
    if documents:
        session.execute(insert(StoredDocument), [
            {**{k: clean_value(v) for k, v in doc.items() if k != "citizen"}, "citizen_id": doc["citizen"].id}
            for doc in documents
        ])


def _paper_rng(seed: int, kind: str, number: int) -> random.Random:
    """The facts of a land certificate or a driving licence: their own generator, so that adding them draws nothing
    from the households' one (the same seed keeps the same people and other papers)."""
    return random.Random(f"{seed}:{kind}:{number}")


def _unit_name(model: AdminModel, code: str) -> str:
    from trainer.world.units import load_units

    unit = load_units(model).find(code)
    return unit.full_name if unit is not None else code


def _province_name(model: AdminModel) -> str:
    from trainer.world.units import load_units

    return load_units(model).province.full_name


def _household_papers(store: Callable[[dict[str, Any]], None], sandbox: Sandbox, number: int, rows: list[_Resident],
                      outsiders: Any, today: date, rng: random.Random) -> None:
    """The papers some households hold for the other e-forms: a death notice of an elderly member, a spouse-to-be's
    ID card for an unmarried adult child, the old and new address of a household that moved in."""
    head = next((c for c in rows if c.details.get("relation") == "head"), rows[0])
    elder = next((c for c in rows if c.details.get("relation") == "parent"), None)
    if elder is not None and number % DEATH_EVERY == 1:
        died = today - timedelta(days=5)
        store(_store(sandbox.id, head, "death_notice", f"BT-{number:03d}/{today.year}", died,
                           **papers.death_notice(elder, died=died, rng=rng)))
    single = next((c for c in rows if c.details.get("relation") == "child" and _age(c.date_of_birth, today) >= 20),
                  None)
    if single is not None:
        partner = outsiders.person(gender="female" if single.gender == "male" else "male",
                                   dob=_years_after(single.date_of_birth, rng.choice((-2, -1, 0, 1))))
        store(_store(sandbox.id, single, "spouse_id_card", partner.national_id, today - timedelta(days=400),
                           **papers.spouse_id_card(partner)))
    if number % MOVED_IN_EVERY == 2:
        record, proof = papers.residence_papers(outsiders.person(), head)
        store(_store(sandbox.id, head, "residence_record", f"CT-{number:03d}", today - timedelta(days=30),
                           **record))
        store(_store(sandbox.id, head, "lawful_home_proof", f"HĐ-{number:03d}/{today.year}",
                           today - timedelta(days=45), **proof))


def create_sandbox(
    session: Session,
    *,
    owner_id: int | None,
    unit_code: str,
    model: AdminModel | str,
    seed: int,
    now: datetime,
    clock: datetime | None = None,
    label: str | None = None,
    households: int = DEFAULT_HOUSEHOLDS,
    practice_key: str | None = None,
) -> Sandbox:
    """A new sandbox for one commune, with fake households and their data store, clock at `clock` or `now`;
    `practice_key` (unique) marks the shared demo sandbox or a trainee's practice one (see practice_sandbox)."""
    model = AdminModel(model)
    if not 1 <= households <= 200:
        raise DomainError("errors.sandbox.bad_household_count", limit=200)
    start = clock or now
    sandbox = Sandbox(
        owner_id=owner_id,
        label=(label or f"Sandbox {unit_code}")[:120],
        admin_model=model.value,
        unit_code=unit_code,
        seed=seed,
        citizen_count=households,
        clock=start,
        start_clock=start,
        created_at=now,
        start_state=f"{households} households of commune {unit_code}, seed {seed}, clock {start:%Y-%m-%d %H:%M}",
        practice_key=practice_key,
    )
    session.add(sandbox)
    session.flush()  # a second practice sandbox for the same key fails here, before the households are made
    _populate(session, sandbox)
    record_event(
        session,
        actor="system",
        action="sandbox.created",
        entity="sandbox",
        entity_id=sandbox.id,
        at=now,
        sandbox_id=sandbox.id,
        trainee_id=owner_id,
        data={"unit_code": unit_code, "model": model.value, "seed": seed, "households": households},
    )
    return sandbox


def reset_sandbox(session: Session, sandbox_id: int, now: datetime) -> Sandbox:
    """Back to the start state: every row of the sandbox deleted, the same people repopulated, clock reset."""
    sandbox = _locked(session, sandbox_id)
    for model in reversed(OWNED_MODELS):
        session.execute(delete(model).where(model.sandbox_id == sandbox_id))
    session.execute(delete(Event).where(Event.sandbox_id == sandbox_id, Event.entity.in_(RESET_ENTITIES)))
    sandbox.clock = sandbox.start_clock
    session.flush()
    session.expire_all()
    sandbox = get_sandbox(session, sandbox_id)
    _populate(session, sandbox)
    record_event(
        session,
        actor="system",
        action="sandbox.reset",
        entity="sandbox",
        entity_id=sandbox.id,
        at=now,
        sandbox_id=sandbox.id,
        trainee_id=sandbox.owner_id,
    )
    return sandbox


def _locked(session: Session, sandbox_id: int) -> Sandbox:
    """The sandbox re-read and held until commit: two resets or clock moves at once run one after the other."""
    sandbox = lock_row(session, Sandbox, sandbox_id)
    if sandbox is None:
        raise NotFound("errors.sandbox.sandbox_not_found", sandbox_id=sandbox_id)
    return sandbox


def sandbox_now(session: Session, sandbox_id: int) -> datetime:
    """The sandbox's own clock (what every action in it passes as `now`)."""
    return get_sandbox(session, sandbox_id).clock


def advance_clock(
    session: Session, sandbox_id: int, *, working_days: int = 0, hours: float = 0, now: datetime | None = None
) -> datetime:
    """Move the sandbox clock forward by working days (keeping the time of day) and/or office hours."""
    if working_days < 0 or hours < 0 or working_days > MAX_ADVANCE_DAYS:
        raise DomainError("errors.sandbox.bad_advance", limit=MAX_ADVANCE_DAYS)
    sandbox = _locked(session, sandbox_id)  # from the clock as it is now, not as a concurrent mover left it
    before = sandbox.clock
    after = before
    if working_days:
        after = datetime.combine(add_working_days(after.date(), working_days), after.time())
    if hours:
        after = add_working_hours(after, hours)
    sandbox.clock = after
    record_event(
        session,
        actor="system",
        action="sandbox.clock_advanced",
        entity="sandbox",
        entity_id=sandbox.id,
        at=now or after,
        sandbox_id=sandbox.id,
        trainee_id=sandbox.owner_id,
        data={
            "from": before.isoformat(),
            "to": after.isoformat(),
            "working_days": working_days,
            "hours": hours,
        },
    )
    return after


def set_clock(session: Session, sandbox_id: int, at: datetime, *, now: datetime | None = None) -> datetime:
    """Set the sandbox clock to a moment (scenarios that start on a given day); never backwards."""
    sandbox = _locked(session, sandbox_id)
    if at < sandbox.clock:
        raise DomainError("errors.sandbox.clock_backwards")
    before = sandbox.clock
    sandbox.clock = at
    record_event(
        session,
        actor="system",
        action="sandbox.clock_set",
        entity="sandbox",
        entity_id=sandbox.id,
        at=now or at,
        sandbox_id=sandbox.id,
        trainee_id=sandbox.owner_id,
        data={"from": before.isoformat(), "to": at.isoformat()},
    )
    return at


def citizens(session: Session, sandbox_id: int) -> list[Citizen]:
    """The sandbox's fake citizens, in creation order."""
    get_sandbox(session, sandbox_id)
    return list(session.scalars(select(Citizen).where(Citizen.sandbox_id == sandbox_id).order_by(Citizen.id)))


def sandboxes_of(session: Session, owner_id: int | None) -> list[Sandbox]:
    """The sandboxes a trainee owns (owner None: the shared demo sandboxes)."""
    condition = Sandbox.owner_id.is_(None) if owner_id is None else Sandbox.owner_id == owner_id
    return list(session.scalars(select(Sandbox).where(condition).order_by(Sandbox.id)))


def practice_key(owner_id: int | None) -> str:
    """The key of a practice sandbox: "demo" for the shared one (no profile), "trainee-<id>" for a trainee's."""
    return "demo" if owner_id is None else f"trainee-{owner_id}"


def practice_sandbox(
    session: Session,
    *,
    owner_id: int | None,
    unit_code: str,
    model: AdminModel | str,
    seed: int,
    now: datetime,
    label: str | None = None,
) -> Sandbox:
    """The trainee's practice sandbox (owner None: the shared demo one); created for unit_code when there is none.

    The key is unique in the schema: of many sessions asking at once, one creates it and the others get that one.
    """
    key = practice_key(owner_id)
    found = session.scalar(select(Sandbox).where(Sandbox.practice_key == key))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            return create_sandbox(session, owner_id=owner_id, unit_code=unit_code, model=model, seed=seed, now=now,
                                  label=label, practice_key=key)
    except IntegrityError:  # another session created it first
        found = session.scalar(select(Sandbox).where(Sandbox.practice_key == key))
        if found is None:
            raise
        return found
