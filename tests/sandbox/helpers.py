"""Shared helpers of the sandbox tests: a sandbox in a real commune, documents, and dossiers in a given status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.sandbox import documents, lifecycle, portal
from trainer.sandbox.models import Dossier, StoredDocument
from trainer.sandbox.sandboxes import citizens, create_sandbox
from trainer.settings import AdminModel
from trainer.world.units import load_units

NOW = datetime(2026, 3, 2, 9, 0)  # Monday 2 March 2026, 09:00: a working day, before the 15:00 cut-off
PDF = b"%PDF-1.4\n% practice scan\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
THREE = AdminModel.THREE_LEVEL_2019
TWO = AdminModel.TWO_LEVEL_2025
BIRTH = "1.001193"  # birth registration: commune, same day, level 4, BCCI allowed
RESIDENCE = "1.004222"  # permanent residence: commune police, 7 days, 20,000 ₫ (10,000 ₫ online), level 4
MARRIAGE = "1.000894"  # marriage: level 3, no BCCI
MARITAL = "1.004873"  # marital status certificate: 3 days, fee 5,000 ₫, level 4
LAND_CHANGE = "SB.0010"  # decided by the district land branch (three-level), received at the commune desk


def commune_code(model: AdminModel = THREE) -> str:
    """A real commune of the model's province (the first one, in code order)."""
    return min(u.code for u in load_units(model).communes)


def new_sandbox(session: Session, *, seed: int = 11, model: AdminModel = THREE, households: int = 4,
                clock: datetime = NOW) -> int:
    sandbox = create_sandbox(session, owner_id=None, unit_code=commune_code(model), model=model, seed=seed,
                             now=clock, clock=clock, households=households)
    return sandbox.id


def first_citizen(session: Session, sandbox_id: int) -> int:
    return citizens(session, sandbox_id)[0].id


def stored(session: Session, sandbox_id: int, doc_type: str) -> StoredDocument | None:
    return session.scalar(select(StoredDocument).where(
        StoredDocument.sandbox_id == sandbox_id, StoredDocument.doc_type == doc_type
    ).order_by(StoredDocument.id))


def upload_all(session: Session, sandbox_id: int, dossier: Dossier, doc_ids: list[str], *, role: str = "citizen",
               now: datetime = NOW) -> None:
    for doc_id in doc_ids:
        documents.upload_document(session, sandbox_id, dossier.id, doc_id=doc_id, filename=f"{doc_id}.pdf",
                                  content=PDF, actor=Actor.playing(role), now=now)


def online_dossier(session: Session, sandbox_id: int, code: str = MARITAL, *, complete: bool = True,
                   now: datetime = NOW, citizen_id: int | None = None) -> Dossier:
    """A submitted online dossier (status 1); complete = every mandatory document uploaded, fee paid."""
    from trainer.sandbox import reference

    citizen = citizen_id or first_citizen(session, sandbox_id)
    dossier = portal.start_online_dossier(session, sandbox_id, citizen_id=citizen, procedure_code=code,
                                          actor=Actor.playing("citizen"), now=now)
    ids = reference.mandatory_ids(code)
    upload_all(session, sandbox_id, dossier, ids if complete else ids[:1], now=now)
    if dossier.fee_amount > 0 and reference.online_payment(code):
        portal.pay_online(session, sandbox_id, dossier.id, actor=Actor.playing("citizen"), now=now)
    return portal.submit_online(session, sandbox_id, dossier.id, actor=Actor.playing("citizen"), now=now)


def received_dossier(session: Session, sandbox_id: int, code: str = MARITAL, *, now: datetime = NOW) -> Dossier:
    dossier = online_dossier(session, sandbox_id, code, now=now)
    return lifecycle.receive_online(session, sandbox_id, dossier.id, actor=Actor.playing("desk_officer"), now=now)


def in_process(session: Session, sandbox_id: int, code: str = MARITAL, *, now: datetime = NOW) -> Dossier:
    dossier = received_dossier(session, sandbox_id, code, now=now)
    return lifecycle.forward_to_processing(session, sandbox_id, dossier.id,
                                           actor=Actor.playing("desk_officer"), now=now)


def signed(session: Session, sandbox_id: int, code: str = MARITAL, *, now: datetime = NOW) -> Dossier:
    dossier = in_process(session, sandbox_id, code, now=now)
    for role in ("specialist", "office_head"):
        lifecycle.approve_step(session, sandbox_id, dossier.id, actor=Actor.playing(role), now=now)
    return lifecycle.sign(session, sandbox_id, dossier.id, actor=Actor.playing("leader"), now=now)


def papers_of(session: Session, sandbox_id: int, citizen_id: int) -> dict[str, dict]:
    """The facts of the citizen's papers in the data store, by document type (the newest of each)."""
    rows = session.scalars(select(StoredDocument).where(StoredDocument.sandbox_id == sandbox_id,
                                                        StoredDocument.citizen_id == citizen_id)
                           .order_by(StoredDocument.id))
    return {row.doc_type: dict(row.data or {}) for row in rows}


def valid_form(session: Session, dossier: Dossier, **change: str) -> dict[str, str]:
    """The dossier's e-form filled correctly (requester from the identity, the rest from the citizen's papers)."""
    from trainer.eforms import for_procedure
    from trainer.eforms.example import fill
    from trainer.sandbox.core import get_citizen

    citizen = get_citizen(session, dossier.sandbox_id, dossier.citizen_id)
    values = fill(for_procedure(dossier.procedure_code), requester=citizen, today=NOW.date(),
                  commune=citizen.commune_code, papers=papers_of(session, dossier.sandbox_id, citizen.id))
    return {**values, **change}
