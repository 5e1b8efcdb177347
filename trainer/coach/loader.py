"""Load scenario files (scenarios/*.yaml) with every problem located; a broken file is listed, never fatal.

Public API:
- `ScenarioEntry(path, file, scenario, problems)`: `.available`, `.id`.
- `read_scenario(path, display=None) -> ScenarioEntry`: parse, validate, cross-check one file.
- `load_scenarios(folder=None, settings=None) -> list[ScenarioEntry]`: every file of the folder, sorted by name.
- `get_scenario(scenario_id, folder=None) -> ScenarioFile`: an available scenario, or NotFound.
- `scenario_files(folder) -> list[Path]`: the files a folder holds (README.md and sub-folders are not scenarios).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from trainer.coach.schema import DossierCheck, Expectation, ScenarioFile
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

STORE_DOCUMENT_TYPES = ("birth_certificate", "id_card", "marriage_certificate", "birth_notice")  # sandbox data store


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


class _Checker:
    """Rules between the parts of one scenario: refs, procedure codes, document ids, step ids, units."""

    def __init__(self, scenario: ScenarioFile, loaded: LoadedYaml) -> None:
        self.s = scenario
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.citizens = {c.ref for c in scenario.setup.citizens}
        self.dossier_procedures: dict[str, str | None] = {d.ref: d.procedure for d in scenario.setup.dossiers}

    def add(self, loc: tuple[object, ...], message: str) -> None:
        self.problems.append(Problem(self.loaded.file, format_place(loc), message, self.loaded.line_of(loc)))

    def run(self) -> list[Problem]:
        try:
            from trainer.world.procedures import load_catalogue

            self.catalogue = load_catalogue()
        except ContentError as exc:
            self.catalogue = None
            self.add(("setup",), f"the procedure catalogue cannot be read, so codes are not checked: {exc.problems[0]}")
        self._setup()
        self._binds()
        self._ids()
        for i, step in enumerate(self.s.steps):
            for j, exp in enumerate(step.expect):
                self._expectation(("steps", i, "expect", j), exp)
            for k, name in enumerate(step.after):
                if name not in {s.id for s in self.s.steps} or name == step.id:
                    self.add(("steps", i, "after", k), f"unknown step {name!r}; expected another step's id")
        for i, mistake in enumerate(self.s.mistakes):
            for j, exp in enumerate(mistake.when):
                self._expectation(("mistakes", i, "when", j), exp)
        return self.problems

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
        setup = self.s.setup
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
        if self.s.unit is not None:
            from trainer.world.units import load_units

            for model in self.s.admin_models:
                try:
                    unit = load_units(model).find(self.s.unit)
                except ContentError:
                    continue
                if unit is None or unit.level != "commune":
                    self.add(("unit",), f"{self.s.unit} is not a commune of the {model} model")

    def _binds(self) -> None:
        """Refs named by `bind` anywhere become dossier refs (their procedure, when the check names one)."""
        for step in self.s.steps:
            for exp in step.expect:
                check = exp.dossier
                if check is not None and check.bind:
                    if check.bind in self.dossier_procedures or check.bind in self.citizens:
                        self.add(("steps",), f"bind {check.bind!r} reuses a setup ref; choose a new name")
                    self.dossier_procedures.setdefault(check.bind, check.procedure)

    def _ids(self) -> None:
        for kind, items in (("steps", self.s.steps), ("mistakes", self.s.mistakes)):
            seen: set[str] = set()
            for i, item in enumerate(items):
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
    except ValidationError as exc:
        return ScenarioEntry(path, name, None, problems_from_validation(loaded, exc))
    problems = _Checker(scenario, loaded).run()
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
