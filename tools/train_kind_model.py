"""Fit the kind classifier's weights (rules/_kinds/model.json) on the labelled corpus, reproducibly.

    python tools/train_kind_model.py            # fit on benchmarks/corpus (held-out batches left out), write model.json
    python tools/train_kind_model.py --check    # exit 1 if model.json is not what fitting gives now

The features are listed in rules/_kinds/features.yml (moves from rules/_moves, matched in parts of the draft)
plus a few facts about the email's shape (requestlint.kinds.SHAPE_FEATURES). Two models are fitted:
- the genre model (in the genre or not): the features plus the presence of the VOCABULARY most common words of
  the corpus; drafts whose labels say every pitfall is not applicable are the ones outside the genre;
- the kind model (request, follow-up, thank-you, other): the features alone.
Both are logistic regressions with L2 regularisation and class weights inversely proportional to class
frequency, fitted by plain full-batch gradient descent from zero weights: no randomness, so the same corpus and
features always give the same weights. Neither the held-out batches nor the external development set are used,
for fitting or for choosing L2, REQUEST_FLOOR and OUTSIDE_THRESHOLD: those were chosen by leave-one-batch-out
cross-validation on the development batches and by how quiet the result stays on real business mail
(benchmarks/enron.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_io import PITFALL_IDS, batches, is_held_out, load_batch  # noqa: E402
from requestlint.bundled import bundled_rules_dir  # noqa: E402
from requestlint.config import Settings  # noqa: E402
from requestlint.engine import Engine  # noqa: E402
from requestlint.kinds import KINDS_DIR, Features, KindRecogniser  # noqa: E402
from requestlint.loader import load_rules  # noqa: E402
from requestlint.models import DraftKind  # noqa: E402
from requestlint.nlp import load_nlp  # noqa: E402
from requestlint.schema import GenreModel, KindModelFile  # noqa: E402
from requestlint.source import read_draft  # noqa: E402

CLASSES = (DraftKind.REQUEST, DraftKind.FOLLOW_UP, DraftKind.THANK_YOU, DraftKind.OTHER)
L2 = 0.003
STEPS = 3000
LEARNING_RATE = 0.5
REQUEST_FLOOR = 0.35
"""Read a draft as a request or follow-up when those two together are at least this likely (see kinds.py)."""
VOCABULARY = 300
MIN_DRAFTS = 5
"""The genre model's words: the VOCABULARY most frequent in the training drafts, each in at least MIN_DRAFTS."""
OUTSIDE_THRESHOLD = 0.5
"""Read a draft as mail outside the genre when the genre model gives it at least this probability."""
LONGEST_WORDS = 700
"""Longer than this is outside the genre: about twice the longest request in the labelled corpus (362 words)."""
DECISIVE_OUTSIDE_THRESHOLD = 0.8
"""The same for a draft that asks a stranger for advice or for a job (a decisive cue): a weak request that looks
like everyday mail ("Are you guys hiring?") is set aside only when the genre model is nearly sure."""
MODEL_PATH = bundled_rules_dir() / KINDS_DIR / "model.json"


def draft_features(texts: Sequence[str]) -> tuple[list[str], list[Features]]:
    """The feature names and each draft's features."""
    # An engine with no rules and a recogniser without a model: it parses with what the features need.
    nlp = load_nlp()
    recogniser = KindRecogniser(nlp, load_rules(()).moves, model=None)
    engine = Engine(nlp, [], Settings(languagetool="off"), kinds=recogniser)
    prepared = (engine.prepare(read_draft(text)) for text in texts)
    return recogniser.feature_names, [recogniser.features_of(document) for document, _ in engine.parse(prepared)]


def vocabulary(drafts: Sequence[Features]) -> list[str]:
    counts = Counter(word for draft in drafts for word in draft.words)
    ranked = sorted((word for word, n in counts.items() if n >= MIN_DRAFTS), key=lambda w: (-counts[w], w))
    return ranked[:VOCABULARY]


def fit(features: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights (k classes x features) and biases of a class-weighted, L2-regularised softmax regression."""
    n, d = features.shape
    onehot = np.eye(k)[labels]
    counts = onehot.sum(axis=0)
    sample_weight = (n / (k * np.maximum(counts, 1)))[labels]
    sample_weight /= sample_weight.sum()
    weights = np.zeros((k, d))
    bias = np.zeros(k)
    for _ in range(STEPS):
        scores = features @ weights.T + bias
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        error = (probabilities - onehot) * sample_weight[:, None]
        weights -= LEARNING_RATE * (error.T @ features + L2 * weights)
        bias -= LEARNING_RATE * error.sum(axis=0)
    return weights, bias


def _rounded(rows: np.ndarray) -> list[list[float]]:
    return [[round(float(w), 4) for w in row] for row in rows]


def train() -> KindModelFile:
    names = [name for name in batches() if not is_held_out(name)]
    items = [item for name in names for item in load_batch(name)]
    feature_names, drafts = draft_features([item.text for item in items])
    values = np.array([draft.values for draft in drafts], dtype=np.float64)
    kinds = np.array([CLASSES.index(DraftKind(item.kind)) for item in items])
    weights, bias = fit(values, kinds, len(CLASSES))
    words = vocabulary(drafts)
    present = np.array([[1.0 if word in draft.words else 0.0 for word in words] for draft in drafts])
    outside = np.array([int(item.not_applicable == frozenset(PITFALL_IDS)) for item in items])
    genre_weights, genre_bias = fit(np.hstack([values, present]), outside, 2)
    return KindModelFile(
        classes=list(CLASSES),
        features=feature_names,
        weights=_rounded(weights),
        bias=[round(float(b), 4) for b in bias],
        request_floor=REQUEST_FLOOR,
        genre=GenreModel(
            vocabulary=words,
            weights=_rounded(genre_weights),
            bias=[round(float(b), 4) for b in genre_bias],
            threshold=OUTSIDE_THRESHOLD,
            decisive_threshold=DECISIVE_OUTSIDE_THRESHOLD,
            longest_words=LONGEST_WORDS,
        ),
        trained_on=f"benchmarks/corpus batches {', '.join(names)} ({len(items)} drafts, {int(outside.sum())} of them "
        "outside the genre)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare with the model on disk")
    args = parser.parse_args(argv)
    model = train()
    text = json.dumps(model.model_dump(mode="json"), indent=1) + "\n"
    if args.check:
        current = MODEL_PATH.read_text(encoding="utf-8") if MODEL_PATH.is_file() else ""
        if current != text:
            print(f"{MODEL_PATH} is stale: run python tools/train_kind_model.py", file=sys.stderr)
            return 1
        print(f"{MODEL_PATH} is current")
        return 0
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_PATH}: {model.trained_on}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
