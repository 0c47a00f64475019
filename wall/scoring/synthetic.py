"""Random-weight models in Detoxify's checkpoint format, for tests and benchmarks.

Real weights cannot be downloaded on our build machines. A random model in the exact
format drives the real loading and scoring code; at full size it costs exactly what the
real model costs, which is what a speed benchmark needs. Its scores mean nothing.
"""

import string
from pathlib import Path

ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]

SIZES = {
    "tiny": dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64),
    "base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
}

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def vocabulary(words: list[str] | None = None) -> list[str]:
    """Special tokens, single characters and their '##' pieces, then whole words."""
    chars = list(string.ascii_lowercase + string.digits + string.punctuation)
    pieces = [f"##{c}" for c in string.ascii_lowercase + string.digits]
    seen = set(SPECIAL + chars + pieces)
    extra = [w for w in dict.fromkeys(words or []) if w not in seen]
    return SPECIAL + chars + pieces + extra


def make_checkpoint(
    out_dir: Path,
    size: str = "tiny",
    words: list[str] | None = None,
    classes: list[str] = ORIGINAL_CLASSES,
    seed: int = 0,
) -> tuple[Path, Path]:
    """Write `checkpoint.ckpt` and an `hf/` config+tokenizer directory; return both paths."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    out_dir = Path(out_dir)
    hf_dir = out_dir / "hf"
    hf_dir.mkdir(parents=True, exist_ok=True)
    vocab_file = hf_dir / "vocab.txt"
    vocab_file.write_text("\n".join(vocabulary(words)) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab_file), do_lower_case=True)
    tokenizer.save_pretrained(hf_dir)
    config = BertConfig(
        vocab_size=len(tokenizer),
        num_labels=len(classes),
        max_position_embeddings=512,
        **SIZES[size],
    )
    config.save_pretrained(hf_dir)
    torch.manual_seed(seed)
    model = BertForSequenceClassification(config)
    checkpoint = out_dir / "checkpoint.ckpt"
    torch.save(
        {
            "config": {
                "arch": {
                    "args": {
                        "model_type": "bert-base-uncased",
                        "model_name": "BertForSequenceClassification",
                        "tokenizer_name": "BertTokenizer",
                        "num_classes": len(classes),
                    }
                },
                "dataset": {"args": {"classes": list(classes)}},
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    return checkpoint, hf_dir
