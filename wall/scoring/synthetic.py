"""Random-weight models in Detoxify's checkpoint format, for tests and benchmarks.

Real weights cannot be downloaded on our build machines. A random model in the exact
format drives the real loading and scoring code; at full size it costs exactly what the
real model costs, which is what a speed benchmark needs. Its scores mean nothing.
Each Detoxify variant's architecture (BERT, RoBERTa, XLM-RoBERTa, ALBERT) can be made.
"""

import functools
import string
from pathlib import Path

ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
BIAS_CLASSES = [
    "toxicity", "severe_toxicity", "obscene", "identity_attack", "insult", "threat", "sexual_explicit",
]  # fmt: skip

# variant: (base model, model class, tokenizer class, classes, outputs). The unbiased models have
# 16 outputs (9 identity heads after the 7 named classes); Detoxify reads only the named ones.
_BERT = ("bert-base-uncased", "BertForSequenceClassification", "BertTokenizer")
_ROBERTA = ("roberta-base", "RobertaForSequenceClassification", "RobertaTokenizer")
_XLMR = ("xlm-roberta-base", "XLMRobertaForSequenceClassification", "XLMRobertaTokenizer")
_ALBERT = ("albert-base-v2", "AlbertForSequenceClassification", "AlbertTokenizer")
ARCHS = {
    "original": (*_BERT, ORIGINAL_CLASSES, 6),
    "unbiased": (*_ROBERTA, BIAS_CLASSES, 16),
    "multilingual": (*_XLMR, BIAS_CLASSES, 7),
    "original-small": (*_ALBERT, ORIGINAL_CLASSES, 6),
    "unbiased-small": (*_ALBERT, BIAS_CLASSES, 16),
}

SIZES = {
    "tiny": dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64),
    "small": dict(hidden_size=128, num_hidden_layers=4, num_attention_heads=4, intermediate_size=512),
    "base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
}

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def vocabulary(words: list[str] | None = None) -> list[str]:
    """Word-piece vocabulary: specials, single characters and their '##' pieces, then `words`.

    `words` may hold '##' pieces too, which is how a benchmark gets realistic token counts.
    """
    chars = list(string.ascii_lowercase + string.digits + string.punctuation)
    pieces = [f"##{c}" for c in string.ascii_lowercase + string.digits]
    seen = set(SPECIAL + chars + pieces)
    extra = [w for w in dict.fromkeys(words or []) if w not in seen]
    return SPECIAL + chars + pieces + extra


def _tokenizer(tokenizer_name: str, words: list[str]):
    import transformers

    # 512, as the real base models' tokenizer configs say: Detoxify's predict truncates there.
    cls = functools.partial(getattr(transformers, tokenizer_name), model_max_length=512)
    if tokenizer_name == "BertTokenizer":
        return cls(vocab={w: i for i, w in enumerate(vocabulary(words))}, do_lower_case=True)
    if tokenizer_name == "RobertaTokenizer":
        from tokenizers.pre_tokenizers import ByteLevel

        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        vocab |= {c: i + 4 for i, c in enumerate(sorted(ByteLevel.alphabet()))}
        return cls(vocab=vocab | {"<mask>": len(vocab)}, merges=[])
    # Unigram (SentencePiece-style) vocabularies: XLM-RoBERTa and ALBERT.
    letters = string.ascii_lowercase + string.digits + string.punctuation
    pieces = [(f"▁{c}", -5.0) for c in letters] + [(c, -6.0) for c in letters]
    pieces += [(f"▁{w}", -1.0) for w in dict.fromkeys(words) if not w.startswith("##")]
    if tokenizer_name == "XLMRobertaTokenizer":
        specials = ["<s>", "<pad>", "</s>", "<unk>"]
        return cls(vocab=[(s, 0.0) for s in specials] + pieces + [("<mask>", 0.0)])
    specials = ["<pad>", "<unk>", "[CLS]", "[SEP]", "[MASK]"]
    return cls(vocab=[(s, 0.0) for s in specials] + pieces)


def _config(model_name: str, vocab_size: int, outputs: int, size: str):
    import transformers

    config_class = getattr(transformers, model_name).config_class
    dims = dict(SIZES[size])
    if model_name.startswith(("Roberta", "XLMRoberta")):
        dims |= {"max_position_embeddings": 514, "pad_token_id": 1, "type_vocab_size": 1}
    else:
        dims["max_position_embeddings"] = 512
    if model_name.startswith("Albert"):
        dims |= {"embedding_size": min(128, dims["hidden_size"])}
    return config_class(vocab_size=vocab_size, num_labels=outputs, **dims)


def make_checkpoint(
    out_dir: Path,
    size: str = "tiny",
    words: list[str] | None = None,
    classes: list[str] | None = None,
    seed: int = 0,
    variant: str = "original",
) -> tuple[Path, Path]:
    """Write `checkpoint.ckpt` and an `hf/` config+tokenizer directory; return both paths."""
    import torch
    import transformers

    base, model_name, tokenizer_name, default_classes, outputs = ARCHS[variant]
    classes = list(classes or default_classes)
    outputs = max(outputs, len(classes))
    out_dir = Path(out_dir)
    hf_dir = out_dir / "hf"
    hf_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = _tokenizer(tokenizer_name, list(words or []))
    tokenizer.save_pretrained(hf_dir)
    config = _config(model_name, len(tokenizer), outputs, size)
    config.save_pretrained(hf_dir)
    torch.manual_seed(seed)
    model = getattr(transformers, model_name)(config)
    checkpoint = out_dir / "checkpoint.ckpt"
    args = {"model_type": base, "model_name": model_name, "tokenizer_name": tokenizer_name}
    torch.save(
        {
            "config": {
                "arch": {"args": args | {"num_classes": outputs}},
                "dataset": {"args": {"classes": classes}},
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    return checkpoint, hf_dir
