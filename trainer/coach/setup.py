"""Build a run's own sandbox from a scenario's setup, using only the sandbox's services.

Public API:
- `admin_model_for(scenario, preferred) -> str`; `unit_for(scenario, model) -> str`.
- `build_sandbox(session, scenario, *, owner_id, now, model=None) -> (sandbox_id, refs)`: refs is
  {"citizens": {ref: id}, "dossiers": {ref: id}}; dossiers are driven to their status by the real services.
- `populate(session, scenario, sandbox_id, *, now) -> refs`: the same setup in an existing (just reset) sandbox.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.coach.schema import CitizenSetup, DossierSetup, ScenarioFile
from trainer.errors import DomainError
from trainer.sandbox import documents as docs
from trainer.sandbox import interconnection, lifecycle, portal, post, reference
from trainer.sandbox.models import Citizen, StoredDocument
from trainer.sandbox.sandboxes import advance_clock, citizens, create_sandbox
from trainer.sandbox.transitions import CITIZEN, DESK, LEADER, POSTAL, ROLES, STEPS, Status

SETUP = {role: Actor.playing(role) for role in ROLES}  # who sets the scene: nobody in particular, by role


def admin_model_for(scenario: ScenarioFile, preferred: str | None) -> str:
    """The configured model when the scenario fits it, else the scenario's first model."""
    return preferred if preferred in scenario.admin_models else scenario.admin_models[0]


def unit_for(scenario: ScenarioFile, model: str) -> str:
    """The scenario's commune, or the first commune of the model's province."""
    if scenario.unit:
        return scenario.unit
    from trainer.world.units import load_units

    return load_units(model).communes[0].code


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _pick(session: Session, people: list[Citizen], spec: CitizenSetup, taken: set[int], today: date) -> Citizen:
    if spec.index is not None:
        if spec.index >= len(people):
            raise DomainError("errors.coach.setup_no_citizen", ref=spec.ref)
        return people[spec.index]
    for person in people:
        if person.id in taken:
            continue
        age = _age(person.date_of_birth, today)
        if spec.min_age is not None and age < spec.min_age or spec.max_age is not None and age > spec.max_age:
            continue
        if spec.gender is not None and person.gender != spec.gender:
            continue
        if spec.has_document is not None and session.scalar(select(StoredDocument.id).where(
            StoredDocument.citizen_id == person.id, StoredDocument.doc_type == spec.has_document
        )) is None:
            continue
        return person
    raise DomainError("errors.coach.setup_no_citizen", ref=spec.ref)


def _attach(session: Session, sandbox_id: int, dossier: Any, spec: DossierSetup, now: datetime,
            actor: Actor) -> None:
    wanted = reference.mandatory_ids(spec.procedure) if spec.documents == "all" else list(spec.documents)
    source = "digitised" if spec.channel == "walk_in" else "upload"
    for doc_id in wanted:
        docs.add_document(session, dossier, doc_id=doc_id, source=source, actor=actor, now=now)


def _prepare(session: Session, sandbox_id: int, spec: DossierSetup, citizen_id: int, now: datetime) -> int:
    """A dossier brought to spec.status by the same services the trainee uses."""
    if spec.channel == "walk_in":
        dossier = lifecycle.start_walk_in(session, sandbox_id, citizen_id=citizen_id, procedure_code=spec.procedure,
                                          actor=SETUP[DESK], now=now)
        _attach(session, sandbox_id, dossier, spec, now, SETUP[DESK])
    else:
        dossier = docs.create_draft(session, sandbox_id, citizen_id=citizen_id, procedure_code=spec.procedure,
                                    channel="online", actor=SETUP[CITIZEN], now=now)
        _attach(session, sandbox_id, dossier, spec, now, SETUP[CITIZEN])
        if spec.delivery != "desk":
            portal.choose_delivery(session, sandbox_id, dossier.id, delivery=spec.delivery, actor=SETUP[CITIZEN],
                                  now=now)
    if spec.form:
        portal.save_form(session, sandbox_id, dossier.id, form=dict(spec.form), now=now, strict=False,
                         actor=SETUP[DESK if spec.channel == "walk_in" else CITIZEN])
    did = dossier.id
    if spec.status == Status.DRAFT:
        if spec.pickup_requested:
            post.request_pickup(session, sandbox_id, did, actor=SETUP[CITIZEN], now=now)
        return did
    if spec.channel == "walk_in":
        if dossier.fee_amount > 0:  # the desk collects the fee at the counter before it receives
            lifecycle.collect_fee(session, sandbox_id, did, actor=SETUP[DESK], now=now)
        lifecycle.receive_walk_in(session, sandbox_id, did, actor=SETUP[DESK], now=now)
    else:
        if spec.channel == "post":
            shipment = post.request_pickup(session, sandbox_id, did, actor=SETUP[CITIZEN], now=now)
            post.pick_up(session, sandbox_id, shipment.id, checked_doc_ids=docs.attached_ids(session, dossier),
                         actor=SETUP[POSTAL], now=now)
            post.hand_over_to_desk(session, sandbox_id, shipment.id, actor=SETUP[POSTAL], now=now)
        else:
            if dossier.fee_amount > 0 and reference.online_payment(spec.procedure):
                portal.pay_online(session, sandbox_id, did, actor=SETUP[CITIZEN], now=now)
            portal.submit_online(session, sandbox_id, did, actor=SETUP[CITIZEN], now=now)
        if spec.status == Status.SUBMITTED:
            return did
        lifecycle.receive_online(session, sandbox_id, did, actor=SETUP[DESK], now=now)
    if spec.status == Status.RECEIVED:
        return did
    if reference.needs_transfer(dossier):
        interconnection.transfer_to_linked_agency(session, sandbox_id, did, actor=SETUP[DESK], now=now)
    else:
        lifecycle.forward_to_processing(session, sandbox_id, did, actor=SETUP[DESK], now=now)
    last = STEPS.index(spec.step) if spec.status == Status.IN_PROCESS else len(STEPS) - 1
    for role in STEPS[:last]:
        lifecycle.approve_step(session, sandbox_id, did, actor=SETUP[role], now=now)
    if spec.status == Status.IN_PROCESS:
        return did
    lifecycle.sign(session, sandbox_id, did, actor=SETUP[LEADER], now=now)
    if dossier.current_agency_id != dossier.receiving_agency_id:
        interconnection.send_result_to_desk(session, sandbox_id, did, actor=SETUP[LEADER], now=now)
    if spec.handed_to_post:
        post.hand_result_to_post(session, sandbox_id, did, actor=SETUP[DESK], now=now)
    if spec.status == Status.RETURNED:
        lifecycle.return_result(session, sandbox_id, did, actor=SETUP[DESK], now=now)
    return did


def build_sandbox(
    session: Session, scenario: ScenarioFile, *, owner_id: int | None, now: datetime, model: str | None = None
) -> tuple[int, dict[str, dict[str, int]]]:
    """A new sandbox in the scenario's start state; returns its id and what each setup ref names."""
    from trainer.settings import get_settings

    model = admin_model_for(scenario, model or get_settings().admin_model.value)
    setup = scenario.setup
    sandbox = create_sandbox(session, owner_id=owner_id, unit_code=unit_for(scenario, model), model=model,
                             seed=setup.seed, now=now, clock=setup.clock, households=setup.households,
                             label=f"{scenario.title.vi}"[:120])
    return sandbox.id, populate(session, scenario, sandbox.id, now=now)


def populate(session: Session, scenario: ScenarioFile, sandbox_id: int, *, now: datetime) -> dict[str, dict[str, int]]:
    """Pick the setup's citizens and prepare its dossiers in a sandbox at its start clock (also after a reset)."""
    setup = scenario.setup
    people = citizens(session, sandbox_id)
    refs: dict[str, dict[str, int]] = {"citizens": {}, "dossiers": {}}
    taken: set[int] = set()
    for spec in setup.citizens:
        person = _pick(session, people, spec, taken, setup.clock.date())
        taken.add(person.id)
        for name in ("full_name", "phone", "address"):
            if getattr(spec, name) is not None:
                setattr(person, name, getattr(spec, name))
        refs["citizens"][spec.ref] = person.id
    for spec in setup.dossiers:
        refs["dossiers"][spec.ref] = _prepare(session, sandbox_id, spec, refs["citizens"][spec.citizen], setup.clock)
    if setup.advance_clock is not None:
        advance_clock(session, sandbox_id, working_days=setup.advance_clock.working_days,
                      hours=setup.advance_clock.hours, now=now)
    session.flush()
    return refs
