"""A correctly filled e-form for tests, scenario solutions and the benchmark: what a careful citizen would type.

`fill(form, *, requester, today, commune, papers=None, seed=0, start=None) -> dict[str, str]`: the requester's fields from
their identity, every field with `copy_from` from the paper's facts (`papers[document][fact]`), the rest with
plausible valid values, keeping what `start` already holds (ID numbers that match the person's birth date and gender, a real carrier prefix).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from trainer.eforms.loader import EForm, Field
from trainer.eforms.validate import date_text, parse_date, visible
from trainer.fake.identity import make_cccd

PROVINCE = "006"  # Bắc Kạn: the CCCD code used for made-up people of the example


def fill(form: EForm, *, requester: Any, today: date, commune: str, papers: Mapping[str, Mapping[str, Any]] | None = None,
         seed: int = 0, start: Mapping[str, Any] | None = None) -> dict[str, str]:
    from trainer.eforms import prefill

    rng = random.Random(seed)
    papers = papers or {}
    values: dict[str, str] = {**prefill(form, requester), **{k: str(v) for k, v in (start or {}).items() if v}}
    for _round in range(3):  # conditions: a choice made in one round can ask more fields in the next
        for f in visible(form, values):
            if values.get(f.name):
                continue
            values.update(_value(form, f, values, papers, today, commune, rng))
    return {k: v for k, v in values.items() if k in _kept(form, values)}


def _kept(form: EForm, values: Mapping[str, str]) -> set[str]:
    names = set()
    for f in visible(form, values):
        names.add(f.name)
        if f.type == "address":
            names.add(f.name + "_unit")
    return names


def _value(form: EForm, f: Field, values: dict[str, str], papers: Mapping[str, Mapping[str, Any]], today: date,
           commune: str, rng: random.Random) -> dict[str, str]:
    copy = f.spec.copy_from
    if copy is not None and copy.fact in papers.get(copy.document, {}):
        value = str(papers[copy.document][copy.fact])
        out = {f.name: value}
        if f.type == "address":
            out[f.name + "_unit"] = str(papers[copy.document].get(copy.fact + "_unit", commune))
        return out
    spec = f.spec
    if spec.default:
        return {f.name: spec.default}
    if f.type == "choice":
        options = spec.options()
        preferred = [o for o in ("mother", "no", "permanent", "never_married", "1") if o in options]
        return {f.name: preferred[0] if preferred else options[0]}
    if f.type == "date":
        years = 30 if f.name.endswith("date_of_birth") else 1
        if "adult" in spec.rules:
            years = 25
        day = today - timedelta(days=365 * years + rng.randrange(200))
        other = parse_date(values.get(spec.not_before or ""))
        if other is not None and day < other:
            day = today - timedelta(days=3)
        return {f.name: date_text(day)}
    if f.type == "number":
        low = spec.min if spec.min is not None else 1
        return {f.name: str(int(max(low, 1)))}
    if f.type == "id_number":
        base = f.name.removesuffix("national_id")
        born = parse_date(values.get(base + "date_of_birth")) or date(1990, 1, 1)
        gender = f.gender or values.get(base + "gender") or "male"
        if gender not in ("male", "female"):
            gender = "male"
        return {f.name: make_cccd(PROVINCE, born, gender, rng)}
    if f.type == "phone":
        return {f.name: "09" + "".join(str(rng.randrange(10)) for _ in range(8))}
    if f.type == "address":
        return {f.name: "Thôn Nà Phai", f.name + "_unit": commune}
    name = f.label("vi")
    return {f.name: f"{name} (ví dụ)"[: spec.max_length]}
