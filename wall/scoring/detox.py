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
    `model_type` even when given a local directory, so we point `model_type` at that
    directory and build the model through its `get_model_and_tokenizer`.
    """
    import torch
    from detoxify import Detoxify
    from detoxify.detoxify import get_model_and_tokenizer

    loaded = torch.load(checkpoint, map_location="cpu", weights_only=False)
    args = dict(loaded["config"]["arch"]["args"], model_type=str(config_dir))
    model, tokenizer = get_model_and_tokenizer(
        **args, state_dict=loaded["state_dict"], huggingface_config_path=str(config_dir)
    )
    classes = [CLASS_NAMES.get(c, c) for c in loaded["config"]["dataset"]["args"]["classes"]]
    detox = Detoxify.__new__(Detoxify)  # __init__ would call the hub-bound loader
    detox.model, detox.tokenizer, detox.class_names, detox.device = model, tokenizer, classes, "cpu"
    model.eval()
    return detox


class DetoxifyScorer:
    def __init__(self, variant: str, checkpoint: Path, config_dir: Path, batch_size: int = 1):
        self.detox = load_detoxify(Path(checkpoint), Path(config_dir))
        self.classes = list(self.detox.class_names)
        self.batch_size = max(1, batch_size)
        self.name = f"detoxify:{variant}@{version('detoxify')}+{file_digest(Path(checkpoint), 8)}"

    def windows(self, text: str) -> list[list[int]]:
        """Token ids of `text` in overlapping windows that each fit the model."""
        tok = self.detox.tokenizer
        ids = tok(text, add_special_tokens=False, truncation=False)["input_ids"]
        room = WINDOW - 2
        starts = range(0, max(len(ids) - OVERLAP, 1), room - OVERLAP)
        return [[tok.cls_token_id, *ids[s : s + room], tok.sep_token_id] for s in starts]

    def score(self, texts: list[str]) -> list[dict[str, float]]:
        import torch

        per_text = [self.windows(t) for t in texts]
        flat = [(i, w) for i, ws in enumerate(per_text) for w in ws]
        best = [dict.fromkeys(self.classes, 0.0) for _ in texts]
        flat.sort(key=lambda iw: len(iw[1]))  # similar lengths together: little padding
        with torch.inference_mode():
            for start in range(0, len(flat), self.batch_size):
                chunk = flat[start : start + self.batch_size]
                probs = torch.sigmoid(self._forward([w for _, w in chunk]))
                for (i, _), row in zip(chunk, probs.tolist(), strict=True):
                    for cls, p in zip(self.classes, row, strict=True):
                        best[i][cls] = max(best[i][cls], p)
        return best

    def _forward(self, windows: list[list[int]]):
        import torch

        width = max(len(w) for w in windows)
        pad = self.detox.tokenizer.pad_token_id or 0
        ids = torch.tensor([w + [pad] * (width - len(w)) for w in windows])
        mask = torch.tensor([[1] * len(w) + [0] * (width - len(w)) for w in windows])
        return self.detox.model(input_ids=ids, attention_mask=mask).logits
