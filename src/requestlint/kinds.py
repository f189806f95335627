"""Recognising what kind of email a draft is: request, follow-up, thank-you note or something else.

Only the rules that fit a kind run on it, so this decision gates every pitfall. It is a small linear classifier
(multinomial logistic regression) over features that are data: moves from ``rules/_moves`` matched in a part of
the draft (``rules/_kinds/features.yml``: does the writer ask the reader for a conversation, for a job, thank
them for a conversation that happened, refer to an earlier unanswered message, talk business?) plus a few facts
about the email's shape (a reply subject, quoted text, length). The weights (``rules/_kinds/model.json``) are
fitted on the labelled corpus by ``tools/train_kind_model.py``, reproducibly, and a test checks they are current.

A second, binary model (``genre``) first asks whether the email is in the genre at all: the same features plus
which of a few hundred common words it uses, learnt from the corpus's everyday business and personal mail. Mail it
is sure lies outside the genre is "other" whatever it asks. Within the genre, waving a weak request through as
"other" is the costliest mistake (no pitfall rule runs), so when a request or follow-up is nearly as likely as
"other", the draft is read as one (``request_floor``).
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field

from spacy.language import Language

from requestlint.bundled import bundled_rules_dir
from requestlint.checks.matching import CompiledMatcher, Moves, compile_matcher
from requestlint.document import Document
from requestlint.errors import RuleLoadError
from requestlint.facts import writer_name
from requestlint.models import DraftKind, Part
from requestlint.schema import KindFeature, KindFeaturesFile, KindModelFile, MoveRef
from requestlint.source import is_reply_subject
from requestlint.yamlfile import cached_model_file

KINDS_DIR = "_kinds"
SHAPE_FEATURES = (
    "no-subject",
    "reply-subject",
    "quoted",
    "quotes-own-message",
    "words",
    "short",
    "long",
    "question",
    "greeting",
    "sign-off",
)
"""Facts about the email's shape, computed in code; every other feature is a move (features.yml)."""

_WORD = re.compile(r"[A-Za-z0-9']+")


@dataclass(frozen=True)
class KindGuess:
    kind: DraftKind
    confidence: float  # the classifier's probability for ``kind`` (1.0 when the kind was forced)
    outside_genre: bool = False  # read as everyday mail that is not outreach at all


@dataclass(frozen=True)
class Cues:
    """Feature positions that decide or rule out a kind by themselves (see ``KindFeature``)."""

    request: list[int]
    keep_other: list[int]
    follow_up: list[int] = field(default_factory=list)  # without one of these a draft is not a follow-up
    makes_follow_up: list[int] = field(default_factory=list)  # with one of these an asking draft is a follow-up


@dataclass(frozen=True)
class Features:
    """What the classifier sees of one draft: cue and shape values, and the lower-cased words it uses."""

    values: list[float]
    words: frozenset[str]
    length: int = 0  # words the writer wrote (greeting to sign-off, and a P.S.)


def load_features() -> list[KindFeature]:
    """The features file, validated (read from the user cache after the first start: see ``usercache``)."""
    path = bundled_rules_dir() / KINDS_DIR / "features.yml"
    return cached_model_file("kind-features-file", path, KindFeaturesFile).features


def load_model() -> KindModelFile:
    path = bundled_rules_dir() / KINDS_DIR / "model.json"
    try:
        return KindModelFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise RuleLoadError(f"cannot read the kind model: {exc}", path=path) from None


class KindRecogniser:
    """Computes a draft's features and applies the trained weights."""

    def __init__(self, nlp: Language, moves: Moves, model: KindModelFile | None) -> None:
        self.features = load_features()
        unknown = sorted({f.move for f in self.features} - set(moves))
        if unknown:
            raise RuleLoadError(f"kind features use unknown moves: {', '.join(unknown)}")
        self.matchers: dict[str, CompiledMatcher] = {
            f.move: compile_matcher(MoveRef(move=f.move), nlp, Part.DRAFT, moves) for f in self.features
        }
        self.model = model
        if model is not None and model.features != self.feature_names:
            raise RuleLoadError(
                "the kind model was trained on other features than rules/_kinds/features.yml lists; "
                "retrain it with tools/train_kind_model.py"
            )

    @property
    def feature_names(self) -> list[str]:
        return [f.name for f in self.features] + list(SHAPE_FEATURES)

    @property
    def needs(self) -> frozenset[str]:
        return frozenset({"parser"}).union(*(m.needs for m in self.matchers.values()))

    def features_of(self, document: Document) -> Features:
        """The draft's feature values (in ``feature_names`` order) and its words."""
        where = {"own": _own_ranges(document), "opening": _opening(document), "subject": _subject(document)}
        values = []
        for feature in self.features:
            matcher = self.matchers[feature.move]
            found = any(matcher.find(document, bounds) for bounds in where[feature.where])
            values.append(1.0 if found else 0.0)
        shape, length = _shape(document)
        return Features(values + shape, _words(document, [*where["own"], *where["subject"]]), length)

    @property
    def cues(self) -> Cues:
        """Positions of the decisive features (``makes_request``) and of those that overrule them."""
        shape = {name: len(self.features) + i for i, name in enumerate(SHAPE_FEATURES)}
        return Cues(
            [i for i, f in enumerate(self.features) if f.makes_request],
            [i for i, f in enumerate(self.features) if f.keeps_other],
            [i for i, f in enumerate(self.features) if f.marks_follow_up] + [shape["reply-subject"], shape["quoted"]],
            [i for i, f in enumerate(self.features) if f.makes_follow_up],
        )

    def guess(self, document: Document) -> KindGuess:
        if self.model is None:
            raise RuleLoadError("no kind model is loaded")
        return classify(self.model, self.features_of(document), self.cues)


def _softmax(rows: list[list[float]], biases: list[float], values: list[float]) -> list[float]:
    scores = [
        bias + sum(w * x for w, x in zip(row, values, strict=True)) for row, bias in zip(rows, biases, strict=True)
    ]
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [e / total for e in exps]


def classify(model: KindModelFile, features: Features, cues: Cues) -> KindGuess:
    """Outside the genre, "other"; within it the likeliest kind, but a request or follow-up when together they
    reach ``request_floor`` or when a decisive cue is present (and none that keeps "other"). A decisive cue also
    raises the bar for setting a draft aside as outside the genre."""
    genre = model.genre
    if features.length > genre.longest_words:
        return KindGuess(DraftKind.OTHER, 1.0, outside_genre=True)  # newsletters and reports, whatever they ask
    asks = any(features.values[i] for i in cues.request) and not any(features.values[i] for i in cues.keep_other)
    words = [1.0 if word in features.words else 0.0 for word in genre.vocabulary]
    outside = _softmax(genre.weights, genre.bias, features.values + words)[1]
    if outside >= (genre.decisive_threshold if asks else genre.threshold):
        return KindGuess(DraftKind.OTHER, round(outside, 3), outside_genre=True)
    probability = dict(zip(model.classes, _softmax(model.weights, model.bias, features.values), strict=True))
    if cues.follow_up and not any(features.values[i] for i in cues.follow_up):
        # nothing refers to an earlier message: what the model gave a follow-up goes to a first request
        probability[DraftKind.REQUEST] = probability.get(DraftKind.REQUEST, 0.0) + probability.pop(
            DraftKind.FOLLOW_UP, 0.0
        )
    kind = max(probability, key=lambda k: probability[k])
    asking = probability.get(DraftKind.REQUEST, 0.0) + probability.get(DraftKind.FOLLOW_UP, 0.0)
    if kind is DraftKind.OTHER and (asking >= model.request_floor or asks):
        kind = max((DraftKind.REQUEST, DraftKind.FOLLOW_UP), key=lambda k: probability.get(k, 0.0))
    if kind is DraftKind.REQUEST and any(features.values[i] for i in cues.makes_follow_up):
        # the writer says they wrote to this reader before: whatever it restates, it asks again (and is as sure
        # of that as of the two together)
        asking_again = probability.pop(DraftKind.REQUEST) + probability.get(DraftKind.FOLLOW_UP, 0.0)
        probability[DraftKind.FOLLOW_UP] = asking_again
        kind = DraftKind.FOLLOW_UP
    return KindGuess(kind, round(probability[kind], 3))


def _own_ranges(document: Document) -> list[tuple[int, int]]:
    """From the greeting to the sign-off, and a P.S.: what the writer wrote, signature and quotes left out."""
    structure = document.structure
    parts = [r for r in (structure.greeting, structure.body, structure.closing) if r is not None]
    ranges = [(min(r[0] for r in parts), max(r[1] for r in parts))] if parts else []
    if structure.postscript is not None:
        ranges.append(structure.postscript)
    return ranges


def _opening(document: Document) -> list[tuple[int, int]]:
    """The first two sentences of the body."""
    body = document.structure.body
    if body is None:
        return []
    if not document.has_sentences:
        return [body]
    ends = []
    for _, end in document.sentences:
        if end <= body[0]:
            continue
        ends.append(end)
        if len(ends) == 2 or end >= body[1]:
            break
    return [(body[0], min(body[1], ends[-1]))] if ends else [body]


def _words(document: Document, ranges: list[tuple[int, int]]) -> frozenset[str]:
    """The lower-cased alphabetic words of the given ranges."""
    words: set[str] = set()
    for lo, hi in ranges:
        span = document.doc.char_span(lo, hi, alignment_mode="expand")
        if span is not None:
            words.update(token.lower_ for token in span if token.is_alpha)
    return frozenset(words)


def _subject(document: Document) -> list[tuple[int, int]]:
    subject = document.structure.subject
    return [] if subject is None else [subject]


def _shape(document: Document) -> tuple[list[float], int]:
    structure = document.structure
    subject = document.source.subject or ""
    own = " ".join(document.doc.text[lo:hi] for lo, hi in _own_ranges(document))
    words = len(_WORD.findall(own))
    values = [
        1.0 if not subject.strip() else 0.0,
        1.0 if is_reply_subject(subject) else 0.0,
        1.0 if structure.quoted else 0.0,
        1.0 if _quotes_own_message(document) else 0.0,
        min(1.0, math.log1p(words) / math.log(1000)),
        1.0 if words < 40 else 0.0,
        1.0 if words > 350 else 0.0,
        1.0 if "?" in own else 0.0,
        1.0 if structure.greeting is not None else 0.0,
        1.0 if structure.closing is not None or structure.signature is not None else 0.0,
    ]
    return values, words


_ATTRIBUTION = re.compile(r"\bwrote\b|^\W*from:", re.IGNORECASE)


def _quotes_own_message(document: Document) -> bool:
    """A reply on the writer's own earlier message (its attribution line, "On May 2, Aylin Demir wrote:", names the
    writer's first name): how people follow up from their sent folder. Business replies quote others."""
    structure = document.structure
    name = writer_name(document) if structure.quoted else None
    if name is None:
        return False
    first = name.split()[0].strip(",.").lower()
    lo, hi = structure.quoted[0]
    attribution = document.source.text[lo:hi].split("\n", 1)[0]
    if len(first) < 2 or not first.isalpha() or not _ATTRIBUTION.search(attribution.lstrip("> ")):
        return False
    return first in _WORD.findall(attribution.lower())


@functools.cache
def bundled_model() -> KindModelFile:
    return load_model()
