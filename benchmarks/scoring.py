"""How fast stories are scored, against the naive way and this machine's own matmul rate, in one run.

A full-size random bert-base in Detoxify's checkpoint format (exactly the real `original` model's
cost), a word-piece vocabulary that gives ~1.3 tokens per word, and stories of 20-400 words (some
past 512 tokens). Measured in the same run:

    naive      one `Detoxify.predict(text)` per story, the model loaded once (long stories truncated)
    float32    our pipeline end to end: stories enqueued to Redis, a real `celery --app workers
               worker`, SQLite, timed until every story is in review (long stories windowed)
    <path>     the same pipeline with WALL_SCORE_PATH=<path> (int8, onnx, onnx-int8)
    matmul     torch float32 matrix multiplies at the worker's thread count: the machine's ceiling

Prints a table, then one line of JSON. Scores of a random model mean nothing; the agreement
columns compare each path with float32 at thresholds set to float32's median score per class
(the most sensitive place a threshold can be); real agreement needs `flask --app wsgi model compare`.

    .venv/bin/python benchmarks/scoring.py                # 48 stories, every fast path
    .venv/bin/python benchmarks/scoring.py --stories 24 --paths int8
"""

import argparse
import functools
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Redis, start_worker, stop, wait_until, wall_env  # noqa: E402

H, INTER, LAYERS = 768, 3072, 12
CONSONANTS, VOWELS = "bcdfghklmnprstvwz", "aeiou"


def language(seed: int = 7, types: int = 30000) -> tuple[list[str], list[float]]:
    """Pseudo-English word types (1-4 syllables) with Zipf frequencies, most frequent first."""
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < types:
        n = rng.choices([1, 2, 3, 4], weights=[30, 40, 22, 8])[0]
        words["".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(n))] = None
    ordered = sorted(words, key=len)  # short words are the common ones, as in English
    return ordered, [1 / (rank + 1) ** 1.05 for rank in range(types)]


def wordpieces(words: list[str], whole: int) -> list[str]:
    """The `whole` most frequent words intact, plus every syllable as a start and a '##' piece."""
    syllables = {c + v for c in CONSONANTS for v in VOWELS}
    return words[:whole] + sorted(syllables) + [f"##{s}" for s in sorted(syllables)]


def stories(words, weights, count: int, seed: int = 11) -> list[str]:
    """Stories of 20-400 words: most short, a tail of long ones (the longest pass 512 tokens)."""
    rng = random.Random(seed)
    out = []
    rare = [w**0.6 for w in weights]  # names, places, long words: more tokens per word
    for i in range(count):
        long = i % 12 == 5
        n = 400 if long else int(min(400, max(20, rng.lognormvariate(4.7, 0.55))))
        picked = rng.choices(words, rare if long else weights, k=n)
        sentences, start = [], 0
        while start < n:
            end = min(n, start + rng.randint(6, 18))
            sentences.append(" ".join(picked[start:end]).capitalize() + rng.choice([".", ".", ",", "!", "?"]))
            start = end
        out.append(" ".join(sentences))
    return out


def build_model(folder: Path, count: int):
    from transformers import BertTokenizer

    from wall.scoring.synthetic import make_checkpoint, vocabulary

    words, weights = language()
    texts = stories(words, weights, count)
    for whole in (2000, 3000, 4500, 6500, 9000, 13000, 20000):  # smallest vocabulary giving ~1.3
        tok = BertTokenizer(vocab={w: i for i, w in enumerate(vocabulary(wordpieces(words, whole)))})
        ratio = sum(len(tok.tokenize(t)) for t in texts) / sum(len(t.split()) for t in texts)
        if ratio <= 1.32:
            break
    checkpoint, hf_dir = make_checkpoint(folder, "base", wordpieces(words, whole), variant="original")
    return checkpoint, hf_dir, texts, ratio


def flops(lengths: list[int]) -> float:
    """Encoder FLOPs for windows of these token lengths (projections, feed-forward, attention)."""
    return sum(2 * LAYERS * (n * (4 * H * H + 2 * H * INTER) + 2 * n * n * H) for n in lengths)


def matmul_rate(threads: int, seconds: float = 2.0) -> float:
    import torch

    torch.set_num_threads(threads)
    best = 0.0
    for m, k, n in ((256, H, INTER), (1024, 1024, 1024)):
        a, b = torch.randn(m, k), torch.randn(k, n)
        torch.mm(a, b)
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds / 2:
            torch.mm(a, b)
            done += 1
        best = max(best, 2 * m * k * n * done / (time.perf_counter() - started) / 1e9)
    return best


def naive(checkpoint: Path, hf_dir: Path, texts: list[str], threads: int) -> dict:
    import torch

    from wall.scoring.detox import load_detoxify

    torch.set_num_threads(threads)
    detox = load_detoxify(checkpoint, hf_dir)
    detox.predict(texts[0])  # first call pays one-off costs
    times = []
    for text in texts:
        started = time.perf_counter()
        detox.predict(text)
        times.append(time.perf_counter() - started)
    tokens = [min(512, len(detox.tokenizer(t)["input_ids"])) for t in texts]
    return {"seconds": sum(times), "times_ms": [t * 1000 for t in times], "flops": flops(tokens)}


def pipeline(path: str, checkpoint, hf_dir, texts, folder: Path, redis: Redis) -> dict:
    """Stories in the database, enqueued to Redis, scored by a real worker; timed until all in review."""
    from sqlalchemy import func, select

    from wall import create_app
    from wall.extensions import db
    from wall.stories.models import Score, Story
    from wall.stories.service import create_story
    from wall.stories.states import State
    from wall.tasks import enqueue_scoring

    run = folder / path
    run.mkdir()
    settings = {
        "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{run / 'wall.db'}", "BROKER_URL": redis.url,
        "MODERATION_MODEL": "detoxify:original", "DETOXIFY_CHECKPOINT": str(checkpoint),
        "DETOXIFY_CONFIG_DIR": str(hf_dir), "SCORE_PATH": path, "SWEEP_EVERY_SECONDS": 3600,
    }  # fmt: skip
    app = create_app(settings | {"TESTING": True})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        ids = [create_story(t).id for t in texts]
    log = run / "worker.log"
    worker = start_worker(wall_env(INSTANCE_PATH=run / "instance", **settings), log)
    try:
        wait_until(lambda: b"loaded in" in log.read_bytes(), timeout=600, interval=0.5, what="model loaded")
        with app.app_context():
            started = time.time()
            for story_id in ids:
                enqueue_scoring(story_id)

            def done():
                db.session.remove()
                return db.session.scalar(select(func.count()).where(Story.state == State.IN_REVIEW)) == len(
                    ids
                )

            wait_until(done, timeout=900, interval=0.25, what=f"{path}: all stories in review")
            finished = db.session.scalar(select(func.max(Story.state_changed_at))).timestamp()
            rows = db.session.execute(select(Score.story_id, Score.category, Score.value)).all()
        peak = _peak_rss_mb(worker.pid)
    finally:
        stop(worker)
        with app.app_context():
            db.engine.dispose()
    by_story: dict[int, dict[str, float]] = {}
    for story_id, category, value in rows:
        by_story.setdefault(story_id, {})[category] = value
    times = [float(m) for m in re.findall(rb"scored story \d+ with \S+ in (\d+) ms", log.read_bytes())]
    load = re.search(rb"loaded in ([\d.]+)s", log.read_bytes())
    return {
        "seconds": finished - started, "times_ms": times, "flops": flops(all_windows(hf_dir, texts)),
        "scores": [by_story[i] for i in ids], "peak_rss_mb": peak, "load_s": float(load.group(1)),
    }  # fmt: skip


@functools.cache
def _tokenizer(hf_dir: Path):
    from transformers import BertTokenizer

    return BertTokenizer.from_pretrained(str(hf_dir))


def window_lengths(hf_dir: Path, text: str) -> list[int]:
    """Token lengths of the windows our pipeline runs for `text` (tokenizer only)."""
    from wall.scoring.detox import OVERLAP, WINDOW

    n = len(_tokenizer(hf_dir)(text, add_special_tokens=False)["input_ids"])
    return [min(WINDOW - 2, n - s) + 2 for s in range(0, max(n - OVERLAP, 1), WINDOW - 2 - OVERLAP)]


def all_windows(hf_dir: Path, texts: list[str]) -> list[int]:
    return [n for t in texts for n in window_lengths(hf_dir, t)]


def _peak_rss_mb(main_pid: int) -> float:
    """The highest peak resident memory among the worker's processes (the pool child holds the model)."""
    pids = [main_pid, *map(int, Path(f"/proc/{main_pid}/task/{main_pid}/children").read_text().split())]
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def agreement(reference: list[dict], other: list[dict]) -> tuple[float, float]:
    """(max |score difference|, share of stories whose band matches at median thresholds)."""
    from wall.scoring.policy import band_for

    classes = list(reference[0])
    thresholds = {c: statistics.median(s[c] for s in reference) for c in classes}
    diff = max(abs(a[c] - b[c]) for a, b in zip(reference, other, strict=True) for c in classes)
    pairs = zip(reference, other, strict=True)
    same = [band_for(a, thresholds, 0.99) == band_for(b, thresholds, 0.99) for a, b in pairs]
    return diff, sum(same) / len(same)


def prepare_onnx(paths: str, checkpoint: Path, hf_dir: Path) -> None:
    """Export (and quantise) once, here, as a deployment would: the worker then shows its serving memory."""
    from wall.scoring.detox import DetoxifyScorer

    for path in [p for p in paths.split(",") if p.startswith("onnx")]:
        DetoxifyScorer("original", checkpoint, hf_dir, path=path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=48)
    parser.add_argument(
        "--paths", default="int8,onnx,onnx-int8", help="fast paths to measure, comma-separated"
    )
    args = parser.parse_args()
    os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    from wall.scoring.loader import cores_owned, torch_threads

    threads = torch_threads({"WORKER_CONCURRENCY": 1})
    folder = Path(tempfile.mkdtemp(prefix="bench-scoring-"))
    checkpoint, hf_dir, texts, ratio = build_model(folder / "model", args.stories)
    tokens = all_windows(hf_dir, texts)
    long = sum(1 for t in texts if len(window_lengths(hf_dir, t)) > 1)
    print(f"{len(texts)} stories, {sum(len(t.split()) for t in texts) / len(texts):.0f} words on average, "
          f"{ratio:.2f} tokens/word, {sum(tokens) / len(texts):.0f} tokens/story, {long} past 512 tokens; "
          f"{cores_owned()} cores, {threads} torch threads", flush=True)  # fmt: skip
    # The matmul rate is measured just before and after every phase: on a shared machine the
    # ceiling moves, and each phase is judged against the ceiling it actually had.
    before = matmul_rate(threads)
    rows = {"naive": naive(checkpoint, hf_dir, texts, threads)}
    rows["naive"]["matmul"], before = _around(before, threads)
    prepare_onnx(args.paths, checkpoint, hf_dir)
    before = matmul_rate(threads)
    redis = Redis(folder / "redis").start()
    try:
        for path in ["float32", *[p for p in args.paths.split(",") if p]]:
            print(f"measuring {path} through the worker…", flush=True)
            rows[path] = pipeline(path, checkpoint, hf_dir, texts, folder, redis)
            rows[path]["matmul"], before = _around(before, threads)
    finally:
        redis.stop()
    report(rows, len(texts), ratio, threads)


def _around(before: float, threads: int) -> tuple[float, float]:
    after = matmul_rate(threads)
    return (before + after) / 2, after


def report(rows: dict, count: int, ratio: float, threads: int) -> None:
    base = count / rows["naive"]["seconds"]
    peak = max(r["matmul"] for r in rows.values())
    print(f"\nmatmul float32: up to {peak:.1f} GFLOP/s at {threads} threads ('matmul': around each phase)")
    print(f"{'path':<12}{'stories/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'GFLOP/s':>9}{'% matmul':>9}"
          f"{'matmul':>8}{'vs naive':>9}{'RSS MB':>8}{'max diff':>9}{'bands same':>11}")  # fmt: skip
    result = {"stories": count, "tokens_per_word": round(ratio, 3), "matmul_gflops": round(peak, 1)}
    for path, r in rows.items():
        rate, gflops = count / r["seconds"], r["flops"] / r["seconds"] / 1e9
        p50, p95 = statistics.median(r["times_ms"]), statistics.quantiles(r["times_ms"], n=20)[-1]
        diff, same = agreement(rows["float32"]["scores"], r["scores"]) if "scores" in r else (None, None)
        rss = r.get("peak_rss_mb")
        line = f"{path:<12}{rate:10.2f}{p50:9.0f}{p95:9.0f}{gflops:9.1f}{gflops / r['matmul']:9.0%}"
        line += f"{r['matmul']:8.0f}"
        print(line + f"{rate / base:8.2f}x"
              + (f"{rss:8.0f}" if rss else f"{'':8}")
              + (f"{diff:9.4f}{same:11.0%}" if diff is not None else ""))  # fmt: skip
        key = {"naive": "naive", "float32": "pipeline"}.get(path, path.replace("-", "_"))
        result[f"{key}_stories_per_s"] = round(rate, 3)
        result[f"{key}_matmul_gflops"] = round(r["matmul"], 1)
        if path == "float32":
            result |= {
                "speedup_vs_naive": round(rate / base, 3),
                "fraction_of_matmul_peak": round(gflops / r["matmul"], 3),
                "worker_peak_rss_mb": round(rss), "model_load_s": r["load_s"],
            }  # fmt: skip
        elif path != "naive":
            result[f"{key}_speedup_vs_naive"] = round(rate / base, 3)
            result[f"{key}_band_agreement"] = round(same, 3)
            result[f"{key}_max_score_diff"] = round(diff, 5)
            result[f"{key}_worker_peak_rss_mb"] = round(rss)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
