"""Composing a YAML file into plain data and a line map, with the limits and refusals ``yamlfile`` describes.

Kept apart from ``yamlfile`` so that PyYAML is imported only when a file is actually read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from requestlint.errors import RuleLoadError
from requestlint.yamlfile import MAX_BYTES, MAX_DEPTH, MAX_VALUES, LineMap

_MERGE_TAG = "tag:yaml.org,2002:merge"


def _line(node_or_event: yaml.Node | yaml.Event) -> int | None:
    mark = node_or_event.start_mark
    return mark.line + 1 if mark is not None else None


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer with limits checked before each node is composed.

    PyYAML composes recursively, so deep nesting would end in a RecursionError, and it lets an alias name the
    collection it stands in, which makes a cycle that constructing never leaves.
    """

    def __init__(self, text: str, path: Path) -> None:
        super().__init__(text)
        self._path = path
        self._depth = 0
        self._nodes = 0
        self._open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                raise RuleLoadError(
                    f"alias *{event.anchor} is inside the value it names (a recursive alias)",
                    path=self._path,
                    line=_line(event),
                )
            return super().compose_node(parent, index)
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag is not None:
            raise RuleLoadError(
                f"YAML tags are not allowed (found {event.tag!r}); write plain values, quoted if need be",
                path=self._path,
                line=_line(event),
            )
        self._nodes += 1
        if self._nodes > MAX_VALUES:
            raise RuleLoadError(f"more than {MAX_VALUES:,} values in one file", path=self._path, line=_line(event))
        if self._depth >= MAX_DEPTH:
            raise RuleLoadError(f"nested more than {MAX_DEPTH} levels deep", path=self._path, line=_line(event))
        anchor = event.anchor if isinstance(event, yaml.NodeEvent) else None
        if anchor is not None:
            self._open_anchors.add(anchor)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.discard(anchor)


class _Builder:
    """Builds plain data from a composed node graph, counting what aliases expand to against the limits."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.lines = LineMap()
        self.values = 0
        # One per file: a constructor keeps every node it builds (for aliases), so a shared one never frees them.
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: tuple[str | int, ...], depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.error(f"more than {MAX_VALUES:,} values once aliases are expanded", node)
        if depth > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} levels deep once aliases are expanded", node)
        self.lines.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    raise self.error("merge keys (<<) are not supported: write the keys out", key_node)
                key = self.build(key_node, (*path, "<key>"), depth + 1)
                if not isinstance(key, str | int):
                    raise self.error("mapping keys must be strings", key_node)
                if key in result:
                    raise self.error(f"duplicate key {key!r}", key_node)
                self.lines.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            value = self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError):  # e.g. a plain "=", a date such as 2024-13-45, a 5,000-digit number
            text = node.value if len(node.value) <= 40 else f"{node.value[:40]}..."
            raise self.error(f"cannot read {text!r} as a YAML value: quote it if it is text", node) from None
        if value is None:
            raise self.error("empty value (null) is not allowed", node)
        return value

    def error(self, message: str, node: yaml.Node) -> RuleLoadError:
        return RuleLoadError(message, path=self.source, line=_line(node))


def _read(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise RuleLoadError(f"file is larger than {MAX_BYTES:,} bytes", path=path)
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(f"cannot read file: {exc}", path=path) from exc


def compose(path: Path) -> tuple[Any, LineMap]:
    """Parse one YAML document from ``path``; return the data and where each key stood."""
    text = _read(path)
    loader = _BoundedLoader(text, path)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleLoadError(f"invalid YAML: {problem}", path=path, line=line) from exc
    finally:
        loader.dispose()
    if node is None:
        raise RuleLoadError("file is empty", path=path, line=1)
    builder = _Builder(path)
    return builder.build(node, (), 1), builder.lines
