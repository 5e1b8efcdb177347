"""Located problems in content files and the YAML loader that knows line numbers (parsing: `safe_yaml`)."""

from __future__ import annotations

import re as _re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from trainer.content.safe_yaml import ContentYamlError, parse

# A source shown to trainees names a law (decree, circular, decision with number and article) or a publication,
# never a file of the project ("DOMAIN.md §3", "../shared/seed/SUMMARY.md" meant nothing to a trainee).
_FILE_NAME = _re.compile(r"(?i)(\.\./|\b[\w-]+\.(md|ya?ml|py|txt|csv|json)\b)")


def legal_source(value: str) -> str:
    """Pydantic validator body for a `source` field: refuse internal file names, in plain words."""
    found = _FILE_NAME.search(value)
    if found:
        raise ValueError(f"the source names a file ({found.group(0)!r}): name the decree, circular or decision "
                         "(number and article) or the article the figures come from")
    return value


@dataclass(frozen=True)
class Problem:
    """One error in a content file: where it is and what was expected there."""

    file: str
    place: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}:{self.place}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "place": self.place, "message": self.message}


M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """A content file could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _line_map(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[path + (key,)] = key_node.start_mark.line + 1
            _line_map(value_node, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, path + (index,), out)


@dataclass
class LoadedYaml:
    """Parsed YAML data with a map from each key path to its line number."""

    file: str
    data: Any
    lines: dict[tuple[Any, ...], int]

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())


def format_place(loc: tuple[Any, ...] | list[Any]) -> str:
    """('steps', 2, 'hints') -> 'steps[2].hints'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top)"


def load_yaml(path: Path, display: str | None = None) -> LoadedYaml:
    """Parse a YAML file with the shared safe loader; a syntax error, a repeated key or too deep a nesting becomes
    a located ContentError (never RecursionError)."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(name, "(file)", f"cannot be read as UTF-8 text: {exc}")]) from exc
    try:
        data, node = parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, ContentYamlError):
            raise ContentError([Problem(name, "(file)", problem, line)]) from exc
        raise ContentError([Problem(name, "(syntax)", f"invalid YAML: {problem}", line)]) from exc
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _line_map(node, (), lines)
    return LoadedYaml(name, data, lines)


# The patterns of the content formats, in words (a pattern not listed here is "see the documented format").
PATTERN_WORDS: dict[str, str] = {
    r"^[a-z][a-z0-9_]{0,29}$": "a short name of lower-case letters, digits and _ starting with a letter, e.g. c1 or d2",
    r"^[a-z0-9][a-z0-9-]{1,59}$": "lower-case letters, digits and dashes (kebab-case), e.g. receive-online",
    r"^(\d\.\d{6}|SB\.\d{4})$": "a procedure code such as 1.001193 (national) or SB.0002 (sandbox only)",
    r"^[a-z_]+\.[a-z_]+$": "an event name such as dossier.received",
    r"^0\d{9}$": "a phone number of 10 digits starting with 0, e.g. 0912345678",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "lower-case letters and digits joined by dashes, e.g. st-001",
    r"^[A-Za-z0-9_-]+$": "letters, digits, _ and - only, e.g. a or s1",
    r"^[a-z][a-z0-9_]*$": "lower-case letters, digits and _ starting with a letter, e.g. birth_certificate",
    r"^[a-z_]+$": "lower-case letters and _ only",
    r"^[a-z0-9-]{3,40}$": "3 to 40 lower-case letters, digits and dashes",
    r"^[a-z0-9-]{2,20}$": "2 to 20 lower-case letters, digits and dashes",
    r"^\d{2}$": "two digits, e.g. 06",
}
_TYPE_WORDS = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check the spelling against the documented format)",
    "string_type": "expected a text (put it in quotes when it looks like a number, a date or yes/no)",
    "int_type": "expected a whole number", "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number", "float_parsing": "expected a number",
    "bool_type": "expected true or false", "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines starting with “- ”, or [a, b])",
    "dict_type": "expected a mapping (lines of “name: value”)",
    "date_type": "expected a date such as 2026-03-02", "date_parsing": "expected a date such as 2026-03-02",
    "date_from_datetime_parsing": "expected a date such as 2026-03-02",
    "datetime_type": "expected a date and time such as 2026-03-02 08:30",
    "datetime_parsing": "expected a date and time such as 2026-03-02 08:30",
    "datetime_from_date_parsing": "expected a date and time such as 2026-03-02 08:30",
}
_UNION_MEMBER = ("literal[", "list[", "dict[", "function-", "tagged-union[")  # pydantic's names of union members


def plain_message(item: dict[str, Any]) -> str:
    """One pydantic error said in plain words (no "instance of Text", no regular expressions)."""
    kind, ctx = item.get("type", ""), item.get("ctx") or {}
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    if kind in ("model_type", "model_attributes_type"):
        if ctx.get("class_name") == "Text":
            return 'expected a text in both languages: {vi: "…", en: "…"} (Vietnamese required, English optional)'
        return "expected a mapping (lines of “name: value”)"
    if kind == "literal_error":
        return f"expected one of: {ctx.get('expected', '')}".replace(" or ", ", ")
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"not in the expected form: {PATTERN_WORDS.get(pattern, 'see the documented format')}"
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"needs at least {least} {'item' if least == 1 else 'items'}"
    if kind == "too_long":
        most = ctx.get("max_length")
        return f"allows at most {most} {'item' if most == 1 else 'items'}"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"needs at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"allows at most {ctx.get('max_length')} characters"
    bounds = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
              "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {ctx.get(key)}"
    return str(item.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")


def problems_from_validation(loaded: LoadedYaml, error: ValidationError, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    """Turn pydantic's errors into located problems in plain words; the alternatives of one place are merged
    ("expected one of: 'all', or expected a list")."""
    merged: dict[tuple[Any, ...], list[str]] = {}
    for item in error.errors():
        loc = prefix + tuple(part for part in item["loc"]
                             if not (isinstance(part, str) and part.startswith(_UNION_MEMBER)))
        message = plain_message(item)
        if message not in merged.setdefault(loc, []):
            merged[loc].append(message)
    return [Problem(loaded.file, format_place(loc), ", or ".join(messages), loaded.line_of(loc))
            for loc, messages in merged.items()]


def validate_yaml(path: Path, model: type[M], display: str | None = None) -> M:
    """Load a YAML file into a pydantic model or raise ContentError listing every problem."""
    loaded = load_yaml(path, display)
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise ContentError(problems_from_validation(loaded, exc)) from exc
