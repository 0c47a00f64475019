"""The crisis detector: measured on labelled sentences, and its explanations checked on cases."""

from collections import Counter
from pathlib import Path

import pytest

from wall.care.crisis import assess, explain

DATA = Path(__file__).resolve().parent / "data"
LEVELS = ["immediate", "current", "past", "none"]


def _labelled(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            level, sentence = line.split("\t")
            assert level in LEVELS, line
            rows.append((level, sentence.strip()))
    return rows


def _figures(rows: list[tuple[str, str]]) -> dict:
    total, right, raised = Counter(), Counter(), 0
    for level, sentence in rows:
        got = assess(sentence).level or "none"
        total[level] += 1
        right[level] += got == level
        raised += level in ("past", "none") and got == "immediate"
    recall = {level: right[level] / total[level] for level in LEVELS}
    calm = total["past"] + total["none"]
    return {"n": len(rows), "counts": dict(total), "recall": recall, "false_immediate": raised / calm}


def _print(name: str, figures: dict) -> None:
    recall = "  ".join(f"{k} {v:.2f}" for k, v in figures["recall"].items())
    print(f"\n{name}: n={figures['n']} {figures['counts']}\n  recall: {recall}"
          f"\n  false immediate on past/none: {figures['false_immediate']:.3f}")  # fmt: skip


def test_the_labelled_set_is_big_and_has_hard_negatives():
    rows = _labelled("crisis_labelled.tsv")
    counts = Counter(level for level, _ in rows)
    assert len(rows) >= 150 and min(counts.values()) >= 30, counts
    negatives = [s for level, s in rows if level in ("past", "none")]
    for cue in ('"', "killing me", "song", "years ago", "used to"):
        assert any(cue in s for s in negatives), cue


def test_detector_meets_its_targets_on_the_labelled_set():
    figures = _figures(_labelled("crisis_labelled.tsv"))
    _print("labelled (tuning) set", figures)
    assert figures["recall"]["immediate"] >= 0.95
    assert figures["false_immediate"] <= 0.05


def test_detector_figures_on_the_held_out_set():
    """Written before the detector and not tuned on; the floor is lower, as held-out figures are."""
    rows = _labelled("crisis_heldout.tsv")
    assert len(rows) >= 40
    figures = _figures(rows)
    _print("held-out set", figures)
    assert figures["recall"]["immediate"] >= 0.8
    assert figures["false_immediate"] <= 0.1


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I have the pills in front of me.", "immediate"),
        ("a year ago I wanted to die; today I called my sister", "past"),
        ("I'm not going to kill myself, I just needed to say it.", None),
        ("I haven't self-harmed in 200 days.", "past"),
        ('My friend said "I want to die" about her exam.', "past"),
        ("This exam is killing me.", None),
        ("Last year I survived an attempt and tonight I have the pills in front of me.", "immediate"),
        ("I keep thinking about killing myself.", "current"),
        ("Lately I want to die.\n\nTonight I'm going to end it.", "immediate"),
        ("", None),
    ],
)
def test_levels_on_cases(text, level):
    assert assess(text).level == level


def test_explain_names_the_phrase_and_what_moved_it():
    text = "Two years ago I tried to kill myself. Tonight I'm going to end my life."
    findings = explain(text)
    assert [(text[f.start : f.end], f.level) for f in findings] == [
        ("kill myself", "past"),
        ("end my life", "immediate"),
    ]
    assert any(reason.startswith("in the past") for reason in findings[0].reasons)
    assert any("going to" in reason for reason in findings[1].reasons)
    assert findings[1].as_dict()["phrase"] == "end my life"


def test_offsets_survive_curly_apostrophes_and_unicode():
    text = "Ünïcödé first. I’m going to kill myself tonight."
    (finding,) = explain(text)
    assert text[finding.start : finding.end] == "kill myself" and finding.level == "immediate"


def test_long_and_naughty_text_is_handled_quickly_enough_to_finish():
    text = ("I want to die " * 2000) + ('"' * 5000) + ("ab. " * 5000)
    assert assess(text).level == "current"
