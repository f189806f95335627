"""Grammar, spelling and mechanics from a LanguageTool server, through ``language_tool_python``.

What is sent: the writer's own text only (subject, greeting, body, closing; never quoted replies nor the
signature), as a compact text whose offsets map back to the input. What comes back becomes findings of the
``mechanics`` category (colloquialisms: ``informal-tone``), minus names, schools and addresses from the draft
and the user's allow-list. The server is optional: when none can be had the report says so and every other
check runs as usual, within a bounded time and without downloading anything.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from requestlint.config import Settings
from requestlint.document import Document
from requestlint.models import Edit, Finding, GrammarStatus, Part, Severity, Span, Suggestion
from requestlint.source import Source
from requestlint.structure import Structure

URL_ENV = "REQUESTLINT_LANGUAGETOOL_URL"

# LanguageTool category -> (severity, pitfall or category). Unlisted categories are info/mechanics.
CATEGORY_MAP: dict[str, tuple[Severity, str]] = {
    "TYPOS": (Severity.WARNING, "mechanics"),
    "GRAMMAR": (Severity.WARNING, "mechanics"),
    "CONFUSED_WORDS": (Severity.WARNING, "mechanics"),
    "SEMANTICS": (Severity.WARNING, "mechanics"),
    "COLLOQUIALISMS": (Severity.WARNING, "informal-tone"),
    "CASING": (Severity.INFO, "mechanics"),
    "PUNCTUATION": (Severity.INFO, "mechanics"),
    "TYPOGRAPHY": (Severity.INFO, "mechanics"),
    "REDUNDANCY": (Severity.INFO, "mechanics"),
    "STYLE": (Severity.INFO, "mechanics"),
    "MISC": (Severity.INFO, "mechanics"),
}
# Spelling categories, where names and addresses from the draft are not errors.
SPELLING = frozenset({"TYPOS"})

_ADDRESS = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|\b[\w-]+\.(com|org|edu|net|io|gov)\b|\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}"
)


@dataclass(frozen=True)
class Segments:
    """The text sent to LanguageTool and, for each piece of it, where it starts in the input."""

    text: str
    starts: list[int]  # offsets in ``text`` where a piece starts
    sources: list[int]  # matching offsets in the input

    def to_source(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.sources[index] + (offset - self.starts[index])


def own_segments(source: Source, structure: Structure) -> Segments:
    """Subject line, then every line the writer wrote from the greeting to the closing, quotes left out."""
    pieces: list[tuple[int, str]] = []
    if structure.subject is not None:
        pieces.append((structure.subject[0], source.text[structure.subject[0] : structure.subject[1]]))
    spans = [s for s in (structure.greeting, structure.body, structure.closing) if s is not None]
    if spans:
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        quoted = structure.quoted
        for line in structure.own_lines:
            if line.end <= lo or line.start >= hi or any(q[0] <= line.start < q[1] for q in quoted):
                continue
            start, end = max(line.start, lo), min(line.end, hi)
            pieces.append((start, source.text[start:end]))
    text, starts, sources = "", [], []
    for index, (source_start, piece) in enumerate(pieces):
        if index:
            # The subject is a paragraph of its own; the writer's lines keep their line breaks.
            text += "\n\n" if index == 1 and structure.subject is not None else "\n"
        starts.append(len(text))
        sources.append(source_start)
        text += piece
    return Segments(text, starts, sources)


@dataclass(frozen=True)
class GrammarHit:
    start: int
    end: int
    rule_id: str
    category: str
    message: str
    replacements: tuple[str, ...]


def _bounded_client(url: str | None, timeout: float) -> Any:
    """language_tool_python's client with a bounded request timeout (its default is 300 s per try)."""
    import language_tool_python

    class Client(language_tool_python.LanguageTool):
        _TIMEOUT = timeout  # type: ignore[assignment]  # read by every request; upstream types it Literal[300]

    return Client("en-US") if url is None else Client("en-US", remote_server=url)


def local_languagetool_installed() -> bool:
    """True when language_tool_python has a LanguageTool it can start without downloading one."""
    if os.environ.get("LTP_JAR_DIR_PATH"):
        return True
    from language_tool_python.utils import get_language_tool_download_path

    folder = get_language_tool_download_path()
    return folder.is_dir() and any(p.is_dir() for p in folder.glob("LanguageTool*"))


class GrammarChecker:
    """One LanguageTool client per process, answers cached per text, failures remembered for a while."""

    RETRY_AFTER = 30.0  # seconds before trying an unavailable server again

    def __init__(self, mode: Literal["auto", "off", "local", "remote"], url: str | None, timeout: float) -> None:
        url = url or os.environ.get(URL_ENV) or None
        if mode == "auto":
            mode = "remote" if url else "off"
        self.mode = mode
        self.url = url
        self.timeout = timeout
        self._client: Any = None
        self._failed_at: float | None = None
        self._failure = ""
        self._cache: OrderedDict[str, list[GrammarHit]] = OrderedDict()
        self._lock = threading.Lock()  # language_tool_python keeps class-level state while building matches

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        if self.mode == "remote" and not self.url:
            raise ConnectionError(f"remote mode needs a server URL ({URL_ENV} or languagetool_url)")
        if self.mode == "local" and not local_languagetool_installed():
            raise ConnectionError(
                "no local LanguageTool is installed and requestlint never downloads one; "
                "use a server URL, or let language_tool_python download LanguageTool once (it needs internet and Java)"
            )
        self._client = _bounded_client(self.url if self.mode == "remote" else None, self.timeout)
        return self._client

    def status(self) -> GrammarStatus:
        if self.mode == "off":
            return GrammarStatus(state="off", detail="grammar checks are off (set languagetool or " + URL_ENV + ")")
        if self._failed_at is not None:
            return GrammarStatus(
                state="unavailable", detail=f"grammar checks unavailable: {self._failure}", server=self.url
            )
        return GrammarStatus(state="ok", server=self.url or "local")

    def check(self, text: str) -> list[GrammarHit] | None:
        """Matches for ``text``, or None when no server could be had (see ``status``)."""
        if self.mode == "off":
            return None
        if not text.strip():
            return []
        with self._lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text]
            if self._failed_at is not None and time.monotonic() - self._failed_at < self.RETRY_AFTER:
                return None
            try:
                matches = self._connect().check(text)
            except Exception as exc:  # a network client fails in many ways; each means "unavailable"
                self._client = None
                self._failed_at = time.monotonic()
                self._failure = f"{type(exc).__name__}: {str(exc)[:200]}"
                return None
            self._failed_at = None
            hits = [
                GrammarHit(
                    m.offset,
                    m.offset + m.error_length,
                    m.rule_id,
                    m.category or "MISC",
                    m.message,
                    tuple(m.replacements[:5]),
                )
                for m in matches
            ]
            self._cache[text] = hits
            if len(self._cache) > 2048:
                self._cache.popitem(last=False)
            return hits


def allowed_spans(source: Source, names: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that spelling must leave alone: names from the parse, and addresses, URLs and phone numbers."""
    spans = list(names)
    spans.extend((m.start(), m.end()) for m in _ADDRESS.finditer(source.text))
    return spans


def keep(start: int, end: int, category: str, text: str, allowed: list[tuple[int, int]], words: set[str]) -> bool:
    """False for a spelling match on a name, an address, or a word the user allowed."""
    if category not in SPELLING:
        return True
    if text.lower() in words:
        return False
    return not any(a < end and start < b for a, b in allowed)


GRAMMAR_WEIGHTS = {Severity.ERROR: 5.0, Severity.WARNING: 2.0, Severity.INFO: 0.0}
"""Score points per LanguageTool finding: lighter than a pitfall, and at most PER_RULE findings per rule."""
PER_RULE = 5


def grammar_findings(
    document: Document, segments: Segments, hits: list[GrammarHit], existing: list[Finding], settings: Settings
) -> list[Finding]:
    """LanguageTool matches as findings, in the input's offsets, without names and without duplicates."""
    text = document.source.text
    names = [(t.idx, t.idx + len(t.text)) for t in document.doc if t.pos_ == "PROPN" or t.like_email or t.like_url]
    allowed = allowed_spans(document.source, names)
    words = {w.lower() for w in settings.languagetool_allow}
    # A requestlint finding on the same words explains them already; one that spans a whole part (a length
    # or lowercase-writing hint) must not hide every spelling error inside it.
    taken = [(f.span.start, f.span.end) for f in existing if f.span is not None and f.span.end - f.span.start <= 40]
    per_rule: dict[str, int] = {}
    findings: list[Finding] = []
    for hit in hits:
        start, end = segments.to_source(hit.start), segments.to_source(max(hit.start, hit.end - 1)) + 1
        match = text[start:end]
        if not keep(start, end, hit.category, match, allowed, words):
            continue
        if any(a < end and start < b for a, b in taken):
            continue  # a requestlint rule already explains this span
        per_rule[hit.rule_id] = per_rule.get(hit.rule_id, 0) + 1
        if per_rule[hit.rule_id] > PER_RULE:
            continue
        severity, pitfall = CATEGORY_MAP.get(hit.category, (Severity.INFO, "mechanics"))
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        findings.append(
            Finding(
                code=f"LT-{hit.rule_id}",
                name=f"languagetool.{hit.rule_id.lower().replace('_', '-')}",
                pitfall=pitfall,
                severity=severity,
                message=hit.message,
                scope=Part.DRAFT,
                span=Span(start=start, end=end, line=line, column=column),
                match=match,
                suggestion=Suggestion(
                    principle=f"LanguageTool ({hit.category.lower()}): {hit.message}",
                    replacement=hit.replacements[0] if hit.replacements else None,
                    # LanguageTool's own replacement of the span: a spelling or grammar fix that keeps the content
                    edits=[Edit(op="replace", start=start, end=end, text=hit.replacements[0], safe=True)]
                    if hit.replacements
                    else [],
                ),
                weight=GRAMMAR_WEIGHTS[severity],
            )
        )
    return findings
