import logging

import pytest

from wall.scoring.loader import build, resolve


def _config(**kw):
    return {"MODERATION_MODEL": "auto", "SCORE_BATCH_SIZE": 1} | kw


def test_the_real_detoxify_class_loads_a_local_checkpoint_offline(tiny_model, monkeypatch):
    from detoxify import Detoxify

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    checkpoint, config_dir = tiny_model
    scorer = build(_config(MODERATION_MODEL="detoxify:original", DETOXIFY_CHECKPOINT=str(checkpoint)))
    assert isinstance(scorer.detox, Detoxify)
    assert scorer.name.startswith("detoxify:original@0.5.4+")
    assert scorer.classes == [
        "toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack",
    ]  # fmt: skip
    [scores] = scorer.score(["I called my sister today"])
    assert set(scores) == set(scorer.classes)
    # our windowed path gives what Detoxify's own predict gives for a short text
    expected = scorer.detox.predict(["I called my sister today"])
    for cls in scorer.classes:
        assert scores[cls] == pytest.approx(expected[cls], abs=1e-5)


def test_long_stories_are_scored_over_every_window(tiny_model):
    checkpoint, config_dir = tiny_model
    scorer = build(_config(DETOXIFY_CHECKPOINT=str(checkpoint), DETOXIFY_CONFIG_DIR=str(config_dir)))
    text = " ".join(["today"] * 1500)
    windows = scorer.windows(text)
    assert len(windows) == 4
    assert all(len(w) <= 512 for w in windows)
    inner = [w[1:-1] for w in windows]
    assert sum(len(w) for w in inner) - 128 * (len(windows) - 1) == 1500  # every token covered once+
    [scores] = scorer.score([text])
    assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_without_model_files_auto_falls_back_loudly_to_the_light_classifier(caplog):
    choice = resolve(_config())
    assert choice.kind == "light" and "not found" in choice.reason
    with caplog.at_level(logging.WARNING):
        scorer = build(_config())
    assert "MODERATION MODEL FALLBACK" in caplog.text
    assert scorer.name.startswith("light:alt-profanity-check@")
    rude, kind = scorer.score(["you are a worthless idiot", "I called my sister today"])
    assert rude["offensive"] > 0.5 > kind["offensive"]


def test_a_broken_checkpoint_falls_back_instead_of_crashing(tmp_path, caplog):
    bad = tmp_path / "checkpoint.ckpt"
    bad.write_bytes(b"not a checkpoint")
    (tmp_path / "hf").mkdir()
    with caplog.at_level(logging.WARNING):
        scorer = build(_config(DETOXIFY_CHECKPOINT=str(bad)))
    assert scorer.name.startswith("light:")
    assert "failed to load" in caplog.text


def test_an_unknown_model_name_is_said_plainly():
    choice = resolve(_config(MODERATION_MODEL="detoxify:enormous"))
    assert choice.kind == "light" and "unknown model" in choice.reason
