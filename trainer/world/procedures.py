"""The procedure catalogue (sandbox_data/procedures.yaml): pydantic models, loading, search and fees.

Public API:
- Models: `Procedure` (code, name, field, agency per model, documents, time, fee, online, bcci_allowed, result),
  `AgencyRule` (level, agency kind, receive_at), `DocumentRequirement`, `ProcessingTime`, `FeeRule`,
  `OnlineService`, `Bundle` (interconnected procedures), `LocalText` ({vi, en}; `.get(lang)`).
- `Procedure.rule(model) -> AgencyRule`, `.level(model)`, `.mandatory_documents()`, `.is_interconnected(model)`.
- `load_catalogue(path=None, settings=None) -> Catalogue` (cached per file): `.get(code)` (NotFound if unknown),
  `.find(code)`, `.all()`, `.search(query, lang="vi")` (ignores case and diacritics, đ → d), `.bundles`,
  `.bundle(id)`, `.bundles_with(code)`, `.document_types`.
- `compute_fee(procedure, *, pages=None, online=False, on_time=True) -> int`: the fee in VND.
- `fold(text) -> str`: lower case without diacritics (đ → d), used by search.
- `read_catalogue(path, display=None) -> tuple[Catalogue | None, list[Problem]]`: load with every problem located.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from trainer.content.problems import ContentError, LoadedYaml, Problem, load_yaml, problems_from_validation
from trainer.errors import DomainError, NotFound
from trainer.settings import AdminModel, Settings, get_settings

Level = Literal["commune", "district", "province"]
FIELDS = (
    "civil_status", "certification", "residence", "business", "construction", "land", "judicial_records",
    "road_transport", "social_insurance", "social_protection", "labour", "enterprise",
)
CODE_PATTERN = r"^(\d\.\d{6}|SB\.\d{4})$"  # national code (1.001193) or a sandbox-only code (SB.0001)
CERTIFIED_COPY_DEFAULTS = {"first_pages": 2, "first_page_rate": 2000, "later_page_rate": 1000, "cap": 200_000}  # Circular 226/2016/TT-BTC


class Strict(BaseModel):
    """Unknown fields are errors (a misspelt key must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """A text in Vietnamese and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class DocumentType(Strict):
    """A kind of paper a dossier can hold (sandbox_data/document_types.yaml)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: LocalText
    declaration: bool = Field(
        default=False,
        description="the procedure's own tờ khai / application form: online, the filled e-form is this document",
    )


class DocumentRequirement(Strict):
    """One entry of a procedure's document list (thành phần hồ sơ)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="a document type id")
    name: LocalText | None = Field(default=None, description="filled from the document type when absent")
    form: Literal["original", "copy"]
    need: Literal["mandatory", "conditional"] = "mandatory"
    condition: LocalText | None = None
    quantity: int = Field(default=1, ge=1, le=10)

    @model_validator(mode="after")
    def _condition_when_conditional(self) -> DocumentRequirement:
        if self.need == "conditional" and self.condition is None:
            raise ValueError("a conditional document needs a `condition` text {vi, en}")
        if self.need == "mandatory" and self.condition is not None:
            raise ValueError("a mandatory document has no `condition` (use need: conditional)")
        return self


class ProcessingTime(Strict):
    """Statutory time: working days (0 = the same day) or working hours, plus days when verification is needed."""

    working_days: int | None = Field(default=None, ge=0, le=90)
    working_hours: int | None = Field(default=None, ge=1, le=48)
    extra_days_if_verified: int = Field(default=0, ge=0, le=30)
    note: LocalText | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> ProcessingTime:
        if (self.working_days is None) == (self.working_hours is None):
            raise ValueError("give exactly one of working_days or working_hours")
        return self


class FeeRule(Strict):
    """How the fee (lệ phí) is computed; amounts in VND."""

    kind: Literal["free", "fixed", "free_if_on_time", "per_page_with_cap", "online_discount"]
    amount: int | None = Field(default=None, ge=0, description="fixed / desk amount")
    online_amount: int | None = Field(default=None, ge=0, description="amount when submitted online")
    late_amount: int | None = Field(default=None, ge=0, description="free_if_on_time: amount when registered late")
    first_pages: int | None = Field(default=None, ge=1)
    first_page_rate: int | None = Field(default=None, ge=0)
    later_page_rate: int | None = Field(default=None, ge=0)
    cap: int | None = Field(default=None, ge=0)
    set_by: Literal["national", "province"] = "national"
    note: LocalText | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> FeeRule:
        needed = {
            "free": set(),
            "fixed": {"amount"},
            "free_if_on_time": {"late_amount"},
            "per_page_with_cap": {"first_pages", "first_page_rate", "later_page_rate", "cap"},
            "online_discount": {"amount", "online_amount"},
        }[self.kind]
        allowed = needed | {"set_by", "note", "kind"}
        given = {name for name in type(self).model_fields if getattr(self, name) is not None} - {"set_by", "kind"}
        missing = sorted(needed - given)
        extra = sorted(given - allowed)
        if missing:
            raise ValueError(f"fee kind {self.kind!r} needs {', '.join(missing)}")
        if extra:
            raise ValueError(f"fee kind {self.kind!r} does not use {', '.join(extra)}")
        if self.kind == "online_discount" and self.online_amount > self.amount:  # type: ignore[operator]
            raise ValueError("online_amount must not exceed amount")
        if self.kind == "per_page_with_cap" and self.later_page_rate > self.first_page_rate:  # type: ignore[operator]
            raise ValueError("later_page_rate must not exceed first_page_rate")
        return self


class OnlineService(Strict):
    """Online level: the 2011–2022 scale (2, 3, 4; Decree 43/2011) and the current one (Decree 42/2022)."""

    legacy_level: Literal[2, 3, 4]
    mode: Literal["full", "partial", "none"]

    @model_validator(mode="after")
    def _coherent(self) -> OnlineService:
        expected = {4: "full", 3: "partial", 2: "none"}[self.legacy_level]
        if self.mode != expected:
            raise ValueError(f"legacy level {self.legacy_level} corresponds to mode {expected!r}")
        return self


class AgencyRule(Strict):
    """Who decides in one administrative model, and at which level the one-stop desk receives it."""

    level: Level
    agency: str = Field(pattern=r"^[a-z_]+$")
    receive_at: Level | None = Field(default=None, description="a lower level whose desk receives and forwards it")

    @property
    def receive_level(self) -> str:
        return self.receive_at or self.level

    @property
    def forwarded(self) -> bool:
        return self.receive_level != self.level


class Result(Strict):
    """What the citizen receives."""

    type: Literal["certificate", "extract", "certified_copy", "confirmation", "permit", "card", "registration",
                  "record", "decision", "licence"]
    name: LocalText


class Procedure(Strict):
    """One administrative procedure as the sandbox offers it."""

    code: str = Field(pattern=CODE_PATTERN)
    name: LocalText
    field: str
    agency: dict[AdminModel, AgencyRule]
    documents: list[DocumentRequirement] = Field(min_length=1)
    time: ProcessingTime
    fee: FeeRule
    online: OnlineService
    bcci_allowed: bool
    result: Result

    def rule(self, model: AdminModel | str) -> AgencyRule:
        return self.agency[AdminModel(model)]

    def level(self, model: AdminModel | str) -> str:
        return self.rule(model).level

    def mandatory_documents(self) -> list[DocumentRequirement]:
        return [d for d in self.documents if d.need == "mandatory"]

    def is_interconnected(self, model: AdminModel | str) -> bool:
        """Received at one level and decided at another (liên thông between levels)."""
        return self.rule(model).forwarded


class BundleTime(Strict):
    working_days: int = Field(ge=0, le=60)
    extra_days_if_verified: int = Field(default=0, ge=0, le=30)


class Bundle(Strict):
    """Interconnected procedures filed as one dossier (liên thông)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: LocalText
    parts: list[str] = Field(min_length=2)
    time: BundleTime
    condition: LocalText | None = None


class CatalogueFile(Strict):
    """The whole procedures.yaml file."""

    version: Literal[1]
    document_types: list[DocumentType]
    procedures: list[Procedure] = Field(min_length=1)
    bundles: list[Bundle] = Field(default_factory=list)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, single spaces: 'Đăng Ký  khai sinh' → 'dang ky khai sinh'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


class Catalogue:
    """The loaded catalogue: procedures by code, bundles and document types."""

    def __init__(self, data: CatalogueFile) -> None:
        self.document_types = {d.id: d for d in data.document_types}
        self._procedures = {p.code: _with_names(p, self.document_types) for p in data.procedures}
        self.bundles = list(data.bundles)
        self._folded = {
            code: (fold(p.code + " " + p.name.vi), fold(p.code + " " + p.name.en)) for code, p in self._procedures.items()
        }

    def all(self) -> list[Procedure]:
        return list(self._procedures.values())

    def find(self, code: str) -> Procedure | None:
        return self._procedures.get(code)

    def get(self, code: str) -> Procedure:
        """The procedure with this code, or NotFound."""
        found = self.find(code)
        if found is None:
            raise NotFound("errors.world.unknown_procedure", code=code)
        return found

    def search(self, query: str, lang: str = "vi") -> list[Procedure]:
        """Procedures whose code or name contains every word of the query (case and diacritics ignored)."""
        words = fold(query).split()
        index = 1 if lang == "en" else 0
        hits = []
        for code, procedure in self._procedures.items():
            haystack = self._folded[code][index]
            if all(word in haystack for word in words):
                hits.append(procedure)
        phrase = " ".join(words)
        return sorted(hits, key=lambda p: (phrase not in self._folded[p.code][index], p.code))

    def bundle(self, bundle_id: str) -> Bundle:
        found = next((b for b in self.bundles if b.id == bundle_id), None)
        if found is None:
            raise NotFound("errors.world.unknown_bundle", id=bundle_id)
        return found

    def bundles_with(self, code: str) -> list[Bundle]:
        return [b for b in self.bundles if code in b.parts]


def _with_names(procedure: Procedure, types: dict[str, DocumentType]) -> Procedure:
    docs = [
        d if d.name is not None or d.id not in types else d.model_copy(update={"name": types[d.id].name})
        for d in procedure.documents
    ]
    return procedure.model_copy(update={"documents": docs})


def compute_fee(procedure: Procedure, *, pages: int | None = None, online: bool = False, on_time: bool = True) -> int:
    """The fee in VND for one dossier of this procedure."""
    fee = procedure.fee
    if fee.kind == "free":
        return 0
    if fee.kind == "fixed":
        return fee.amount or 0
    if fee.kind == "free_if_on_time":
        return 0 if on_time else fee.late_amount or 0
    if fee.kind == "online_discount":
        return (fee.online_amount if online else fee.amount) or 0
    if pages is None or pages < 1:
        raise DomainError("errors.world.bad_pages")
    first = min(pages, fee.first_pages or 0) * (fee.first_page_rate or 0)
    later = max(pages - (fee.first_pages or 0), 0) * (fee.later_page_rate or 0)
    return min(first + later, fee.cap or 0)


def cross_check(data: CatalogueFile, loaded: LoadedYaml) -> list[Problem]:
    """Rules between entries: unique codes, known document types, agency kinds, bundle parts."""
    from trainer.world.agencies import AGENCY_KINDS

    problems: list[Problem] = []

    def add(loc: tuple[object, ...], message: str) -> None:
        from trainer.content.problems import format_place

        problems.append(Problem(loaded.file, format_place(loc), message, loaded.line_of(loc)))

    types = {d.id for d in data.document_types}
    seen_types: set[str] = set()
    for i, doc_type in enumerate(data.document_types):
        if doc_type.id in seen_types:
            add(("document_types", i, "id"), f"document type {doc_type.id!r} is defined twice")
        seen_types.add(doc_type.id)
    seen: dict[str, int] = {}
    for i, proc in enumerate(data.procedures):
        if proc.code in seen:
            add(("procedures", i, "code"), f"code {proc.code} repeats procedures[{seen[proc.code]}]")
        seen.setdefault(proc.code, i)
        if proc.field not in FIELDS:
            add(("procedures", i, "field"), f"unknown field {proc.field!r}; expected one of {', '.join(FIELDS)}")
        for model in AdminModel:
            if model not in proc.agency:
                add(("procedures", i, "agency"), f"missing the rule for model {model.value}")
        for model, rule in proc.agency.items():
            kinds = AGENCY_KINDS[model].get(rule.level)
            loc = ("procedures", i, "agency", model.value)
            if kinds is None:
                add(loc + ("level",), f"model {model.value} has no {rule.level} level")
                continue
            if rule.agency not in kinds:
                add(loc + ("agency",), f"{rule.agency!r} is not a {rule.level} agency in {model.value}; "
                    f"expected one of {', '.join(kinds)}")
            order = ("commune", "district", "province")
            if rule.receive_at and (rule.receive_at not in AGENCY_KINDS[model]
                                    or order.index(rule.receive_at) >= order.index(rule.level)):
                add(loc + ("receive_at",), "receive_at must be a lower level of this model than the deciding level")
        doc_ids: set[str] = set()
        for j, doc in enumerate(proc.documents):
            if doc.id in doc_ids:
                add(("procedures", i, "documents", j, "id"), f"document {doc.id!r} is listed twice")
            doc_ids.add(doc.id)
            if doc.id not in types and doc.name is None:
                add(("procedures", i, "documents", j, "id"),
                    f"unknown document type {doc.id!r} (add it to document_types or give a name)")
        if not proc.mandatory_documents():
            add(("procedures", i, "documents"), "at least one document must be mandatory")
    bundle_ids: set[str] = set()
    for i, bundle in enumerate(data.bundles):
        if bundle.id in bundle_ids:
            add(("bundles", i, "id"), f"bundle {bundle.id!r} is defined twice")
        bundle_ids.add(bundle.id)
        for j, part in enumerate(bundle.parts):
            if part not in seen:
                add(("bundles", i, "parts", j), f"procedure {part} is not in the catalogue")
        if len(set(bundle.parts)) != len(bundle.parts):
            add(("bundles", i, "parts"), "a procedure is listed twice")
    return problems


def read_catalogue(path: Path, display: str | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """Load and check a procedures file; the catalogue is None when any problem was found."""
    try:
        loaded = load_yaml(path, display)
    except ContentError as exc:
        return None, exc.problems
    try:
        data = CatalogueFile.model_validate(loaded.data)
    except ValidationError as exc:
        return None, problems_from_validation(loaded, exc)
    problems = cross_check(data, loaded)
    return (None if problems else Catalogue(data)), problems


def catalogue_path(settings: Settings | None = None) -> Path:
    return Path(_default_path((settings or get_settings()).content_dir))


@lru_cache(maxsize=8)
def _default_path(content_dir: Path) -> str:
    return str(content_dir / "sandbox_data" / "procedures.yaml")


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Catalogue:
    catalogue, problems = read_catalogue(Path(path))
    if catalogue is None:
        raise ContentError(problems)
    return catalogue


def load_catalogue(path: Path | None = None, settings: Settings | None = None) -> Catalogue:
    """The procedure catalogue (cached until the file changes); ContentError lists every problem."""
    name = str(path) if path is not None else _default_path((settings or get_settings()).content_dir)
    try:
        mtime = os.stat(name).st_mtime_ns
    except OSError as exc:
        raise ContentError([Problem(name, "(file)", "procedures file is missing")]) from exc
    return _load(name, mtime)
