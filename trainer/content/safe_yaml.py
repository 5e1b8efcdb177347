"""The one YAML loader of the project: safe, bounded, strict about keys. Every file people write goes through it.

PyYAML's safe loader builds nested data recursively, so a file nested a few hundred levels deep ends in
RecursionError (a scenario file of 600 levels took the scenarios page down); and a mapping that repeats a key
keeps the last value silently (a second `answer:` flipped a question's answer). Here:
- nesting deeper than `MAX_DEPTH` is a located error ("nested too deeply");
- a repeated key in one mapping is a located error naming the line of the first one;
- aliases may not expand beyond `MAX_NODES` nodes ("billion laughs").

Public API:
- `parse(text) -> (data, node)`: the data and its node tree (for line numbers); raises `yaml.YAMLError`
  (`MarkedYAMLError` with `problem` and `problem_mark`) on any of the above or a syntax error.
- `load_text(text) -> data`: the data only (catalogs, quick reads).
Content loaders use `trainer.content.problems.load_yaml(path)`, which turns these errors into located problems.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

YAMLError = yaml.YAMLError  # what `parse` raises: callers catch it without importing yaml themselves
MAX_DEPTH = 40  # levels of nesting; the deepest shipped file has under 10
MAX_NODES = 200_000  # nodes after aliases are expanded


class ContentYamlError(yaml.MarkedYAMLError):
    """A file that is valid YAML but not acceptable content: too deep, repeated keys, too large."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that counts nesting while composing and refuses repeated keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise ContentYamlError(None, None, f"nested too deeply (more than {MAX_DEPTH} levels)",
                                       event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: str | None) -> MappingNode:  # type: ignore[override]
        node = super().compose_mapping_node(anchor)
        seen: dict[Any, Node] = {}
        for key_node, _value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = (key_node.tag, key_node.value)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise ContentYamlError(None, None, f"key {key_node.value!r} is repeated (first on line {first}); "
                                       "each key may appear once in a mapping", key_node.start_mark)
            seen[key] = key_node
        return node


def _count(node: Node, budget: list[int]) -> None:
    """Walk the node tree as the data will be built (aliases again each time), within the budget."""
    stack = [node]
    while stack:
        current = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise ContentYamlError(None, None, f"too large: more than {MAX_NODES} values once aliases are expanded",
                                   current.start_mark)
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)


def parse(text: str) -> tuple[Any, Node | None]:
    """The document's data and node tree; yaml.YAMLError when it is not acceptable (see the module doc)."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _count(node, [MAX_NODES])
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def load_text(text: str) -> Any:
    """The document's data (yaml.YAMLError as `parse`)."""
    return parse(text)[0]
