"""What was declared, in words: the rows the desk sees and the printed tờ khai shows (one source for both).

- `value_text(field, values, lang, unit_label) -> str`: a choice by its label, an address with its commune.
- `declared(form, values, lang, unit_label) -> list[DeclaredSection]`: the asked fields, section by section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trainer.eforms.loader import EForm, Field
from trainer.eforms.validate import visible

UnitLabel = Callable[[str], str]


@dataclass(frozen=True)
class DeclaredRow:
    name: str
    label: str
    text: str


@dataclass(frozen=True)
class DeclaredSection:
    id: str
    title: str
    rows: tuple[DeclaredRow, ...]


def choice_label(f: Field, value: str, lang: str) -> str:
    from trainer.i18n import t

    for option in f.spec.choices or ():
        if option.value == value:
            return option.label.get(lang)
    if f.spec.choices_from and value in f.spec.options():
        return t(f"eforms.choice.{f.spec.choices_from}.{value}", lang)
    return value


def value_text(f: Field, values: Mapping[str, Any], lang: str = "vi", unit_label: UnitLabel | None = None) -> str:
    value = str(values.get(f.name) or "").strip()
    if f.type == "choice":
        return choice_label(f, value, lang) if value else ""
    if f.type == "address":
        unit = str(values.get(f.name + "_unit") or "").strip()
        place = unit_label(unit) if unit and unit_label else unit
        if place and place in value:
            return value
        return ", ".join(p for p in (value, place) if p)
    return value


def declared(form: EForm, values: Mapping[str, Any], lang: str = "vi",
             unit_label: UnitLabel | None = None) -> list[DeclaredSection]:
    shown = {f.name for f in visible(form, values)}
    out = []
    for section in form.sections:
        rows = tuple(DeclaredRow(f.name, f.label(lang), value_text(f, values, lang, unit_label))
                     for f in section.fields if f.name in shown)
        if rows:
            out.append(DeclaredSection(section.id, section.title.get(lang), rows))
    return out
