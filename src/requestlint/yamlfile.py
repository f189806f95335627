"""YAML loading that keeps line numbers and refuses what PyYAML would silently accept.

Plain ``yaml.safe_load`` keeps the last of two duplicate keys and forgets where each key stood; rule files
need both caught, so errors can say ``rules/ask/ASK01.yml:7: unknown key 'phrase'``.

Rule packs come from users, so loading is bounded: a file, its nesting and the number of values it stands for
(aliases included: a "billion laughs" file is a few lines long) have limits, and what a data file has no use
for (tags, merge keys, an alias inside the value it names) is an error naming the line, never a traceback.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from requestlint.errors import RuleLoadError
from requestlint.usercache import cached, digest_of_files

MAX_BYTES = 1_000_000
"""Size of one YAML file (the largest bundled rule file has about 15,000 bytes)."""

MAX_DEPTH = 50
"""Levels of nesting (the bundled files use at most 9)."""

MAX_VALUES = 50_000
"""Keys, items and scalars in one file once its aliases are expanded (the bundled files have at most 1,700)."""


READER_FILES = (Path(__file__), Path(__file__).with_name("yamlcompose.py"))
"""The code that decides what a YAML file reads as: part of the key of anything cached from one (``usercache``)."""


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


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Parse one YAML document from ``path``; return the data and where each key stood."""
    # PyYAML is imported only when a file is read: a start whose rules and data come from the user cache
    # (``usercache``) reads none, and importing it took about 10 ms of every cold start.
    from requestlint.yamlcompose import compose

    return compose(path)


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


def cached_model_file(name: str, path: Path, model: type[Model]) -> Model:
    """``load_model_file`` through the user cache (``usercache``): validated on the first start, then read back
    until the file, the module that defines ``model`` or the YAML reader changes."""
    key = digest_of_files([path, Path(inspect.getfile(model)), *READER_FILES])
    return cached(name, key, lambda: load_model_file(path, model))
