"""The e-form of a dossier on the sandbox's side: the communes to pick from, checking a save, what was declared.

Public API (read side, nothing here writes):
- `communes(session, sandbox_id) -> list[tuple[code, label]]`: the communes of the sandbox's province and model.
- `unit_label_for(session, sandbox_id) -> Callable[[code], str]`: "Xã …, Huyện …, Tỉnh …".
- `form_errors(session, dossier, values, now) -> {field: FieldError}`: the whole form checked as it would be saved.
- `declared_view(session, sandbox_id, dossier_id, lang="vi") -> Declaration`: what the dossier's tờ khai says,
  section by section (the desk's view and the printed tờ khai read this one function).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from trainer.eforms import EForm, FieldError, for_procedure
from trainer.eforms.display import DeclaredSection, declared
from trainer.eforms.validate import check
from trainer.sandbox.core import get_dossier
from trainer.sandbox.models import Dossier, Sandbox


@lru_cache(maxsize=8)
def _communes(model: str) -> tuple[tuple[str, str], ...]:
    from trainer.world.units import load_units

    units = load_units(model)
    return tuple((u.code, ", ".join(a.full_name for a in units.ancestors(u.code))) for u in units.communes)


def communes(session: Session, sandbox_id: int) -> list[tuple[str, str]]:
    sandbox = session.get(Sandbox, sandbox_id)
    return list(_communes(sandbox.admin_model)) if sandbox is not None else []


def unit_label_for(session: Session, sandbox_id: int) -> Callable[[str], str]:
    labels = dict(communes(session, sandbox_id))
    return lambda code: labels.get(code, code)


def form_of(dossier: Dossier) -> EForm:
    return for_procedure(dossier.procedure_code)


def form_errors(session: Session, dossier: Dossier, values: Mapping[str, Any], now: datetime) -> dict[str, FieldError]:
    codes = {code for code, _ in communes(session, dossier.sandbox_id)}
    return check(form_of(dossier), values, today=now.date(), communes=codes or None)


@dataclass(frozen=True)
class Declaration:
    dossier_id: int
    dossier_code: str | None
    procedure_code: str
    title: str
    legal_form: str
    sections: tuple[DeclaredSection, ...]
    saved: bool  # the e-form was saved (online: the declaration is attached)


def declared_view(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> Declaration:
    from trainer.sandbox.documents import EFORM, dossier_documents

    dossier = get_dossier(session, sandbox_id, dossier_id)
    form = form_of(dossier)
    legal = form.legal_form
    legal_text = " — ".join(p for p in (legal.number, legal.name.get(lang), legal.source) if p)
    saved = any(d.source == EFORM for d in dossier_documents(session, sandbox_id, dossier_id))
    return Declaration(dossier.id, dossier.code, dossier.procedure_code, form.title.get(lang), legal_text,
                       tuple(declared(form, dossier.form_data or {}, lang, unit_label_for(session, sandbox_id))),
                       saved)
