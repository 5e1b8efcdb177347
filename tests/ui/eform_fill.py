"""Fill a dossier's e-form in an AppTest page by widget keys, as a careful citizen copies it from the papers."""

from __future__ import annotations

from sqlalchemy import select

from trainer.db.engine import get_session_factory
from trainer.eforms import for_procedure
from trainer.eforms.example import fill
from trainer.sandbox.models import Citizen, Dossier, StoredDocument
from trainer.sandbox.sandboxes import sandbox_now


def correct_values(url: str, dossier_id: int | None = None, **change: str) -> dict[str, str]:
    """The correct e-form of the dossier (the newest draft when not given), with changes."""
    with get_session_factory(url)() as session:
        query = select(Dossier).where(Dossier.id == dossier_id) if dossier_id else \
            select(Dossier).where(Dossier.status == 0).order_by(Dossier.id.desc())
        dossier = session.scalars(query).first()
        citizen = session.get(Citizen, dossier.citizen_id)
        papers = {d.doc_type: dict(d.data or {}) for d in session.scalars(
            select(StoredDocument).where(StoredDocument.citizen_id == citizen.id).order_by(StoredDocument.id))}
        today = sandbox_now(session, dossier.sandbox_id).date()
        values = fill(for_procedure(dossier.procedure_code), requester=citizen, today=today,
                      commune=citizen.commune_code, papers=papers, start=dossier.form_data)
    return {**values, **change}


def fill_eform(at, url: str, prefix: str = "portal", dossier_id: int | None = None, **change: str) -> dict[str, str]:
    """Set every shown field of the e-form (three passes, so fields a choice reveals are filled too)."""
    values = correct_values(url, dossier_id, **change)
    for _ in range(3):
        for name, value in values.items():
            key = f"{prefix}_f_{name}"
            boxes = [w for w in at.selectbox if w.key == key]
            if boxes:
                if boxes[0].value != value:
                    boxes[0].set_value(value or None)
                continue
            inputs = [w for w in at.text_input if w.key == key]
            if inputs and inputs[0].value != value:
                inputs[0].input(value)
        at.run()
    return values
