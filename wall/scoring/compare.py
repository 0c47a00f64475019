"""How far a fast path's scores drift from float32 on labelled stories, and what it does to bands."""

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from wall.scoring.policy import Band, band_for

TEXT_COLUMNS = ("text", "story", "comment_text")
LABEL_COLUMNS = ("label", "harmful", "toxic", "toxicity")


class BadCsv(ValueError):
    pass


def read_labelled(path: Path, limit: int | None = None) -> tuple[list[str], list[int] | None]:
    """Texts and, when the file has one, a 0/1 'harmful' label per text."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        text_col = next((c for c in TEXT_COLUMNS if c in columns), None)
        if text_col is None:
            raise BadCsv(f"{path} needs a column named one of {TEXT_COLUMNS}; it has {columns}")
        label_col = next((c for c in LABEL_COLUMNS if c in columns), None)
        rows = [r for r in reader if (r.get(text_col) or "").strip()]
    rows = rows[:limit] if limit else rows
    if not rows:
        raise BadCsv(f"{path} has no texts")
    try:
        labels = [int(float(r[label_col]) >= 0.5) for r in rows] if label_col else None
    except ValueError as exc:
        raise BadCsv(f"the {label_col!r} column must hold numbers (0 or 1): {exc}") from exc
    return [r[text_col] for r in rows], labels


@dataclass
class PathResult:
    path: str
    ms_per_text: float
    scores: list[dict[str, float]] = field(repr=False)
    bands: list[Band] = field(repr=False)
    max_diff: float = 0.0
    mean_diff: float = 0.0
    band_agreement: float = 1.0
    label_accuracy: float | None = None


def run(scorers: dict, texts: list[str], labels, thresholds: dict, maybe_ratio: float) -> list[PathResult]:
    """Score `texts` on every path; the first scorer (float32) is the reference."""
    results = []
    for path, scorer in scorers.items():
        started = time.perf_counter()
        scores = [scorer.score([t])[0] for t in texts]  # one at a time, as the worker scores
        ms = (time.perf_counter() - started) * 1000 / len(texts)
        bands = [band_for(s, thresholds, maybe_ratio) for s in scores]
        results.append(PathResult(path, ms, scores, bands))
    reference = results[0]
    for result in results:
        diffs = [abs(a[c] - b[c]) for a, b in zip(reference.scores, result.scores, strict=True) for c in a]
        result.max_diff = max(diffs)
        result.mean_diff = sum(diffs) / len(diffs)
        same = sum(a == b for a, b in zip(reference.bands, result.bands, strict=True))
        result.band_agreement = same / len(texts)
        if labels is not None:
            said = [int(b == Band.LIKELY) for b in result.bands]
            result.label_accuracy = sum(a == b for a, b in zip(said, labels, strict=True)) / len(labels)
    return results
