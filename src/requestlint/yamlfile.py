"""YAML loading that keeps line numbers and refuses what PyYAML would silently accept.

Plain ``yaml.safe_load`` keeps the last of two duplicate keys and forgets where each key stood; rule files
need both caught, so errors can say ``rules/ask/ASK01.yml:7: unknown key 'phrase'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from requestlint.errors import RuleLoadError

_SCALARS = yaml.constructor.SafeConstructor()  # resolves a scalar exactly as safe_load would


@dataclass
class LineMap:
    """Line (1-based) of every mapping key and sequence item, keyed by its path from the document root."""

    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line_for(self, loc: Sequence[str | int]) -> int | None:
        """Line of the deepest known prefix of ``loc`` (pydantic error locations can go deeper than YAML)."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _construct(node: yaml.Node, path: tuple[str | int, ...], lines: LineMap, source: Path) -> Any:
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, (*path, "<key>"), lines, source)
            if not isinstance(key, str | int):
                raise RuleLoadError("mapping keys must be strings", path=source, line=key_node.start_mark.line + 1)
            if key in result:
                raise RuleLoadError(f"duplicate key {key!r}", path=source, line=key_node.start_mark.line + 1)
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _construct(value_node, (*path, key), lines, source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, source) for i, item in enumerate(node.value)]
    value = _SCALARS.construct_object(node)
    if value is None:
        raise RuleLoadError("empty value (null) is not allowed", path=source, line=node.start_mark.line + 1)
    return value


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Parse one YAML document from ``path``; return the data and where each key stood."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(f"cannot read file: {exc}", path=path) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleLoadError(f"invalid YAML: {problem}", path=path, line=line) from exc
    if node is None:
        raise RuleLoadError("file is empty", path=path, line=1)
    lines = LineMap()
    return _construct(node, (), lines, path), lines


Model = TypeVar("Model", bound=BaseModel)


def load_model_file(path: Path, model: type[Model]) -> Model:
    """A YAML data file validated against ``model``; the first problem is reported with its file and line."""
    data, lines = load_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "file"
        raise RuleLoadError(f"{where}: {error['msg']}", path=path, line=lines.line_for(error["loc"])) from None
