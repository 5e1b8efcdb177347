"""Load the e-form definitions of sandbox_data/eforms/: person blocks expanded, cross-checked, one file at a time.

A broken file gives located problems and leaves every other form usable; a procedure whose form did not load (or
has none) gets the generic applicant form (`GENERIC`), so the portal never goes down over one file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from trainer.content.problems import ContentError, LoadedYaml, Problem, load_yaml, problems_from_validation
from trainer.eforms.models import BlocksFile, Condition, CopyFrom, EFormFile, FieldSpec, LegalForm, Text
from trainer.eforms.papers import PAPER_FACTS

BLOCKS_FILE = "blocks.yaml"


@dataclass(frozen=True)
class Field:
    """A field of a form as the portal shows it: full name (prefix applied), its section, when it is asked."""

    name: str
    spec: FieldSpec
    section: str
    required: bool
    conditions: tuple[Condition, ...] = ()
    gender: str | None = None  # the person's gender when the section implies it (mother, father)
    prefill: bool = False  # pre-filled from the signed-in person's identity

    @property
    def type(self) -> str:
        return self.spec.type

    def label(self, lang: str = "vi") -> str:
        return self.spec.label.get(lang)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: Text
    help: Text | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class EForm:
    """One e-form, ready to render and to check values against."""

    id: str
    procedures: tuple[str, ...]
    title: Text
    legal_form: LegalForm
    intro: Text | None
    sections: tuple[SectionView, ...]
    file: str = ""

    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields() if f.name == name), None)

    def names(self) -> list[str]:
        return [f.name for f in self.fields()]


@dataclass
class EFormCatalogue:
    forms: list[EForm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    by_procedure: dict[str, EForm] = field(default_factory=dict)

    def for_procedure(self, code: str) -> EForm:
        """The procedure's e-form, or the generic applicant form when it has none (or its file is broken)."""
        return self.by_procedure.get(code) or generic_for(code)


# The seven applicant fields every procedure had before definitions existed; used when a definition is missing.
_GENERIC_FIELDS = [
    FieldSpec(name="full_name", label=Text(vi="Họ, chữ đệm và tên", en="Full name"), identity="full_name",
              max_length=100),
    FieldSpec(name="date_of_birth", type="date", label=Text(vi="Ngày, tháng, năm sinh", en="Date of birth"),
              identity="date_of_birth", rules=["not_future"]),
    FieldSpec(name="gender", type="choice", choices_from="gender", label=Text(vi="Giới tính", en="Gender"),
              identity="gender"),
    FieldSpec(name="ethnicity", label=Text(vi="Dân tộc", en="Ethnicity"), identity="ethnicity", max_length=40),
    FieldSpec(name="national_id", type="id_number", label=Text(vi="Số định danh cá nhân", en="Personal ID number"),
              identity="national_id"),
    FieldSpec(name="phone", type="phone", label=Text(vi="Số điện thoại", en="Phone number"), identity="phone"),
    FieldSpec(name="address", type="address", label=Text(vi="Nơi cư trú", en="Place of residence"),
              identity="address"),
]


def generic_for(code: str) -> EForm:
    section = SectionView("requester", Text(vi="Người yêu cầu", en="Requester"), None,
                          tuple(Field(s.name, s, "requester", True, (), None, True) for s in _GENERIC_FIELDS))
    return EForm(id="generic", procedures=(code,), title=Text(vi="Tờ khai", en="Declaration"),
                 legal_form=LegalForm(name=Text(vi="Tờ khai", en="Declaration"),
                                      source="Mẫu chung của môi trường thực hành"),
                 intro=None, sections=(section,))


def _display(path: Path, root: Path | None) -> str:
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def read_blocks(path: Path, display: str | None = None) -> tuple[dict[str, list[FieldSpec]], list[Problem]]:
    try:
        loaded = load_yaml(path, display)
    except ContentError as exc:
        return {}, exc.problems
    try:
        data = BlocksFile.model_validate(loaded.data)
    except ValidationError as exc:
        return {}, problems_from_validation(loaded, exc)
    problems = []
    for name, specs in data.blocks.items():
        seen: set[str] = set()
        for index, spec in enumerate(specs):
            if spec.name in seen:
                loc = ("blocks", name, index, "name")
                problems.append(Problem(loaded.file, f"blocks.{name}[{index}].name",
                                        f"field {spec.name!r} appears twice in the block", loaded.line_of(loc)))
            seen.add(spec.name)
    return dict(data.blocks), problems


def _prefixed(cond: Condition | None, prefix: str) -> Condition | None:
    return None if cond is None else Condition(field=prefix + cond.field, equals=cond.equals)


SECTION_GENDER = {"mother": "female", "father": "male", "wife": "female", "husband": "male"}


def _resolve(data: EFormFile, blocks: dict[str, list[FieldSpec]], loaded: LoadedYaml) -> tuple[EForm, list[Problem]]:
    problems: list[Problem] = []

    def problem(loc: tuple[object, ...], message: str) -> None:
        place = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
        problems.append(Problem(loaded.file, place, message, loaded.line_of(loc)))

    sections: list[SectionView] = []
    for s_index, section in enumerate(data.sections):
        if section.copy_from is not None and section.copy_from not in PAPER_FACTS:
            problem(("sections", s_index, "copy_from"), f"unknown paper {section.copy_from!r} (known: "
                    f"{', '.join(sorted(PAPER_FACTS))})")
        specs: list[FieldSpec]
        if section.block is not None:
            if section.block not in blocks:
                problem(("sections", s_index, "block"),
                        f"no person block {section.block!r} in {BLOCKS_FILE} " + (f"(known: {', '.join(sorted(blocks))})" if blocks
                                                                        else f"(no {BLOCKS_FILE} beside this file)"))
                specs = []
            else:
                specs = blocks[section.block]
        else:
            specs = section.fields
        fields = []
        for spec in specs:
            conds = tuple(c for c in (section.when, _prefixed(spec.when, section.prefix)) if c is not None)
            name = section.prefix + spec.name
            copy = spec.copy_from
            if copy is None and section.copy_from and name in PAPER_FACTS.get(section.copy_from, ()):
                copy = CopyFrom(document=section.copy_from, fact=name)
            named = spec.model_copy(update={"name": name, "copy_from": copy,
                                            "not_before": section.prefix + spec.not_before if spec.not_before
                                            else None})
            fields.append(Field(named.name, named, section.id, section.required and spec.required, conds,
                                SECTION_GENDER.get(section.id),
                                section.prefill == "identity" and spec.identity is not None))
        sections.append(SectionView(section.id, section.title, section.help, tuple(fields)))
    form = EForm(data.id, tuple(data.procedures), data.title, data.legal_form, data.intro, tuple(sections),
                 loaded.file)
    by_name: dict[str, Field] = {}
    for s_index, view in enumerate(form.sections):
        for f_index, f in enumerate(view.fields):
            loc = ("sections", s_index, "fields", f_index, "name")
            if f.name in by_name:
                problem(loc, f"field {f.name!r} is declared twice (in sections {by_name[f.name].section!r} and "
                        f"{f.section!r}); give the person block another prefix")
            by_name.setdefault(f.name, f)
    for s_index, view in enumerate(form.sections):
        for f_index, f in enumerate(view.fields):
            loc = ("sections", s_index) if data.sections[s_index].block else ("sections", s_index, "fields", f_index)
            for cond in f.conditions:
                target = by_name.get(cond.field)
                if target is None:
                    problem(loc + ("when",), f"{f.name}: `when` names an unknown field {cond.field!r}")
                elif target.type != "choice":
                    problem(loc + ("when",), f"{f.name}: `when` must name a choice field, {cond.field!r} is "
                            f"{target.type}")
                else:
                    unknown = [v for v in cond.equals if v not in target.spec.options()]
                    if unknown:
                        problem(loc + ("when", "equals"), f"{f.name}: {', '.join(unknown)} not among the choices "
                                f"of {cond.field!r} ({', '.join(target.spec.options())})")
            if f.spec.not_before and (by_name.get(f.spec.not_before) is None
                                      or by_name[f.spec.not_before].type != "date"):
                problem(loc + ("not_before",), f"{f.name}: `not_before` must name a date field of this form")
            copy = f.spec.copy_from
            if copy is not None:
                if copy.document not in PAPER_FACTS:
                    problem(loc + ("copy_from", "document"), f"{f.name}: unknown paper {copy.document!r} (known: "
                            f"{', '.join(sorted(PAPER_FACTS))})")
                elif copy.fact not in PAPER_FACTS[copy.document]:
                    problem(loc + ("copy_from", "fact"), f"{f.name}: {copy.document} has no fact {copy.fact!r} "
                            f"(facts: {', '.join(PAPER_FACTS[copy.document])})")
    return form, problems


def _check_procedures(data: EFormFile, loaded: LoadedYaml) -> list[Problem]:
    from trainer.world.procedures import load_catalogue

    try:
        catalogue = load_catalogue()
    except ContentError:
        return []  # the procedures file reports its own problems
    problems = []
    for index, code in enumerate(data.procedures):
        proc = catalogue.find(code)
        if proc is None:
            problems.append(Problem(loaded.file, f"procedures[{index}]", f"no procedure {code} in procedures.yaml",
                                    loaded.line_of(("procedures", index))))
        elif proc.online.mode == "none":
            problems.append(Problem(loaded.file, f"procedures[{index}]",
                                    f"procedure {code} cannot be submitted online: it has no e-form",
                                    loaded.line_of(("procedures", index))))
    return problems


def read_eform(path: Path, blocks: dict[str, list[FieldSpec]], display: str | None = None
               ) -> tuple[EForm | None, list[Problem]]:
    """One definition file: the form, or None with every problem found."""
    try:
        loaded = load_yaml(path, display)
    except ContentError as exc:
        return None, exc.problems
    try:
        data = EFormFile.model_validate(loaded.data)
    except ValidationError as exc:
        return None, problems_from_validation(loaded, exc)
    form, problems = _resolve(data, blocks, loaded)
    problems += _check_procedures(data, loaded)
    return (None if problems else form), problems


def eform_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file() and p.name != BLOCKS_FILE)


def read_folder(folder: Path, root: Path | None = None, files: list[Path] | None = None) -> EFormCatalogue:
    """Every definition of a folder (or the given files of it), cross-checked; problems are collected."""
    catalogue = EFormCatalogue()
    blocks_path = folder / BLOCKS_FILE
    blocks: dict[str, list[FieldSpec]] = {}
    if blocks_path.is_file():
        blocks, problems = read_blocks(blocks_path, _display(blocks_path, root))
        catalogue.problems += problems
    owner: dict[str, str] = {}
    for path in files if files is not None else eform_files(folder):
        if path.name == BLOCKS_FILE:
            continue
        form, problems = read_eform(path, blocks, _display(path, root))
        catalogue.problems += problems
        if form is None:
            continue
        clash = [c for c in form.procedures if c in owner]
        if clash:
            catalogue.problems.append(Problem(form.file, "procedures", f"procedure {', '.join(clash)} already has "
                                              f"an e-form in {owner[clash[0]]}", None))
            continue
        ids = {f.id for f in catalogue.forms}
        if form.id in ids:
            catalogue.problems.append(Problem(form.file, "id", f"id {form.id!r} is already used", None))
            continue
        catalogue.forms.append(form)
        for code in form.procedures:
            owner[code] = form.file
            catalogue.by_procedure[code] = form
    return catalogue


def eforms_dir(settings=None) -> Path:  # type: ignore[no-untyped-def]
    from trainer.settings import get_settings

    return (settings or get_settings()).sandbox_data_dir / "eforms"


def _signature(folder: Path) -> tuple[tuple[str, int], ...]:
    out = []
    for path in sorted(folder.glob("*.y*ml")):
        try:
            out.append((path.name, os.stat(path).st_mtime_ns))
        except OSError:
            continue
    return tuple(out)


@lru_cache(maxsize=4)
def _load(folder: str, signature: tuple[tuple[str, int], ...], root: str) -> EFormCatalogue:
    return read_folder(Path(folder), Path(root))


def load_eforms(settings=None) -> EFormCatalogue:  # type: ignore[no-untyped-def]
    """The e-forms of the content folder, cached until a file changes; never raises over a broken file."""
    from trainer.settings import get_settings

    settings = settings or get_settings()
    folder = eforms_dir(settings)
    return _load(str(folder), _signature(folder), str(settings.content_dir))


def for_procedure(code: str) -> EForm:
    """The e-form of a procedure (the generic applicant form when it has none)."""
    return load_eforms().for_procedure(code)
