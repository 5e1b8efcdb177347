"""E-forms (tờ khai điện tử) as content: one definition per procedure in sandbox_data/eforms/*.yaml.

Public API (read side; nothing here writes):
- `for_procedure(code) -> EForm`: the procedure's e-form (the generic applicant form when it has none or its
  file is broken); `load_eforms() -> EFormCatalogue` (`.forms`, `.by_procedure`, `.problems`).
- `EForm.sections` (each `.title`, `.fields`), `EForm.fields()`, `EForm.field(name)`, `EForm.legal_form`
  (`.name`, `.number`, `.source`); `Field.name`, `.type`, `.label(lang)`, `.required`, `.conditions`,
  `.spec.help`, `.spec.copy_from` (the paper and fact the value is copied from), `.prefill`.
- `prefill(form, citizen) -> dict`: the requester's fields from the signed-in person's identity only.
- `check_form(form, values, *, today, communes=None) -> {field: FieldError}`; `normalise(form, values)`;
  `visible(form, values)`; `FieldError.text(lang)` (Vietnamese first).
- `PAPER_FACTS`: the papers of the data store a form is filled from, and the facts on each.
"""

from __future__ import annotations

from typing import Any

from trainer.eforms.loader import (
    EForm,
    EFormCatalogue,
    Field,
    SectionView,
    for_procedure,
    generic_for,
    load_eforms,
)
from trainer.eforms.papers import PAPER_FACTS
from trainer.eforms.validate import FieldError, date_text, hidden_names, normalise, parse_date, visible

__all__ = [
    "PAPER_FACTS",
    "EForm",
    "EFormCatalogue",
    "Field",
    "FieldError",
    "SectionView",
    "check_form",
    "date_text",
    "for_procedure",
    "generic_for",
    "hidden_names",
    "load_eforms",
    "normalise",
    "parse_date",
    "prefill",
    "visible",
]


def check_form(form: EForm, values: Any, *, today: Any, communes: Any = None) -> dict[str, FieldError]:
    """Every asked field's problem ({} when the whole form is valid); see trainer.eforms.validate.check."""
    from trainer.eforms.validate import check

    return check(form, values, today=today, communes=communes)


def prefill(form: EForm, citizen: Any) -> dict[str, str]:
    """The requester's fields from the identity of the signed-in person (mock national population database)."""
    out: dict[str, str] = {}
    for f in form.fields():
        if not f.prefill or f.spec.identity is None:
            continue
        attr = f.spec.identity
        if attr == "nationality":
            out[f.name] = "Việt Nam"
        elif attr == "date_of_birth":
            out[f.name] = date_text(citizen.date_of_birth)
        else:
            out[f.name] = str(getattr(citizen, attr, "") or "")
        if f.type == "address":
            out[f.name + "_unit"] = str(citizen.commune_code or "")
    return out
