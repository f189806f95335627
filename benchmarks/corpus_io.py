"""Reading labelled drafts: the project's corpus (benchmarks/corpus, see its README) and the external
development set (../shared/data/external-dev, adapted from published samples; present only on machines that
have it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from requestlint.pitfalls import PITFALLS

CORPUS = Path(__file__).resolve().parent / "corpus"
HOLDOUT_PREFIX = "holdout"
EXTERNAL_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "external-dev" / "drafts.jsonl"

PITFALL_IDS = PITFALLS
# The pitfalls of one kind only (corpus README: "Pitfalls of the follow-up and the thank-you note"): they never
# apply to another kind, whatever an entry's own not_applicable list says (lists written before they existed).
KIND_ONLY = {
    "generic-thanks": "thank-you",
    "no-next-steps": "thank-you",
    "pushy-follow-up": "follow-up",
    "no-context": "follow-up",
}


def _other_kinds_only(kind: str) -> frozenset[str]:
    return frozenset(p for p, own in KIND_ONLY.items() if own != kind)


# Pitfalls the rubric does not apply to a kind, unless an entry says otherwise (corpus README).
DEFAULT_NOT_APPLICABLE = {
    "request": _other_kinds_only("request"),
    "follow-up": frozenset({"missing-background"}) | _other_kinds_only("follow-up"),
    "thank-you": frozenset({"missing-background", "unspecific-ask", "passive-next-step"})
    | _other_kinds_only("thank-you"),
    "other": frozenset({"missing-background", "unspecific-ask", "passive-next-step"}) | _other_kinds_only("other"),
}


@dataclass(frozen=True)
class Labelled:
    ident: str
    text: str
    kind: str
    pitfalls: frozenset[str]
    not_applicable: frozenset[str]

    @property
    def clean(self) -> bool:
        """No pitfall present: any pitfall reported on this draft is a false alarm."""
        return not self.pitfalls


def load_batch(name: str) -> list[Labelled]:
    folder = CORPUS / name
    entries = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))
    items = []
    for entry in entries:
        kind = entry["kind"]
        na = entry.get("not_applicable")
        items.append(
            Labelled(
                ident=f"{name}/{entry['file']}",
                text=(folder / entry["file"]).read_text(encoding="utf-8"),
                kind=kind,
                pitfalls=frozenset(entry.get("pitfalls") or []),
                not_applicable=DEFAULT_NOT_APPLICABLE[kind] if na is None else frozenset(na) | _other_kinds_only(kind),
            )
        )
    return items


def batches() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "labels.yml").is_file())


def is_held_out(batch: str) -> bool:
    return batch.startswith(HOLDOUT_PREFIX)


_EXTERNAL_KINDS = {"request": "request", "followup": "follow-up", "thank_you": "thank-you", "other": "other"}
_EXTERNAL_LABELS = {
    "vague_subject": "vague-subject",
    "informal": "informal-tone",
    "missing_background": "missing-background",
    "unspecific_ask": "unspecific-ask",
    "passive_next_step": "passive-next-step",
    "asks_for_job": "asks-for-job",
}


def external_draft(record: dict[str, object]) -> str:
    """The draft as a user would paste it: a Subject header when there is a subject, then the body."""
    subject = record["subject"]
    head = f"Subject: {subject}\n" if subject is not None else ""
    return f"{head}\n{record['body']}\n"


def load_external(path: Path = EXTERNAL_DEV) -> list[Labelled]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        labels = {_EXTERNAL_LABELS[key]: value for key, value in record["labels"].items()}
        items.append(
            Labelled(
                ident=f"external/{record['id']}",
                text=external_draft(record),
                kind=_EXTERNAL_KINDS[record["kind"]],
                pitfalls=frozenset(p for p, value in labels.items() if value),
                # The external set is labelled for the first six pitfalls only.
                not_applicable=frozenset(p for p, value in labels.items() if value is None) | frozenset(KIND_ONLY),
            )
        )
    return items
