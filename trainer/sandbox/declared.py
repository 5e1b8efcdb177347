"""The e-form of a dossier on the sandbox's side: the communes to pick from, checking a save, what was declared.

Public API (read side, nothing here writes):
- `communes(session, sandbox_id) -> list[tuple[code, label]]`: the communes of the sandbox's province and model.
- `unit_label_for(session, sandbox_id) -> Callable[[code], str]`: "Xã …, Huyện …, Tỉnh …".
- `form_errors(session, dossier, values, now) -> {field: FieldError}`: the whole form checked as it would be saved;
  while a supplement request pointing at wrong fields is open, a pointed field still holding the value the desk
  pointed at is an error too (`not_corrected`).
- `pointed_at(session, dossier) -> {name: value}`: the fields the open supplement request points at, as they were.
- `not_corrected(form, values, pointed) -> {field: FieldError}`: the pointed fields whose value did not change.
- `corrections(session, dossier, lang="vi") -> list[Correction]`: once the supplement is back, each field the last
  request pointed at, as it was and as it is now (the desk checks the correction against the paper).
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
    form = form_of(dossier)
    errors = check(form, values, today=now.date(), communes=codes or None)
    for name, error in not_corrected(form, values, pointed_at(session, dossier)).items():
        errors.setdefault(name, error)
    return errors


def _last_pointed(session: Session, dossier: Dossier) -> dict[str, str]:
    from sqlalchemy import select

    from trainer.db.events import Event
    from trainer.sandbox.core import entity_id

    data = session.scalar(select(Event.data).where(
        Event.sandbox_id == dossier.sandbox_id, Event.entity == "dossier", Event.entity_id == entity_id(dossier),
        Event.action == "dossier.supplement_requested").order_by(Event.id.desc()).limit(1))
    pointed = (data or {}).get("wrong_values") or {}
    return {str(k): str(v) for k, v in pointed.items()} if isinstance(pointed, dict) else {}


@dataclass(frozen=True)
class Correction:
    name: str
    label: str
    before: str
    now: str


def corrections(session: Session, dossier: Dossier, lang: str = "vi") -> list[Correction]:
    """After the supplement came back: each field the last request pointed at, before and now (display texts)."""
    from trainer.eforms.display import value_text
    from trainer.sandbox.transitions import Status

    if dossier.status == Status.SUPPLEMENT:
        return []
    pointed = _last_pointed(session, dossier)
    if not pointed:
        return []
    form, values = form_of(dossier), dossier.form_data or {}
    label = unit_label_for(session, dossier.sandbox_id)
    before = {**values, **pointed}
    out = []
    for name in pointed:
        f = form.field(name)
        if f is not None:
            out.append(Correction(name, f.label(lang), value_text(f, before, lang, label),
                                  value_text(f, values, lang, label)))
    return out


def pointed_at(session: Session, dossier: Dossier) -> dict[str, str]:
    """The fields (an address with its `_unit`) the open supplement request points at, with the values they held
    when the desk asked (the request's event keeps them); {} when the dossier is not waiting for a supplement."""
    from trainer.sandbox.transitions import Status

    return _last_pointed(session, dossier) if dossier.status == Status.SUPPLEMENT else {}


def _same(a: object, b: object) -> bool:
    """Compared as a reader would: spaces, case, accents' encoding, and 1/3/2026 = 01/03/2026 are the same."""
    import unicodedata

    from trainer.eforms import parse_date

    def norm(value: object) -> str:
        text = unicodedata.normalize("NFC", " ".join(str(value or "").split())).casefold()
        day = parse_date(text)
        return day.isoformat() if day is not None else text

    return norm(a) == norm(b)


def not_corrected(form: EForm, values: Mapping[str, Any], pointed: Mapping[str, str]) -> dict[str, FieldError]:
    """Each pointed field that is still asked and still says what the desk pointed at (and, for an address, the same
    commune): the message stands next to it, the save and the supplement wait for the correction."""
    from trainer.eforms.validate import asked

    errors: dict[str, FieldError] = {}
    for name, before in pointed.items():
        f = form.field(name)
        if f is None or not asked(f, values):
            continue  # a `_unit` key, or a field the correction made unnecessary (its condition changed)
        keys = [name, name + "_unit"] if f.type == "address" else [name]
        if all(_same(values.get(k), pointed.get(k, "")) for k in keys):
            errors[name] = FieldError("not_corrected", {"value": before or "—"})
    return errors


@dataclass(frozen=True)
class Declaration:
    dossier_id: int
    dossier_code: str | None
    procedure_code: str
    title: str
    legal_form: str
    sections: tuple[DeclaredSection, ...]
    saved: bool  # the e-form was saved (online: the declaration is attached)
    corrections: tuple[Correction, ...] = ()  # back from a supplement that pointed at fields: before and now


def declared_view(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> Declaration:
    from trainer.sandbox.documents import EFORM, dossier_documents

    dossier = get_dossier(session, sandbox_id, dossier_id)
    form = form_of(dossier)
    legal = form.legal_form
    legal_text = " — ".join(p for p in (legal.number, legal.name.get(lang), legal.source) if p)
    saved = any(d.source == EFORM for d in dossier_documents(session, sandbox_id, dossier_id))
    return Declaration(dossier.id, dossier.code, dossier.procedure_code, form.title.get(lang), legal_text,
                       tuple(declared(form, dossier.form_data or {}, lang, unit_label_for(session, sandbox_id))),
                       saved, tuple(corrections(session, dossier, lang)))
