"""What a cold start would otherwise rebuild every time, kept in the user's cache folder.

A cold ``requestlint check`` used to spend most of its time before parsing anything: composing about eighty YAML
files with line tracking and parsing the whole CMU pronouncing dictionary. Both results depend only on files on
disk, so each is stored once under a key made from those files' bytes (for the large data files of installed
packages, their sizes and times; see ``stamp_of_files``) and read back on the next start. A key that changes (a
rule edited, a pack added, a package upgraded) is simply a new entry.

The folder is ``$REQUESTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/requestlint``, else ``~/.cache/requestlint``.
Caching is an optimisation only: a folder that cannot be written, or an entry that cannot be read, means the
work is done again, never an error. ``REQUESTLINT_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from requestlint import __version__

T = TypeVar("T")

_OFF = "off"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    configured = os.environ.get("REQUESTLINT_CACHE_DIR")
    if configured:
        return None if configured == _OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "requestlint"


def digest_of_files(paths: Iterable[Path], *extra: str) -> str:
    """A key for the content of ``paths`` (names and bytes) and of ``extra`` strings, with the package version."""
    digest = hashlib.sha256(__version__.encode())
    for item in extra:
        digest.update(b"\0" + item.encode())
    for path in paths:
        digest.update(b"\0" + str(path).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def stamp_of_files(paths: Iterable[Path]) -> str:
    """A key for files that change only when their package is installed again: their names, sizes and modification
    times, with the package version. Cheaper than ``digest_of_files`` for large data files that are never edited
    (hashing the CMU dictionary's 3.6 MB took 4 ms of every cold start)."""
    stamps = []
    for path in paths:
        status = path.stat()
        stamps.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return digest_of_files([], *stamps)


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``, or the value stored for ``name`` under ``key`` by an earlier process.

    Entries are pickles, and unpickling runs code: an entry is read only when this user owns it and nobody else
    may write it (a cache folder pointed at a shared place cannot be used to plant one); otherwise it is rebuilt.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            if _trusted(os.fstat(handle.fileno())):
                value: T = pickle.load(handle)
                return value
    except Exception:  # missing, truncated or written by another Python: build it again
        pass
    value = build()
    _store(folder, name, path, value)
    return value


def _trusted(status: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (where the system has users)."""
    if not hasattr(os, "getuid"):
        return True
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_older(folder, name)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as handle:
            temporary = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: a process reading at the same time sees all of it or nothing
    except Exception:  # a cache that cannot be written is no cache, not an error
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _remove_older(folder: Path, name: str) -> None:
    """Entries of ``name`` under other keys: edited rules must not leave one file per edit behind."""
    for old in folder.glob(f"{name}-*.pickle"):
        with contextlib.suppress(OSError):
            old.unlink()
