"""Load scenario files (scenarios/*.yaml) with every problem located; a broken file is listed, never fatal.

Public API:
- `ScenarioEntry(path, file, scenario, problems)`: `.available`, `.id`.
- `read_scenario(path, display=None) -> ScenarioEntry`: parse, validate, cross-check one file.
- `load_scenarios(folder=None, settings=None) -> list[ScenarioEntry]`: every file of the folder, sorted by name.
- `get_scenario(scenario_id, folder=None) -> ScenarioFile`: an available scenario, or NotFound.
- `scenario_files(folder) -> list[Path]`: the files a folder holds (README.md and sub-folders are not scenarios).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from trainer.coach.schema import DossierCheck, Expectation, Mistake, ScenarioFile, Setup, Step, Text
from trainer.content.problems import (
    ContentError,
    LoadedYaml,
    Problem,
    format_place,
    load_yaml,
    problems_from_validation,
)
from trainer.errors import NotFound
from trainer.settings import Settings, get_settings

STORE_DOCUMENT_TYPES = ("birth_certificate", "id_card", "marriage_certificate", "birth_notice", "death_notice",
                        "spouse_id_card", "residence_record", "lawful_home_proof", "land_certificate",
                        "driving_licence")  # the sandbox data store (trainer/sandbox/sandboxes.py, trainer/fake/papers.py)


@dataclass
class ScenarioEntry:
    """One scenario file: the scenario when it loaded cleanly, else the problems found."""

    path: Path
    file: str
    scenario: ScenarioFile | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.scenario is not None and not self.problems

    @property
    def id(self) -> str:
        return self.scenario.id if self.scenario is not None else self.path.stem


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files of a folder: *.yaml / *.yml directly inside it."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _known_event_actions() -> set[str]:
    from trainer.sandbox.core import EVENT_ACTIONS

    logged = {"dossier.receipt_issued", "dossier.document_added", "dossier.drafted", "dossier.delivery_chosen",
              "dossier.fee_paid", "dossier.form_saved", "dossier.pickup_requested", "bundle.started",
              "bundle.submitted", "citizen.signed_in"}
    return set(EVENT_ACTIONS.values()) | logged


@dataclass
class _Parts:
    """What of a scenario file validated: all of it, or (when the file has schema errors) the sections and the
    steps and mistakes that did, with their positions, so cross-references are checked in the same report."""

    setup: Setup | None
    steps: list[tuple[int, Step]]
    mistakes: list[tuple[int, Mistake]]
    unit: str | None
    admin_models: list[str]
    texts: list[tuple[tuple[object, ...], Text]]
    whole: bool = True  # every step and mistake validated (so `after` can name any of them)

    @classmethod
    def of(cls, scenario: ScenarioFile) -> _Parts:
        texts: list[tuple[tuple[object, ...], Text]] = []
        for name in ("title", "summary", "instructions", "review"):
            if getattr(scenario, name) is not None:
                texts.append(((name,), getattr(scenario, name)))
        parts = cls(scenario.setup, list(enumerate(scenario.steps)), list(enumerate(scenario.mistakes)),
                    scenario.unit, list(scenario.admin_models), texts)
        parts._item_texts()
        return parts

    @classmethod
    def partial(cls, data: object) -> _Parts:
        raw = data if isinstance(data, dict) else {}

        def valid(model: type[BaseModel], value: object) -> Any:
            try:
                return model.model_validate(value)
            except ValidationError:
                return None

        steps = [(i, valid(Step, v)) for i, v in enumerate(raw.get("steps") or [] if isinstance(raw.get("steps"), list) else [])]
        mistakes = [(i, valid(Mistake, v)) for i, v in
                    enumerate(raw.get("mistakes") or [] if isinstance(raw.get("mistakes"), list) else [])]
        texts = [((name,), t) for name in ("title", "summary", "instructions", "review")
                 if (t := valid(Text, raw.get(name))) is not None]
        models = [m for m in raw.get("admin_models") or [] if m in ("three-level-2019", "two-level-2025")] \
            if isinstance(raw.get("admin_models"), list) else []
        parts = cls(valid(Setup, raw.get("setup")), [(i, x) for i, x in steps if x is not None],
                    [(i, x) for i, x in mistakes if x is not None], raw.get("unit") if isinstance(raw.get("unit"), str)
                    else None, models, texts, whole=all(x is not None for _, x in steps + mistakes))
        parts._item_texts()
        return parts

    def _item_texts(self) -> None:
        if self.setup is not None and self.setup.advance_clock is not None and self.setup.advance_clock.note:
            self.texts.append((("setup", "advance_clock", "note"), self.setup.advance_clock.note))
        for i, step in self.steps:
            self.texts.append((("steps", i, "instruction"), step.instruction))
            self.texts += [(("steps", i, "hints", k), hint) for k, hint in enumerate(step.hints)]
            if step.review is not None:
                self.texts.append((("steps", i, "review"), step.review))
            if step.advance_clock is not None and step.advance_clock.note is not None:
                self.texts.append((("steps", i, "advance_clock", "note"), step.advance_clock.note))
        for i, mistake in self.mistakes:
            self.texts.append((("mistakes", i, "feedback"), mistake.feedback))
            if mistake.review is not None:
                self.texts.append((("mistakes", i, "review"), mistake.review))


TEXT_REF = re.compile(r"\{([^{}\s]*)\}")  # {c1}, {d2} in a text


class _Checker:
    """Rules between the parts of one scenario: refs (in checks and in texts), procedure codes, document ids,
    step ids, units, statuses that fit the channel."""

    def __init__(self, parts: _Parts, loaded: LoadedYaml) -> None:
        self.p = parts
        self.loaded = loaded
        self.problems: list[Problem] = []
        setup = parts.setup
        self.citizens = {c.ref for c in setup.citizens} if setup is not None else set()
        self.dossier_procedures: dict[str, str | None] = (
            {d.ref: d.procedure for d in setup.dossiers} if setup is not None else {})

    def add(self, loc: tuple[object, ...], message: str) -> None:
        self.problems.append(Problem(self.loaded.file, format_place(loc), message, self.loaded.line_of(loc)))

    def run(self) -> list[Problem]:
        try:
            from trainer.world.procedures import load_catalogue

            self.catalogue = load_catalogue()
        except ContentError as exc:
            self.catalogue = None
            self.add(("setup",), f"the procedure catalogue cannot be read, so codes are not checked: {exc.problems[0]}")
        if self.p.setup is not None:
            self._setup()
        self._binds()
        self._ids()
        step_ids = {step.id for _, step in self.p.steps}
        for i, step in self.p.steps:
            for j, exp in enumerate(step.expect):
                self._expectation(("steps", i, "expect", j), exp)
            for k, name in enumerate(step.after):
                if (name not in step_ids and self.p.whole) or name == step.id:
                    self.add(("steps", i, "after", k), f"unknown step {name!r}; expected another step's id")
        for i, mistake in self.p.mistakes:
            for j, exp in enumerate(mistake.when):
                self._expectation(("mistakes", i, "when", j), exp)
        if self.p.setup is not None:
            self._text_refs()
        return self.problems

    def _text_refs(self) -> None:
        """A text may name {c1} (a citizen's name) and {d1} (a dossier's code: setup or bound); nothing else."""
        known = sorted(self.citizens | set(self.dossier_procedures))
        for loc, text in self.p.texts:
            for lang, value in (("vi", text.vi), ("en", text.en or "")):
                for ref in TEXT_REF.findall(value):
                    if ref not in known:
                        self.add(loc + (lang,), f"unknown reference {{{ref}}}; a text may name "
                                 + (", ".join("{" + k + "}" for k in known) or "no reference (the setup defines none)")
                                 + " (citizens and dossiers of setup, and dossiers a step binds)")

    def _procedure(self, loc: tuple[object, ...], code: str) -> object | None:
        if self.catalogue is None:
            return None
        found = self.catalogue.find(code)
        if found is None:
            self.add(loc, f"unknown procedure code {code}; expected a code of sandbox_data/procedures.yaml")
        return found

    def _documents(self, loc: tuple[object, ...], code: str | None, doc_ids: list[str]) -> None:
        if code is None or self.catalogue is None or self.catalogue.find(code) is None:
            return
        known = [d.id for d in self.catalogue.get(code).documents]
        for k, doc_id in enumerate(doc_ids):
            if doc_id not in known:
                self.add(loc + (k,), f"unknown document id {doc_id!r} for procedure {code}; expected one of {', '.join(known)}")

    def _setup(self) -> None:
        setup = self.p.setup
        assert setup is not None
        seen: set[str] = set()
        for i, citizen in enumerate(setup.citizens):
            if citizen.ref in seen:
                self.add(("setup", "citizens", i, "ref"), f"ref {citizen.ref!r} is defined twice")
            seen.add(citizen.ref)
            if citizen.has_document and citizen.has_document not in STORE_DOCUMENT_TYPES:
                self.add(("setup", "citizens", i, "has_document"),
                         f"unknown stored document type; expected one of {', '.join(STORE_DOCUMENT_TYPES)}")
        for i, dossier in enumerate(setup.dossiers):
            loc = ("setup", "dossiers", i)
            if dossier.ref in seen:
                self.add(loc + ("ref",), f"ref {dossier.ref!r} is defined twice")
            seen.add(dossier.ref)
            if dossier.citizen not in self.citizens:
                self.add(loc + ("citizen",), f"citizen {dossier.citizen!r} is not defined in setup.citizens")
            self._procedure(loc + ("procedure",), dossier.procedure)
            if isinstance(dossier.documents, list):
                self._documents(loc + ("documents",), dossier.procedure, dossier.documents)
            if dossier.channel == "walk_in" and dossier.status == 1:
                self.add(loc + ("status",), "status 1 (Mới đăng ký) is a dossier submitted online or by post; a "
                         "walk-in dossier is 0 (being checked at the counter) until the desk receives it (2)")
        if self.p.unit is not None:
            from trainer.world.units import load_units

            for model in self.p.admin_models:
                try:
                    unit = load_units(model).find(self.p.unit)
                except ContentError:
                    continue
                if unit is None or unit.level != "commune":
                    self.add(("unit",), f"{self.p.unit} is not a commune of the {model} model")

    def _binds(self) -> None:
        """Refs named by `bind` anywhere become dossier refs (their procedure, when the check names one)."""
        for _, step in self.p.steps:
            for exp in step.expect:
                check = exp.dossier
                if check is not None and check.bind:
                    if check.bind in self.dossier_procedures or check.bind in self.citizens:
                        self.add(("steps",), f"bind {check.bind!r} reuses a setup ref; choose a new name")
                    self.dossier_procedures.setdefault(check.bind, check.procedure)

    def _ids(self) -> None:
        for kind, items in (("steps", self.p.steps), ("mistakes", self.p.mistakes)):
            seen: set[str] = set()
            for i, item in items:
                if item.id in seen:
                    self.add((kind, i, "id"), f"id {item.id!r} is used twice")
                seen.add(item.id)

    def _dossier_ref(self, loc: tuple[object, ...], ref: str | None) -> str | None:
        if ref is None:
            return None
        if ref not in self.dossier_procedures:
            self.add(loc, f"dossier {ref!r} is not defined in setup.dossiers or by a step's bind")
            return None
        return self.dossier_procedures[ref]

    def _expectation(self, loc: tuple[object, ...], exp: Expectation) -> None:
        kind = exp.kind
        check = exp.check
        here = loc + (kind,)
        if isinstance(check, DossierCheck):
            code = self._dossier_ref(here + ("ref",), check.ref) if check.ref else check.procedure
            if check.procedure:
                self._procedure(here + ("procedure",), check.procedure)
                code = check.procedure
            if check.citizen and check.citizen not in self.citizens:
                self.add(here + ("citizen",), f"citizen {check.citizen!r} is not defined in setup.citizens")
            if check.documents:
                self._documents(here + ("documents",), code, check.documents)
            return
        ref = getattr(check, "dossier", None)
        code = self._dossier_ref(here + ("dossier",), ref)
        if kind == "event" and check.action not in _known_event_actions():  # type: ignore[union-attr]
            self.add(here + ("action",), f"unknown event action {check.action!r}; expected one of "  # type: ignore[union-attr]
                     f"{', '.join(sorted(_known_event_actions()))}")
        if kind == "supplement_request":
            for name in ("lists", "lists_any", "exactly"):
                ids = getattr(check, name)
                if ids:
                    self._documents(here + (name,), code, ids)


def read_scenario(path: Path, display: str | None = None) -> ScenarioEntry:
    """One file: parsed, validated against the schema, and cross-checked."""
    name = display or str(path)
    try:
        loaded = load_yaml(path, name)
    except ContentError as exc:
        return ScenarioEntry(path, name, None, exc.problems)
    try:
        scenario = ScenarioFile.model_validate(loaded.data)
    except ValidationError as exc:  # the parts that did validate are cross-checked in the same report
        problems = problems_from_validation(loaded, exc)
        seen = {(p.place, p.message) for p in problems}
        extra = [p for p in _Checker(_Parts.partial(loaded.data), loaded).run() if (p.place, p.message) not in seen]
        return ScenarioEntry(path, name, None, problems + extra)
    problems = _Checker(_Parts.of(scenario), loaded).run()
    return ScenarioEntry(path, name, scenario if not problems else None, problems)


@lru_cache(maxsize=256)
def _read_cached(path: Path, mtime_ns: int, display: str) -> ScenarioEntry:
    return read_scenario(path, display)


def _read(path: Path, display: str) -> ScenarioEntry:
    """read_scenario, cached until the file changes (the guide panel reads scenarios on every rerun)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return read_scenario(path, display)
    entry = _read_cached(path, mtime, display)
    return replace(entry, problems=list(entry.problems))


def _display(path: Path, settings: Settings) -> str:
    try:
        return str(path.resolve().relative_to(settings.content_dir.resolve()))
    except ValueError:
        return str(path)


def load_scenarios(folder: Path | None = None, settings: Settings | None = None) -> list[ScenarioEntry]:
    """Every scenario file of the folder (default scenarios/), ids checked for repeats across files."""
    settings = settings or get_settings()
    folder = folder or settings.scenarios_dir
    entries = [_read(p, _display(p, settings)) for p in scenario_files(folder)]
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.scenario is None:
            continue
        if entry.id in seen:
            entry.problems.append(Problem(entry.file, "id", f"id {entry.id!r} is already used by {seen[entry.id]}", None))
            entry.scenario = None
        else:
            seen[entry.id] = entry.file
    return entries


def get_scenario(scenario_id: str, folder: Path | None = None) -> ScenarioFile:
    """The available scenario with this id, or NotFound."""
    for entry in load_scenarios(folder):
        if entry.available and entry.id == scenario_id:
            return entry.scenario  # type: ignore[return-value]
    raise NotFound("errors.coach.unknown_scenario", id=scenario_id)
