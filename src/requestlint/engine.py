"""The engine: select and compile rules once, parse drafts with only the components they need, run them."""

from __future__ import annotations

import dataclasses
import functools
import string
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from requestlint.checks import Check, Hit, compile_rule
from requestlint.checks.matching import bank_for
from requestlint.config import Settings
from requestlint.document import Document, make_doc
from requestlint.edits import build_edits
from requestlint.facts import Facts, extract_facts, job_ask_words, words_in
from requestlint.grammar import GrammarChecker, GrammarHit, Segments, grammar_findings, own_segments
from requestlint.kinds import KindGuess, KindRecogniser, bundled_model
from requestlint.loader import Ruleset
from requestlint.models import DraftKind, Finding, Part, PartSpan, Severity, Span, Suggestion
from requestlint.nlp import components_for, run_components
from requestlint.pitfalls import PITFALLS, drafts_of
from requestlint.schema import RuleBase, RuleSpec
from requestlint.source import Source
from requestlint.structure import Structure, analyse_structure
from requestlint.writer_facts import WRITER_FACT_FIELDS, WRITER_FACT_NEEDS


def drafts_for(rule: RuleBase) -> tuple[DraftKind, ...]:
    return tuple(rule.drafts) if rule.drafts is not None else drafts_of(rule.pitfall)


def selects(rule: RuleBase, selector: str) -> bool:
    return selector in (rule.code, rule.name, rule.group, rule.pitfall, *rule.aliases)


def select_rules(rules: Iterable[RuleSpec], settings: Settings) -> list[RuleSpec]:
    chosen = []
    for rule in rules:
        if settings.select and not any(selects(rule, s) for s in settings.select):
            continue
        if any(selects(rule, s) for s in settings.ignore):
            continue
        explicitly = any(s in (rule.code, rule.name) for s in settings.select)
        if rule.status == "preview" and not (settings.preview or explicitly):
            continue
        chosen.append(rule)
    return chosen


class _Template(string.Formatter):
    """Fills ``{field}`` from a mapping and reports which fields it could not fill."""

    def fill(self, template: str, values: dict[str, str]) -> str | None:
        needed = {name for _, name, _, _ in self.parse(template) if name}
        if not needed <= values.keys():
            return None
        return self.format(template, **values)


_TEMPLATE = _Template()
JOB_ASK = "asks-for-job"
"""The pitfall whose flagged words no suggestion may carry."""
WORD_FIXES = frozenset({"replace-match", "delete-match"})
"""Fix kinds whose edit depends on the occurrence alone: the fix corrects every occurrence, reported or not."""


def fills_writer_facts(rule: RuleBase) -> bool:
    """Whether one of the rule's replacements names the writer's role, school, study or field (read from the
    parse, so the parse must run even when the rule's own check needs none of it)."""
    return any(
        name in WRITER_FACT_FIELDS
        for template in rule.suggestion.replacements
        for _, name, _, _ in _TEMPLATE.parse(template)
    )


@dataclass(frozen=True)
class Prepared:
    """A draft split into parts, with its grammar request already on its way (while spaCy parses)."""

    source: Source
    structure: Structure
    segments: Segments
    grammar: Future[list[GrammarHit] | None] | None


@dataclass
class Engine:
    nlp: Language
    checks: list[Check]
    settings: Settings
    grammar: GrammarChecker = field(default_factory=lambda: GrammarChecker("off", None, 5.0))
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(max_workers=1))
    kinds: KindRecogniser | None = None
    # the checks each (kind, reply, outside the genre) case runs: worked out on first use (see ``applicable``)
    _applicable: dict[tuple[DraftKind, bool, bool], list[Check]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def build(cls, nlp: Language, ruleset: Ruleset, settings: Settings) -> Engine:
        chosen = select_rules(ruleset.rules, settings)
        grammar = GrammarChecker(settings.languagetool, settings.languagetool_url, settings.languagetool_timeout)
        # One worker: LanguageTool requests run beside the spaCy parse, one at a time (the client is not
        # thread-safe).
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="requestlint-languagetool")
        # A forced kind needs no recogniser (and its cue patterns need not be matched). Compiled first, so the moves
        # it shares with rules sit in the group every draft is matched against.
        kinds = None if settings.kind is not None else KindRecogniser(nlp, ruleset.moves, bundled_model())
        bank = bank_for(nlp)
        checks = []
        for rule in chosen:
            # Rules for the same kinds share a matcher group, matched only on drafts of those kinds.
            with bank.grouped(",".join(sorted(kind.value for kind in drafts_for(rule)))):
                checks.append(compile_rule(rule, nlp, ruleset.moves))
        return cls(nlp, checks, settings, grammar, pool, kinds)

    @functools.cached_property
    def needs(self) -> frozenset[str]:
        """What the compiled checks need of the parse (``nlp.NEEDS`` keys)."""
        needs: set[str] = {"tagger"} if self.grammar.mode != "off" else set()  # names for the spelling allow-list
        for check in self.checks:
            needs |= check.needs
        if self.kinds is not None:
            needs |= self.kinds.needs
        if any(fills_writer_facts(check.rule) for check in self.checks):
            needs |= WRITER_FACT_NEEDS
        return frozenset(needs)

    @functools.cached_property
    def components(self) -> list[str]:
        """The pipeline components the compiled checks need (asked on every parse: computed once)."""
        return components_for(self.nlp, self.needs)

    def prepare(self, source: Source) -> Prepared:
        structure = analyse_structure(source)
        segments = own_segments(source, structure)
        future = None if self.grammar.mode == "off" else self.pool.submit(self.grammar.check, segments.text)
        return Prepared(source, structure, segments, future)

    def parse(self, drafts: Iterable[Prepared]) -> Iterator[tuple[Document, Prepared]]:
        """Stream drafts through the pipeline (batched, only the needed components), in input order."""
        pending: list[Prepared] = []

        def docs() -> Iterator[Doc]:
            for draft in drafts:
                pending.append(draft)
                yield make_doc(self.nlp, draft.source, draft.structure)

        for doc in run_components(self.nlp, docs(), self.components):
            draft = pending.pop(0)
            yield Document(draft.source, draft.structure, doc), draft

    def kind_of(self, document: Document) -> KindGuess:
        if self.settings.kind is not None:
            return KindGuess(self.settings.kind, 1.0)
        if self.kinds is None:
            raise ValueError("this engine was built without a kind recogniser; force the kind in its settings")
        return self.kinds.guess(document)

    def applicable(self, document: Document, kind: DraftKind, outside_genre: bool = False) -> list[Check]:
        """The checks that run on this draft: those for its kind; a reply skips the rules that say so, and mail
        outside the genre gets no pitfall rule at all."""
        case = (kind, document.is_reply, outside_genre)
        if case not in self._applicable:  # asked twice per draft, of a few hundred checks: worked out once per case
            self._applicable[case] = [
                check
                for check in self.checks
                if kind in drafts_for(check.rule)
                and not (case[1] and check.rule.skip_replies)
                and not (outside_genre and check.rule.pitfall in PITFALLS)
            ]
        return self._applicable[case]

    def findings(
        self,
        document: Document,
        kind: DraftKind,
        grammar: tuple[Segments, list[GrammarHit]] | None = None,
        outside_genre: bool = False,
    ) -> list[Finding]:
        every = [(check.rule, check.run(document)) for check in self.applicable(document, kind, outside_genre)]
        runs = [(rule, hits[: rule.limit]) for rule, hits in every]
        # A suggestion never carries a job ask the report flags (into a subject, an ask, a background sentence).
        job_words = job_ask_words(
            document,
            [
                (h.start, h.end)
                for rule, hits in runs
                if rule.pitfall == JOB_ASK
                for h in hits
                if h.start is not None and h.end is not None
            ],
        )

        @functools.cache
        def facts() -> Facts:  # read from the parse only for a finding whose suggestion fills in a fact
            return dataclasses.replace(extract_facts(document), follow_up=kind is DraftKind.FOLLOW_UP).without(
                job_words
            )

        findings = []
        for rule, hits in every:
            reported = [self._finding(rule, hit, document, facts, job_words) for hit in hits[: rule.limit]]
            if reported and len(hits) > rule.limit and rule.suggestion.fix in WORD_FIXES:
                reported[-1] = self._with_other_occurrences(reported[-1], rule, hits[rule.limit :], document)
            findings.extend(reported)
        if grammar is not None:
            findings.extend(grammar_findings(document, *grammar, findings, self.settings))
        findings.sort(key=lambda f: (self._position(document, f), f.code))
        return findings

    @staticmethod
    def _with_other_occurrences(finding: Finding, rule: RuleBase, hits: list[Hit], document: Document) -> Finding:
        """A rule reports a word once or a few times (``limit``), but its fix corrects every occurrence: the last
        reported finding carries the edits of the others ("i" -> "I" throughout, every emoji)."""
        more = [
            edit
            for hit in hits
            if hit.start is not None and hit.end is not None
            for edit in build_edits(
                rule.suggestion.fix,
                document,
                (hit.start, hit.end),
                # a swap's own word for this occurrence, else the rule's fixed wording ("I")
                hit.replacement if hit.replacement is not None else finding.suggestion.replacement,
                deletes=hit.replacement == "",
            )
        ]
        suggestion = finding.suggestion.model_copy(update={"edits": [*finding.suggestion.edits, *more]})
        return finding.model_copy(update={"suggestion": suggestion})

    @staticmethod
    def _position(document: Document, finding: Finding) -> int:
        """Where a finding sorts: its span, or for something missing, where the missing part is or would be."""
        if finding.span is not None:
            return finding.span.start
        bounds = document.structure.range_of(finding.scope)
        if bounds is not None:
            return bounds[0]
        late = finding.scope in (Part.CLOSING, Part.SIGNATURE)
        return len(document.source.text) if late else 0

    def _finding(
        self, rule: RuleBase, hit: Hit, document: Document, facts: Callable[[], Facts], job_words: frozenset[str]
    ) -> Finding:
        text = document.source.text
        span = None
        match = None
        bounds = None
        if hit.start is not None and hit.end is not None:
            bounds = (hit.start, hit.end)
            line = text.count("\n", 0, hit.start) + 1
            column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
            span = Span(start=hit.start, end=hit.end, line=line, column=column)
            match = text[hit.start : hit.end]
        values = {
            "match": " ".join(match.split()) if match else "",  # a match across a line break reads as one line
            "value": _number(hit.value),
            "min": _number(getattr(rule, "min", None)),
            "max": _number(getattr(rule, "max", None)),
            "replacement": hit.replacement or "",
        }
        replacement = None
        if rule.suggestion.replacements:
            fact_values = facts().as_dict()
            if match and not job_words & words_in(match):
                fact_values["match"] = match
            if hit.replacement:
                fact_values["replacement"] = hit.replacement
            replacement = next(
                (
                    filled
                    for t in rule.suggestion.replacements
                    if (filled := _TEMPLATE.fill(t, fact_values)) is not None
                ),
                None,
            )
        return Finding(
            code=rule.code,
            name=rule.name,
            pitfall=rule.pitfall,
            severity=rule.severity,
            message=rule.message.format(**values),
            scope=rule.scope,
            span=span,
            match=match,
            suggestion=Suggestion(
                principle=rule.suggestion.principle,
                replacement=replacement,
                edits=build_edits(
                    rule.suggestion.fix,
                    document,
                    bounds,
                    replacement,
                    scope=rule.scope,
                    deletes=hit.replacement == "",
                ),
            ),
            weight=rule.weight if rule.weight is not None else self.settings.weights[Severity(rule.severity)],
        )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def part_spans(document: Document) -> list[PartSpan]:
    parts = []
    for part in (Part.SUBJECT, Part.GREETING, Part.BODY, Part.CLOSING, Part.SIGNATURE):
        for start, end in document.structure.ranges_of(part):
            parts.append(PartSpan(part=part, start=start, end=end))
    return sorted(parts, key=lambda p: p.start)
