"""Checking a filled e-form as a whole: which fields are asked, and each field's error (an i18n key + params).

- `visible(form, values) -> list[Field]`: the fields asked given the values (conditions met).
- `check(form, values, *, today, communes=None) -> dict[str, FieldError]`: every field's problem; {} when valid.
- `normalise(form, values) -> dict[str, str]`: trimmed text, dates as dd/mm/yyyy, hidden fields dropped.
- `parse_date(text) -> date | None`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from trainer.eforms.loader import EForm, Field
from trainer.fake.identity import validate_cccd, validate_phone

DATE_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
ADULT_YEARS = 18


@dataclass(frozen=True)
class FieldError:
    key: str  # an i18n key under eforms.error.
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        from trainer.i18n import t

        return t(f"eforms.error.{self.key}", lang, **self.params)


def parse_date(text: Any) -> date | None:
    match = DATE_RE.match(str(text or ""))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def asked(f: Field, values: Mapping[str, Any]) -> bool:
    return all(_text(values, c.field) in c.equals for c in f.conditions)


def visible(form: EForm, values: Mapping[str, Any]) -> list[Field]:
    return [f for f in form.fields() if asked(f, values)]


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _gender_of(form: EForm, f: Field, values: Mapping[str, Any]) -> str | None:
    if f.gender:
        return f.gender
    prefix = f.name.removesuffix("national_id")
    gender = _text(values, prefix + "gender")
    return gender if gender in ("male", "female") else None


def _check_one(form: EForm, f: Field, values: Mapping[str, Any], today: date,
               communes: Collection[str] | None) -> FieldError | None:
    value, spec = _text(values, f.name), f.spec
    if not value:
        return FieldError("required", {"field": spec.label.vi}) if f.required else None
    if len(value) > spec.max_length:
        return FieldError("too_long", {"limit": spec.max_length})
    if spec.type == "date":
        day = parse_date(value)
        if day is None:
            return FieldError("date_format")
        if "not_future" in spec.rules and day > today:
            return FieldError("future", {"today": date_text(today)})
        if "adult" in spec.rules and _years_between(day, today) < ADULT_YEARS:
            return FieldError("not_adult", {"years": ADULT_YEARS})
        if spec.not_before:
            other = parse_date(values.get(spec.not_before))
            target = form.field(spec.not_before)
            if other is not None and day < other and target is not None:
                return FieldError("before_field", {"other": target.spec.label.vi, "date": date_text(other)})
    elif spec.type == "choice":
        if value not in spec.options():
            return FieldError("choice")
    elif spec.type == "number":
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return FieldError("number")
        if spec.min is not None and number < spec.min:
            return FieldError("number_min", {"min": _num(spec.min)})
        if spec.max is not None and number > spec.max:
            return FieldError("number_max", {"max": _num(spec.max)})
    elif spec.type == "id_number":
        return _check_id(form, f, value, values)
    elif spec.type == "phone":
        problems = validate_phone(value)
        if problems:
            return FieldError(f"phone_{problems[0]}")
    elif spec.type == "address":
        unit = _text(values, f.name + "_unit")
        if communes is not None and unit not in communes:
            return FieldError("unit")
    return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _check_id(form: EForm, f: Field, value: str, values: Mapping[str, Any]) -> FieldError | None:
    if not (len(value) == 12 and value.isascii() and value.isdigit()):
        return FieldError("id_length")
    base = f.name.removesuffix("national_id")
    born = parse_date(values.get(base + "date_of_birth")) if form.field(base + "date_of_birth") else None
    gender = _gender_of(form, f, values)
    problems = validate_cccd(value, born or date(1900 + int(value[4:6]) + 100 * (int(value[3]) // 2), 1, 1),
                             gender or ("female" if int(value[3]) % 2 else "male"))
    if "province" in problems:
        return FieldError("id_province", {"code": value[:3]})
    if born is not None and gender is not None and problems:
        return FieldError("id_mismatch")
    return None


def check(form: EForm, values: Mapping[str, Any], *, today: date,
          communes: Collection[str] | None = None) -> dict[str, FieldError]:
    """Every asked field's problem; {} when the whole form is valid."""
    errors: dict[str, FieldError] = {}
    for f in visible(form, values):
        problem = _check_one(form, f, values, today, communes)
        if problem is not None:
            errors[f.name] = problem
    return errors


def normalise(form: EForm, values: Mapping[str, Any]) -> dict[str, str]:
    """The values to keep: the asked fields (address with its unit), trimmed, dates written dd/mm/yyyy."""
    out: dict[str, str] = {}
    for f in visible(form, values):
        value = _text(values, f.name)
        if f.type == "date" and parse_date(value) is not None:
            value = date_text(parse_date(value))  # type: ignore[arg-type]
        out[f.name] = value
        if f.type == "address":
            out[f.name + "_unit"] = _text(values, f.name + "_unit")
    return out


def hidden_names(form: EForm, values: Mapping[str, Any]) -> list[str]:
    shown = {f.name for f in visible(form, values)}
    names = []
    for f in form.fields():
        if f.name not in shown:
            names.append(f.name)
            if f.type == "address":
                names.append(f.name + "_unit")
    return names
