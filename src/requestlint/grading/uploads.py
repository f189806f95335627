"""A class's drafts from one uploaded file, read in memory: the same readers as ``requestlint grade``.

The drafting page's class view takes what a workshop exports: a CSV, an mbox, JSON Lines, a single draft, or a
folder exported as a ``.zip``. Nothing is written to disk: drafts are personal data. A zip is read member by
member with bounds on the count and the unpacked size, so a small upload cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from requestlint.errors import InputError
from requestlint.grading.inputs import (
    DRAFT_SUFFIXES,
    CsvColumns,
    Submission,
    _submission,
    read_csv,
    read_jsonl,
    read_mbox,
)

ZIP_MEMBERS = 5_000
"""Most files a zipped folder may hold (a class is hundreds)."""
ZIP_UNPACKED_BYTES = 50_000_000
"""Most bytes a zipped folder may unpack to, all members together."""
UPLOAD_KINDS = (".zip", ".csv", ".mbox", ".jsonl", ".ndjson", *DRAFT_SUFFIXES)


def read_upload(name: str, data: bytes, columns: CsvColumns | None = None) -> list[Submission]:
    """The submissions in an uploaded file, chosen by its name's extension; an unusable file is an InputError."""
    # A browser sends the bare file name; anything with folders in it is cut to its last part.
    path = PurePosixPath(name.replace("\\", "/")).name or "upload"
    suffix = PurePosixPath(path).suffix.lower()
    as_path = Path(path)  # names the file in origins and errors; never opened
    if suffix == ".csv":
        return list(read_csv(as_path, columns, data=data))
    if suffix in (".mbox", ".mbx") or path.lower() == "mbox":
        return list(read_mbox(as_path, data=data))
    if suffix in (".jsonl", ".ndjson"):
        return list(read_jsonl(as_path, data=data))
    if suffix == ".zip":
        return _read_zip(path, data)
    if suffix in DRAFT_SUFFIXES:
        return [_submission(PurePosixPath(path).stem or path, path, data)]
    kinds = ", ".join(UPLOAD_KINDS)
    raise InputError(f"unknown upload type: give one of {kinds}", path=path)


def _read_zip(name: str, data: bytes) -> list[Submission]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"not a readable zip file: {exc}", path=name) from None
    members = [m for m in archive.infolist() if not m.is_dir() and not _is_clutter(m.filename)]
    if len(members) > ZIP_MEMBERS:
        raise InputError(f"the zip holds {len(members)} files; at most {ZIP_MEMBERS} are read", path=name)
    submissions: list[Submission] = []
    unpacked = 0
    for member in sorted(members, key=lambda m: m.filename):
        inner = PurePosixPath(member.filename)
        student, origin = inner.stem or inner.name, f"{name}: {member.filename}"
        if inner.suffix.lower() not in DRAFT_SUFFIXES:
            reason = f"not a draft; save drafts as plain text ({', '.join(DRAFT_SUFFIXES)})"
            submissions.append(Submission(student, origin, None, reason, skipped=True))
            continue
        try:
            with archive.open(member) as handle:
                content = handle.read(ZIP_UNPACKED_BYTES - unpacked + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            # encrypted, an unknown compression, a damaged member: this draft is listed, the class goes on
            submissions.append(Submission(student, origin, None, f"cannot unpack this file: {exc}"))
            continue
        unpacked += len(content)
        if unpacked > ZIP_UNPACKED_BYTES:
            raise InputError(f"the zip unpacks to more than {ZIP_UNPACKED_BYTES} bytes", path=name)
        submissions.append(_submission(student, origin, content))
    if not submissions:
        raise InputError("the zip holds no files", path=name)
    return submissions


def _is_clutter(filename: str) -> bool:
    """What archivers add beside the files (macOS resource forks, hidden files): not the class's drafts."""
    parts = PurePosixPath(filename).parts
    return any(part == "__MACOSX" or part.startswith(".") for part in parts)
