"""Detoxify, loaded from local files with no network, scoring long texts over overlapping windows."""

import hashlib
import logging
from importlib.metadata import version
from pathlib import Path

log = logging.getLogger(__name__)

WINDOW = 512  # the model's limit, special tokens included
OVERLAP = 128
# Detoxify's own renaming of the Jigsaw class names (detoxify.detoxify.load_checkpoint).
CLASS_NAMES = {
    "toxic": "toxicity",
    "identity_hate": "identity_attack",
    "severe_toxic": "severe_toxicity",
}


def file_digest(path: Path, length: int = 12) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:length]


def load_detoxify(checkpoint: Path, config_dir: Path):
    """A real `detoxify.Detoxify` built from a checkpoint and a local config/tokenizer directory.

    Detoxify's own loader asks the Hugging Face hub for the config by the checkpoint's
    `model_type` even when given a local directory, and reads the directory's config without
    the checkpoint's number of outputs (a fetched base config has none). So we build the same
    model and tokenizer classes from the directory alone, with `local_files_only`.
    """
    import torch
    import transformers
    from detoxify import Detoxify

    loaded = torch.load(checkpoint, map_location="cpu", weights_only=False)
    if "config" not in loaded or "state_dict" not in loaded:
        raise ValueError(f"{checkpoint} is not a Detoxify checkpoint (no config/state_dict)")
    args = loaded["config"]["arch"]["args"]
    model_class = getattr(transformers, args["model_name"])
    config = model_class.config_class.from_pretrained(
        str(config_dir), num_labels=args["num_classes"], local_files_only=True
    )
    model = model_class.from_pretrained(None, config=config, state_dict=loaded["state_dict"])
    tokenizer = getattr(transformers, args["tokenizer_name"]).from_pretrained(
        str(config_dir), local_files_only=True
    )
    classes = [CLASS_NAMES.get(c, c) for c in loaded["config"]["dataset"]["args"]["classes"]]
    detox = Detoxify.__new__(Detoxify)  # __init__ would call the hub-bound loader
    detox.model, detox.tokenizer, detox.class_names, detox.device = model, tokenizer, classes, "cpu"
    model.eval()
    return detox


class DetoxifyScorer:
    """Scores texts with one Detoxify model; `path` picks float32 or a faster approximation."""

    def __init__(
        self, variant: str, checkpoint: Path, config_dir: Path, batch_size: int = 1, path: str = "float32"
    ):
        from wall.scoring import fastpaths

        self.detox = load_detoxify(Path(checkpoint), Path(config_dir))
        self.classes = list(self.detox.class_names)
        self.batch_size = max(1, batch_size)
        self.path = path
        digest = file_digest(Path(checkpoint), 8)
        self.forward = fastpaths.build(path, self.detox.model, Path(checkpoint), digest)
        if path.startswith("onnx"):
            self.detox.model = None  # ONNX Runtime holds its own copy of the weights
        suffix = "" if path == "float32" else f"/{path}"
        self.name = f"detoxify:{variant}@{version('detoxify')}+{digest}{suffix}"

    def windows(self, text: str) -> list[list[int]]:
        """Token ids of `text` in overlapping windows that each fit the model."""
        tok = self.detox.tokenizer
        # verbose=False: the "longer than 512" warning does not apply, we score every window.
        ids = tok(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
        room = WINDOW - 2
        starts = range(0, max(len(ids) - OVERLAP, 1), room - OVERLAP)
        return [[tok.cls_token_id, *ids[s : s + room], tok.sep_token_id] for s in starts]

    def score(self, texts: list[str]) -> list[dict[str, float]]:
        """Per text, each class's highest probability over its windows."""
        import torch

        per_text = [self.windows(t) for t in texts]
        flat = [(i, w) for i, ws in enumerate(per_text) for w in ws]
        best = [dict.fromkeys(self.classes, 0.0) for _ in texts]
        flat.sort(key=lambda iw: len(iw[1]))  # similar lengths together: little padding
        with torch.inference_mode():
            for start in range(0, len(flat), self.batch_size):
                chunk = flat[start : start + self.batch_size]
                ids, mask = self._pad([w for _, w in chunk])
                probs = torch.sigmoid(self.forward(ids, mask)).tolist()
                for (i, _), row in zip(chunk, probs, strict=True):
                    # Unbiased checkpoints have extra identity outputs after the named classes.
                    for cls, p in zip(self.classes, row, strict=False):
                        best[i][cls] = max(best[i][cls], p)
        return best

    def _pad(self, windows: list[list[int]]):
        import torch

        width = max(len(w) for w in windows)
        pad = self.detox.tokenizer.pad_token_id or 0
        ids = torch.tensor([w + [pad] * (width - len(w)) for w in windows])
        mask = torch.tensor([[1] * len(w) + [0] * (width - len(w)) for w in windows])
        return ids, mask
