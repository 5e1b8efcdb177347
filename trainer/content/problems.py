"""Located problems in content files and the YAML loader that knows line numbers (parsing: `safe_yaml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from trainer.content.safe_yaml import ContentYamlError, parse


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


def problems_from_validation(loaded: LoadedYaml, error: ValidationError, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per error."""
    out = []
    for item in error.errors():
        loc = prefix + tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        expected = item["msg"]
        if item.get("type") == "missing":
            expected = "required field is missing"
        elif item.get("type") == "extra_forbidden":
            expected = "unknown field (check the spelling against the documented format)"
        out.append(Problem(loaded.file, format_place(loc), expected, loaded.line_of(loc)))
    return out


def validate_yaml(path: Path, model: type[M], display: str | None = None) -> M:
    """Load a YAML file into a pydantic model or raise ContentError listing every problem."""
    loaded = load_yaml(path, display)
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise ContentError(problems_from_validation(loaded, exc)) from exc
