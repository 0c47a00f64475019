"""Which scorer this process uses: resolved from settings, built once, on first use.

The web process never calls `get_scorer`; only workers do, after they fork.
"""

import logging
import pickle
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VARIANTS = ("original", "unbiased", "multilingual", "original-small", "unbiased-small")
DEFAULT_VARIANT = "unbiased"

# What a missing, truncated or foreign checkpoint raises on the way in.
LOAD_ERRORS = (OSError, EOFError, KeyError, ValueError, RuntimeError, pickle.UnpicklingError)

_lock = threading.Lock()
_scorer = None


@dataclass(frozen=True)
class Choice:
    kind: str  # "detoxify" or "light"
    variant: str | None = None
    checkpoint: Path | None = None
    config_dir: Path | None = None
    reason: str = ""


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
    return Choice(
        "light",
        variant=variant,
        reason=f"Detoxify '{variant}' files not found (set WALL_DETOXIFY_CHECKPOINT and "
        "WALL_DETOXIFY_CONFIG_DIR, or run 'flask --app wsgi model fetch')",
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


def build(config):
    """Build the scorer `resolve` chose; if Detoxify fails to load, fall back loudly."""
    choice = resolve(config)
    started = time.perf_counter()
    if choice.kind == "detoxify":
        from wall.scoring.detox import DetoxifyScorer

        try:
            scorer = DetoxifyScorer(
                choice.variant,
                choice.checkpoint,
                choice.config_dir,
                batch_size=int(config.get("SCORE_BATCH_SIZE", 1)),
            )
        except LOAD_ERRORS as exc:
            choice = Choice("light", reason=f"Detoxify failed to load: {exc}")
    if choice.kind == "light":
        from wall.scoring.light import LightScorer

        log.warning("MODERATION MODEL FALLBACK: using the light classifier. %s", choice.reason)
        scorer = LightScorer()
    log.info("moderation model %s loaded in %.2fs", scorer.name, time.perf_counter() - started)
    return scorer


def get_scorer(config):
    """This process's scorer, built on first call."""
    global _scorer
    with _lock:
        if _scorer is None:
            _scorer = build(config)
        return _scorer
