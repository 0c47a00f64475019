"""Downloading a Detoxify model once, where there is internet, into a directory that then loads offline.

Layout (what `wall.scoring.loader` reads through WALL_MODEL_DIR):
    <dir>/<variant>/checkpoint.ckpt   the Detoxify checkpoint (from the project's GitHub releases)
    <dir>/<variant>/hf/               the base model's config and tokenizer (from the Hugging Face hub)
    <dir>/<variant>/source.json       where each file came from, and the checkpoint's sha256
"""

import fcntl
import hashlib
import json
import logging
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

log = logging.getLogger(__name__)

# Detoxify's own release addresses (detoxify.detoxify.MODEL_URLS), relative to DOWNLOAD_URL.
CHECKPOINT_BASE = "https://github.com/unitaryai/detoxify/releases/download/"
CHECKPOINTS = {
    "original": "v0.1-alpha/toxic_original-c1212f89.ckpt",
    "unbiased": "v0.3-alpha/toxic_debiased-c7548aa0.ckpt",
    "multilingual": "v0.4-alpha/multilingual_debiased-0b549669.ckpt",
    "original-small": "v0.1.2/original-albert-0e1d6498.ckpt",
    "unbiased-small": "v0.1.2/unbiased-albert-c8519128.ckpt",
}
HUB_BASE = "https://huggingface.co"
HUB_FILES = ("config.json",)  # required
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "sentencepiece.bpe.model",
    "spiece.model",
)  # fmt: skip; each base model has some of these
HASH_IN_NAME = re.compile(r"-([a-f0-9]{6,})\.")  # torch.hub's convention: a sha256 prefix in the name
TIMEOUT = 30


class FetchError(Exception):
    """The model could not be downloaded or does not load; the message says which part and why."""


def fetch(
    variant: str,
    directory: Path,
    checkpoint_base: str | None = None,
    hub_base: str | None = None,
    force: bool = False,
    progress=None,
    verify: bool = True,
) -> tuple[Path, Path]:
    """Download `variant` into `directory/<variant>/` unless it is already there; return its paths."""
    if variant not in CHECKPOINTS:
        raise FetchError(f"unknown model {variant!r}; expected one of {tuple(CHECKPOINTS)}")
    target = Path(directory) / variant
    checkpoint, hf_dir = target / "checkpoint.ckpt", target / "hf"
    try:
        target.mkdir(parents=True, exist_ok=True)
        with open(target.parent / f".{variant}.lock", "w") as lock:  # one download at a time
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not force and (target / "source.json").is_file():
                return checkpoint, hf_dir
            url = checkpoint_url(variant, checkpoint_base)
            digest = download(url, checkpoint, progress)
            expected = HASH_IN_NAME.search(url.rsplit("/", 1)[-1])
            if verify and expected and not digest.startswith(expected.group(1)):
                checkpoint.unlink()
                raise FetchError(f"{url} has sha256 {digest[:12]}…, not {expected.group(1)}…: damaged")
            args = read_arch(checkpoint)
            hub = (hub_base or HUB_BASE).rstrip("/")
            fetched = fetch_hub_files(hub, args["model_type"], hf_dir, progress)
            check_offline(args, hf_dir)
            source = {"checkpoint": url, "sha256": digest, "hub": f"{hub}/{args['model_type']}"}
            source["hf_files"] = fetched
            (target / "source.json").write_text(json.dumps(source, indent=2) + "\n")
    except OSError as exc:  # network, disk or permissions: said plainly to the operator
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc
    return checkpoint, hf_dir


def checkpoint_url(variant: str, base: str | None) -> str:
    """Detoxify's release address, on a mirror if `base` is given (or exactly `base` if it names a .ckpt)."""
    if base and base.endswith(".ckpt"):
        return base
    return (base or CHECKPOINT_BASE).rstrip("/") + "/" + CHECKPOINTS[variant]


def download(url: str, dest: Path, progress=None) -> str:
    """Stream `url` into `dest` (atomically, via a .partial file); return the file's sha256."""
    partial = dest.with_name(dest.name + ".partial")
    h = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(partial, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            while chunk := response.read(1 << 20):
                out.write(chunk)
                h.update(chunk)
                if progress:
                    progress(dest.name, len(chunk), total)
    except urllib.error.URLError as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()  # it holds the response open
        raise FetchError(f"could not download {url}: {getattr(exc, 'reason', exc)}") from exc
    os.replace(partial, dest)
    return h.hexdigest()


def read_arch(checkpoint: Path) -> dict:
    import torch

    try:
        loaded = torch.load(checkpoint, map_location="cpu", weights_only=False)
        return dict(loaded["config"]["arch"]["args"])
    except (KeyError, TypeError, RuntimeError, EOFError) as exc:
        raise FetchError(f"{checkpoint} is not a Detoxify checkpoint: {exc!r}") from exc


def fetch_hub_files(hub: str, repo: str, hf_dir: Path, progress=None) -> list[str]:
    """The base model's config and whichever tokenizer files it has (others answer 404)."""
    hf_dir.mkdir(parents=True, exist_ok=True)
    got = []
    for name in HUB_FILES + TOKENIZER_FILES:
        url = f"{hub}/{repo}/resolve/main/{name}"
        try:
            download(url, hf_dir / name, progress)
        except FetchError as exc:
            cause = exc.__cause__
            if isinstance(cause, urllib.error.HTTPError) and cause.code == 404 and name not in HUB_FILES:
                continue
            raise
        got.append(name)
    return got


def check_offline(args: dict, hf_dir: Path) -> None:
    """Prove the directory alone builds the checkpoint's config and tokenizer classes."""
    import transformers

    try:
        model_class = getattr(transformers, args["model_name"])
        model_class.config_class.from_pretrained(str(hf_dir), local_files_only=True)
        getattr(transformers, args["tokenizer_name"]).from_pretrained(str(hf_dir), local_files_only=True)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise FetchError(f"the downloaded files in {hf_dir} do not load: {exc}") from exc
