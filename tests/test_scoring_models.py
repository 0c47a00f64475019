"""Each Detoxify architecture loads offline through our path, windows long texts; fast paths agree."""

import pytest

from wall.scoring.detox import WINDOW, DetoxifyScorer
from wall.scoring.loader import VARIANTS, build, torch_threads
from wall.scoring.synthetic import ARCHS, make_checkpoint

WORDS = ["i", "called", "my", "sister", "today", "help", "friend"]


@pytest.fixture(scope="module")
def variant_models(tmp_path_factory):
    return {v: make_checkpoint(tmp_path_factory.mktemp(v), "tiny", WORDS, variant=v) for v in VARIANTS}


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_loads_offline_and_reads_only_its_named_classes(variant, variant_models, monkeypatch):
    import transformers

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    checkpoint, config_dir = variant_models[variant]
    scorer = build({"MODERATION_MODEL": f"detoxify:{variant}", "DETOXIFY_CHECKPOINT": str(checkpoint)})
    base, model_name, tokenizer_name, classes, outputs = ARCHS[variant]
    assert scorer.name.startswith(f"detoxify:{variant}@0.5.4+")
    assert type(scorer.detox.model) is getattr(transformers, model_name)
    assert type(scorer.detox.tokenizer).__name__.startswith(tokenizer_name)
    assert scorer.detox.model.config.num_labels == outputs  # 16 for the unbiased heads
    assert len(scorer.classes) == len(classes) <= outputs
    text = "I called my sister today"
    [scores] = scorer.score([text])
    assert set(scores) == set(scorer.classes)
    # Detoxify's own predict (padding, truncation, sigmoid) agrees with our windowed path on a short text
    expected = scorer.detox.predict([text])
    for cls in scorer.classes:
        assert scores[cls] == pytest.approx(expected[cls], abs=1e-5)  # one text: floats, not lists


@pytest.mark.parametrize("variant", ["original", "unbiased", "multilingual"])
def test_long_texts_are_windowed_for_each_tokenizer(variant, variant_models):
    checkpoint, config_dir = variant_models[variant]
    scorer = DetoxifyScorer(variant, checkpoint, config_dir)
    tok = scorer.detox.tokenizer
    text = "today i called my sister " * 400
    ids = tok(text, add_special_tokens=False)["input_ids"]
    windows = scorer.windows(text)
    assert len(ids) > WINDOW and len(windows) > 1
    assert all(len(w) <= WINDOW and w[0] == tok.cls_token_id and w[-1] == tok.sep_token_id for w in windows)
    assert windows[-1][-2] == ids[-1]  # the end of the story is read, not cut off
    [long_scores] = scorer.score([text])
    # the kept score is each class's maximum over the windows, the last (past 512 tokens) included
    import torch

    with torch.inference_mode():
        per_window = [torch.sigmoid(scorer.forward(*scorer._pad([w]))).tolist()[0] for w in windows]
    for i, cls in enumerate(scorer.classes):
        assert long_scores[cls] == pytest.approx(max(p[i] for p in per_window), abs=1e-6)


@pytest.mark.parametrize("path", ["int8", "onnx", "onnx-int8"])
def test_fast_paths_stay_close_to_float32_and_say_so_in_the_model_name(path, variant_models, tmp_path):
    checkpoint, config_dir = variant_models["original"]
    reference = DetoxifyScorer("original", checkpoint, config_dir)
    fast = DetoxifyScorer("original", checkpoint, config_dir, path=path)
    assert fast.name == f"{reference.name}/{path}"
    texts = ["I called my sister today", "help " * 30, "today " * 700]
    for a, b in zip(reference.score(texts), fast.score(texts), strict=True):
        assert max(abs(a[c] - b[c]) for c in a) < 0.01


def test_an_unknown_fast_path_falls_back_loudly(variant_models, caplog):
    checkpoint, _ = variant_models["original"]
    scorer = build({"MODERATION_MODEL": "detoxify:original", "DETOXIFY_CHECKPOINT": str(checkpoint),
                    "SCORE_PATH": "float8"})  # fmt: skip
    assert scorer.name.startswith("light:")
    assert "unknown WALL_SCORE_PATH" in caplog.text


def test_torch_threads_share_the_cores_between_worker_processes():
    import os

    cores = len(os.sched_getaffinity(0))
    assert torch_threads({"WORKER_CONCURRENCY": 1}) <= cores
    assert torch_threads({"WORKER_CONCURRENCY": cores * 4}) == 1
    assert torch_threads({"TORCH_THREADS": 3, "WORKER_CONCURRENCY": 2}) == 3
