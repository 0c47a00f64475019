"""Which scorer this process uses: resolved from settings, built once, on first use.

The web process never calls `get_scorer`; only workers do, after they fork.
"""

import logging
import math
import os
import pickle
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VARIANTS = ("original", "unbiased", "multilingual", "original-small", "unbiased-small")
DEFAULT_VARIANT = "unbiased"

# What a missing, truncated or foreign checkpoint raises on the way in.
LOAD_ERRORS = (OSError, EOFError, KeyError, ValueError, RuntimeError, pickle.UnpicklingError, ImportError)

_lock = threading.Lock()
_scorer = None


@dataclass(frozen=True)
class Choice:
    kind: str  # "detoxify" or "light"
    variant: str | None = None
    checkpoint: Path | None = None
    config_dir: Path | None = None
    reason: str = ""
    fetch_into: Path | None = None  # auto: download here first, then load


def resolve(config) -> Choice:
    """Decide from settings and files alone (no torch import), so /healthz can say it too."""
    setting = (config.get("MODERATION_MODEL") or "auto").strip()
    if setting == "light":
        return Choice("light", reason="chosen by WALL_MODERATION_MODEL")
    variant = DEFAULT_VARIANT if setting == "auto" else setting.removeprefix("detoxify:")
    if variant not in VARIANTS:
        return Choice("light", reason=f"unknown model {setting!r}; expected one of {VARIANTS}")
    checkpoint, config_dir = _files(config, variant)
    if checkpoint and checkpoint.is_file() and config_dir and config_dir.is_dir():
        return Choice("detoxify", variant, checkpoint, config_dir)
    if setting == "auto" and config.get("MODEL_DIR") and config.get("MODEL_AUTO_FETCH", True):
        # Only a worker tries the download; if it fails, it falls back to light, loudly.
        return Choice("detoxify", variant, checkpoint, config_dir, fetch_into=Path(config["MODEL_DIR"]))
    return Choice(
        "light",
        variant=variant,
        reason=f"Detoxify '{variant}' files not found (set WALL_MODEL_DIR and run "
        "'flask --app wsgi model fetch', or set WALL_DETOXIFY_CHECKPOINT and WALL_DETOXIFY_CONFIG_DIR)",
    )


def _files(config, variant: str) -> tuple[Path | None, Path | None]:
    if config.get("DETOXIFY_CHECKPOINT"):
        ckpt = Path(config["DETOXIFY_CHECKPOINT"])
        cfg_dir = config.get("DETOXIFY_CONFIG_DIR")
        return ckpt, Path(cfg_dir) if cfg_dir else ckpt.parent / "hf"
    model_dir = config.get("MODEL_DIR")
    if model_dir:
        base = Path(model_dir) / variant
        return base / "checkpoint.ckpt", base / "hf"
    return None, None


def cores_owned() -> int:
    """CPUs this process may run on: its affinity mask, capped by a cgroup CPU quota if any."""
    cores = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota readable: the affinity mask is the answer
    return cores


def torch_threads(config) -> int:
    """Threads per worker process: the cores we own shared between the worker's processes."""
    if config.get("TORCH_THREADS"):
        return int(config["TORCH_THREADS"])
    return max(1, cores_owned() // max(1, int(config.get("WORKER_CONCURRENCY") or 1)))


def build(config):
    """Build the scorer `resolve` chose; if Detoxify cannot be fetched or loaded, fall back loudly."""
    choice = resolve(config)
    started = time.perf_counter()
    if choice.kind == "detoxify" and choice.fetch_into is not None:
        choice = _fetch_for_auto(config, choice)
    if choice.kind == "detoxify":
        import torch

        from wall.scoring.detox import DetoxifyScorer

        torch.set_num_threads(torch_threads(config))
        try:
            scorer = DetoxifyScorer(
                choice.variant,
                choice.checkpoint,
                choice.config_dir,
                batch_size=int(config.get("SCORE_BATCH_SIZE") or 1),
                path=config.get("SCORE_PATH") or "float32",
            )
        except LOAD_ERRORS as exc:
            choice = Choice("light", reason=f"Detoxify failed to load: {exc}")
    if choice.kind == "light":
        from wall.scoring.light import LightScorer

        log.warning("MODERATION MODEL FALLBACK: using the light classifier. %s", choice.reason)
        scorer = LightScorer()
    threads = f", {torch_threads(config)} torch threads" if choice.kind == "detoxify" else ""
    log.info("moderation model %s loaded in %.2fs%s", scorer.name, time.perf_counter() - started, threads)
    return scorer


def _fetch_for_auto(config, choice: Choice) -> Choice:
    from wall.scoring.fetch import FetchError, fetch

    try:
        checkpoint, config_dir = fetch(
            choice.variant,
            choice.fetch_into,
            checkpoint_base=config.get("MODEL_DOWNLOAD_URL"),
            hub_base=config.get("HF_ENDPOINT"),
        )
    except FetchError as exc:
        reason = f"Detoxify '{choice.variant}' is not here and could not be fetched: {exc}"
        return Choice("light", reason=reason)
    return Choice("detoxify", choice.variant, checkpoint, config_dir)


def get_scorer(config):
    """This process's scorer, built on first call."""
    global _scorer
    with _lock:
        if _scorer is None:
            _scorer = build(config)
        return _scorer
