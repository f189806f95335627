"""Errors that requestlint raises on purpose; each message names the file and line when there is one."""

from __future__ import annotations

from pathlib import Path


class RequestlintError(Exception):
    """Base class: the CLI prints these without a traceback and exits with status 2."""

    code = "RLE000"

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.code} {self.message}"


class RuleLoadError(RequestlintError):
    """A rule or cases file is not valid YAML or does not match the rule schema."""

    code = "RLE101"


class ConfigError(RequestlintError):
    """A settings file or a settings value is wrong."""

    code = "RLE201"


class InputError(RequestlintError):
    """A draft cannot be read (undecodable, not text, missing)."""

    code = "RLE301"


class ModelNotFoundError(RequestlintError):
    """No spaCy English pipeline is installed."""

    code = "RLE401"


class ClusterError(RequestlintError):
    """A Dask cluster to grade on cannot be used (Dask not installed, the scheduler not reachable)."""

    code = "RLE501"
