"""The Python API: ``check(draft)`` and ``check_many(drafts)``."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path

from requestlint import __version__
from requestlint.config import Settings, load_settings
from requestlint.document import Document
from requestlint.engine import Engine, Prepared, part_spans
from requestlint.kinds import KindGuess
from requestlint.loader import load_rules
from requestlint.models import DraftKind, Report
from requestlint.nlp import load_nlp
from requestlint.scoring import pitfall_results, score
from requestlint.source import Source, read_draft, read_draft_file

Draft = str | bytes | Path | Source


_ENGINES: OrderedDict[str, Engine] = OrderedDict()
MAX_ENGINES = 8
"""Compiled engines kept (least recently used first out): a long-running server that meets many different
selections must not grow without bound."""
# An engine owns a thread (LanguageTool requests); threads do not survive fork, so a forked worker (batch
# grading) builds its own engines, reusing the loaded model it inherited.
os.register_at_fork(after_in_child=_ENGINES.clear)


def _engine_key(settings: Settings) -> str:
    """Equivalent settings share an engine: selections are sets, rule folders are compared resolved."""
    normal = settings.model_copy(
        update={
            "select": sorted(set(settings.select)),
            "ignore": sorted(set(settings.ignore)),
            "extra_rule_dirs": [path.resolve() for path in settings.extra_rule_dirs],
        }
    )
    return normal.model_dump_json()


def _engine(settings: Settings) -> Engine:
    """One compiled engine per distinct settings, the most recently used ``MAX_ENGINES`` of them kept."""
    key = _engine_key(settings)
    if key in _ENGINES:
        _ENGINES.move_to_end(key)
        return _ENGINES[key]
    ruleset = load_rules(tuple(settings.extra_rule_dirs))
    engine = Engine.build(load_nlp(entities=False), ruleset, settings)
    if "ner" in engine.needs:  # a rule reads entities: compile again on the pipeline that has them
        engine.pool.shutdown(wait=False)
        engine = Engine.build(load_nlp(entities=True), ruleset, settings)
    _ENGINES[key] = engine
    while len(_ENGINES) > MAX_ENGINES:
        _, evicted = _ENGINES.popitem(last=False)
        evicted.pool.shutdown(wait=False)
    return engine


def _settings(
    settings: Settings | None,
    select: list[str] | None,
    ignore: list[str] | None,
    kind: DraftKind | str | None,
) -> Settings:
    base = settings if settings is not None else load_settings()
    return base.merged(select=select, ignore=ignore, kind=DraftKind(kind) if kind else None)


def as_source(draft: Draft, name: str | None) -> Source:
    if isinstance(draft, Source):
        return draft
    if isinstance(draft, Path):
        return read_draft_file(draft)
    return read_draft(draft, name=name)


def _report(engine: Engine, document: Document, draft: Prepared) -> Report:
    guess = engine.kind_of(document)
    kind = guess.kind
    hits = draft.grammar.result() if draft.grammar is not None else None
    grammar = (draft.segments, hits) if hits is not None else None
    findings = engine.findings(document, kind, grammar, guess.outside_genre)
    ran = engine.applicable(document, kind, guess.outside_genre)
    status = engine.grammar.status()
    overridden = engine.settings.kind is not None
    notes = _notes(document.source) + kind_notes(guess, overridden)
    if status.state == "unavailable" and status.detail:
        notes.append(status.detail)
    return Report(
        requestlint_version=__version__,
        source=document.source.name,
        kind=kind,
        kind_confidence=guess.confidence,
        kind_overridden=overridden,
        score=score(findings),
        pitfalls=pitfall_results(findings, {check.rule.pitfall for check in ran}),
        findings=findings,
        parts=part_spans(document),
        rules_run=[check.rule.code for check in ran],
        grammar=status,
        notes=notes,
    )


UNSURE = 0.6
"""Below this confidence the report says that the kind is a guess."""


def kind_notes(guess: KindGuess, overridden: bool) -> list[str]:
    """What the reader of a report should know about the kind: that it was a guess, and how to force it."""
    if overridden:
        return []
    force = 'force the kind (--kind request on the command line, kind = "request" in settings, kind= in the API)'
    if guess.kind is DraftKind.OTHER and guess.outside_genre:
        return [
            f"read as 'other': everyday mail outside the genre ({guess.confidence:.0%} sure), so no pitfall rule "
            f"ran; if it is a request, a follow-up or a thank-you note, {force}"
        ]
    if guess.kind is DraftKind.OTHER:
        return [
            f"read as 'other': outreach that is not a request, follow-up or thank-you note ({guess.confidence:.0%} "
            f"sure), so only the subject, tone and job-ask rules ran; if it is one of those, {force}"
        ]
    if guess.confidence < UNSURE:
        return [f"the kind '{guess.kind.value}' is a guess ({guess.confidence:.0%} sure); if it is wrong, {force}"]
    return []


def _notes(source: Source) -> list[str]:
    if source.decoded:
        return ["offsets refer to the decoded message text (the body is encoded in the file)"]
    return []


def check(
    draft: Draft,
    *,
    settings: Settings | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    kind: DraftKind | str | None = None,
    name: str | None = None,
) -> Report:
    """Lint one draft: text (optionally with ``Subject:`` headers), raw ``.eml`` bytes, or a file path."""
    return next(check_many([draft], settings=settings, select=select, ignore=ignore, kind=kind, name=name))


def parse(draft: Draft, *, settings: Settings | None = None, name: str | None = None) -> Document:
    """The draft as the rules see it (its source, structure and spaCy ``Doc``), for tools and benchmarks."""
    engine = _engine(_settings(settings, None, None, None))
    document, _ = next(engine.parse([engine.prepare(as_source(draft, name))]))
    return document


def check_many(
    drafts: Iterable[Draft],
    *,
    settings: Settings | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    kind: DraftKind | str | None = None,
    name: str | None = None,
) -> Iterator[Report]:
    """Lint many drafts, streamed through spaCy in batches; reports come back in input order."""
    engine = _engine(_settings(settings, select, ignore, kind))
    prepared = (engine.prepare(as_source(draft, name)) for draft in drafts)
    for document, draft in engine.parse(prepared):
        yield _report(engine, document, draft)
