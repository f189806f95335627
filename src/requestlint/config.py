"""Settings: which rules run, how findings are weighed, and where user rule folders are.

Read from ``requestlint.toml`` (top-level keys) or the ``[tool.requestlint]`` table of ``pyproject.toml``,
whichever is found first walking up from the current folder; API and CLI arguments override the file.

A file found that way belongs to whoever wrote that folder, not necessarily to the user, so it may not send
drafts off this machine: a ``languagetool_url`` in it that is not a loopback address is ignored, with a
``SettingsWarning``. A remote server comes only from the user's own settings: the environment variable, a CLI
option, a settings file named explicitly (``--config``), or ``Settings`` passed to the API.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
import warnings
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from requestlint.errors import ConfigError
from requestlint.models import DraftKind, Severity

DEFAULT_WEIGHTS: dict[Severity, float] = {Severity.ERROR: 15.0, Severity.WARNING: 10.0, Severity.INFO: 0.0}


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    select: list[str] = Field(default_factory=list, description="Run only these (code, name, group or pitfall)")
    ignore: list[str] = Field(default_factory=list, description="Never run these (code, name, group or pitfall)")
    extra_rule_dirs: list[Path] = Field(default_factory=list, description="Folders of your own rules")
    preview: bool = Field(default=False, description="Also run rules whose status is 'preview'")
    fail_on: Severity = Field(default=Severity.WARNING, description="Lowest severity that fails the CLI")
    kind: DraftKind | None = Field(default=None, description="Treat every draft as this kind")
    weights: dict[Severity, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    languagetool: Literal["auto", "off", "local", "remote"] = Field(
        default="auto",
        description="Grammar checks: auto = a server URL if one is configured, else off",
    )
    languagetool_url: str | None = Field(
        default=None,
        description="Base URL of a LanguageTool server (or env REQUESTLINT_LANGUAGETOOL_URL); "
        "a settings file found by walking up may only name one on this machine",
    )
    languagetool_timeout: float = Field(default=5.0, gt=0, le=60, description="Seconds per LanguageTool request")
    languagetool_allow: list[str] = Field(default_factory=list, description="Words spelling must accept")

    @field_validator("weights", mode="after")
    @classmethod
    def _complete_weights(cls, weights: dict[Severity, float]) -> dict[Severity, float]:
        """Weights given for some severities keep the defaults for the others."""
        return {**DEFAULT_WEIGHTS, **weights}

    def merged(self, **overrides: Any) -> Settings:
        """A copy with the given values replaced (``None`` and empty lists leave a value as it is)."""
        changes = {key: value for key, value in overrides.items() if value is not None and value != []}
        if not changes:
            return self  # settings are frozen: nothing to copy (check() merges on every call)
        data = {**self.model_dump(), **changes}
        try:
            return Settings.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(_first_error(exc)) from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown setting {where!r}"
    return f"setting {where!r}: {error['msg']}"


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "requestlint.toml"
        if own.is_file():
            return own, _read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("requestlint")
            if table is not None:
                return pyproject, table
    return None


_READ: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}
"""Each settings file's table by the version of the file it was read from: ``check()`` looks for settings on every
call, and parsing a pyproject.toml each time cost more than some checks."""
_SETTINGS: dict[Path, tuple[dict[str, Any], Settings]] = {}
"""The settings made from each file's table (kept with the table itself, so a new version is never mistaken)."""


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's table, parsed again only when the file changed (its modification time, size or inode)."""
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        known = _READ.get(path)
        if known is not None and known[0] == version:
            return known[1]
        with path.open("rb") as handle:
            table = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        line_match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"cannot read settings: {exc}", path=path, line=int(line_match.group(1)) if line_match else None
        ) from exc
    _READ[path] = (version, table)
    return table


def settings_from_file(path: Path, table: dict[str, Any]) -> Settings:
    data = dict(table)
    if "extra_rule_dirs" in data and isinstance(data["extra_rule_dirs"], list):
        data["extra_rule_dirs"] = [str((path.parent / str(d)).resolve()) for d in data["extra_rule_dirs"]]
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        key = str(exc.errors()[0]["loc"][0]) if exc.errors()[0]["loc"] else ""
        raise ConfigError(_first_error(exc), path=path, line=_line_of_key(path, key)) from None


def _line_of_key(path: Path, key: str) -> int | None:
    """Line of ``key`` inside requestlint's table ([tool.requestlint] in pyproject.toml, top level otherwise)."""
    if not key:
        return None
    in_table = path.name != "pyproject.toml"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            in_table = (
                header.group(1).strip().startswith("tool.requestlint") if path.name == "pyproject.toml" else False
            )
            continue
        if in_table and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return None


def read_settings_file(path: Path) -> Settings:
    """Settings from one named file: requestlint.toml (top level) or pyproject.toml ([tool.requestlint])."""
    if not path.is_file():
        raise ConfigError("settings file not found", path=path)
    table = _read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("requestlint", {})
    return settings_from_file(path, table)


def load_settings(start: Path | None = None) -> Settings:
    """Settings from the nearest config file, or the defaults."""
    found = find_config(start or Path.cwd())
    if found is None:
        return Settings()
    path, table = found
    trusted = _without_remote_server(path, table)  # warns on every load, as the warning filters allow
    known = _SETTINGS.get(path)
    if known is not None and known[0] is table:
        return known[1]
    settings = settings_from_file(path, trusted)
    _SETTINGS[path] = (table, settings)
    return settings


class SettingsWarning(UserWarning):
    """A setting was ignored; the message names the file and line."""


# Each note is shown once per file in a process (``check`` loads the settings for every call).
_WARNED: dict[Path, dict[Any, Any]] = {}
# A host and optional port, nothing else: no user info, no escapes, nothing two URL parsers could read apart.
_PLAIN_NETLOC = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def is_loopback_url(url: str) -> bool:
    """True when ``url`` can only reach this machine: ``localhost`` or a literal loopback address."""
    if not url.isprintable() or any(char.isspace() for char in url):
        return False
    # language_tool_python reads "host:port" as http://host:port.
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not _PLAIN_NETLOC.fullmatch(parts.netloc):
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it could resolve anywhere
        return False


def _without_remote_server(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    """The discovered file's settings minus a ``languagetool_url`` that would send drafts off this machine."""
    url = table.get("languagetool_url")
    if not isinstance(url, str) or is_loopback_url(url):
        return table
    warnings.warn_explicit(
        f"languagetool_url {url!r} ignored: a settings file found by walking up from the current folder may only "
        "name a LanguageTool server on this machine (localhost, 127.0.0.1, [::1]), since every draft checked "
        "is sent there. To use that server, set REQUESTLINT_LANGUAGETOOL_URL, pass --languagetool URL, or name "
        "this file with --config.",
        SettingsWarning,
        filename=str(path),
        lineno=_line_of_key(path, "languagetool_url") or 0,
        registry=_WARNED.setdefault(path, {}),
    )
    return {key: value for key, value in table.items() if key != "languagetool_url"}
