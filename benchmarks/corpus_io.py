"""Reading the labelled corpus under benchmarks/corpus (see its README for the format)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
HOLDOUT = "holdout"


@dataclass(frozen=True)
class Labelled:
    batch: str
    file: str
    path: Path
    kind: str
    pitfalls: frozenset[str]

    @property
    def ident(self) -> str:
        return f"{self.batch}/{self.file}"


def load_batch(name: str) -> list[Labelled]:
    folder = CORPUS / name
    entries = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))
    return [
        Labelled(name, e["file"], folder / e["file"], e["kind"], frozenset(e.get("pitfalls") or [])) for e in entries
    ]


def batches() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "labels.yml").is_file())
