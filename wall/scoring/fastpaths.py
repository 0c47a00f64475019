"""Ways to run the model's forward pass: float32 as trained, or faster approximations.

Detoxify was trained at full precision; every other path changes the scores a little.
`flask --app wsgi model compare` shows by how much on labelled stories before one is trusted.
"""

import fcntl
import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

PATHS = ("float32", "int8", "onnx", "onnx-int8")


def build(path: str, model, checkpoint: Path, digest: str) -> Callable:
    """A function (input_ids, attention_mask) -> logits tensor for the chosen path."""
    if path not in PATHS:
        raise ValueError(f"unknown WALL_SCORE_PATH {path!r}; expected one of {PATHS}")
    if path == "float32":
        return lambda ids, mask: model(input_ids=ids, attention_mask=mask).logits
    if path == "int8":
        quantized = quantize_int8(model)
        return lambda ids, mask: quantized(input_ids=ids, attention_mask=mask).logits
    return onnx_forward(model, checkpoint, digest, quantize=path == "onnx-int8")


def quantize_int8(model):
    """Dynamic int8 on every Linear layer: weights stored as int8, activations quantized per call."""
    import torch

    with warnings.catch_warnings():
        # torch.ao.quantization announces its move to torchao; the API still works in this torch.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        warnings.filterwarnings("ignore", message="torch.quantize_per_tensor", category=UserWarning)
        # In place: the float32 weights are replaced, not kept beside the int8 ones.
        return torch.ao.quantization.quantize_dynamic(
            model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True
        )


def onnx_forward(model, checkpoint: Path, digest: str, quantize: bool) -> Callable:
    import numpy as np
    import onnxruntime as ort
    import torch

    model_file = _exported(model, checkpoint.parent / "onnx", digest, quantize)
    options = ort.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])

    def forward(ids, mask):
        feed = {"input_ids": ids.numpy().astype(np.int64), "attention_mask": mask.numpy().astype(np.int64)}
        return torch.from_numpy(session.run(["logits"], feed)[0])

    return forward


def _exported(model, folder: Path, digest: str, quantize: bool) -> Path:
    """The model as ONNX (exported once per checkpoint and kept beside it); int8 if asked."""
    folder.mkdir(parents=True, exist_ok=True)
    plain, int8 = folder / f"{digest}.onnx", folder / f"{digest}-int8.onnx"
    with open(folder / ".lock", "w") as lock:  # several worker processes may start at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not plain.exists():
            _export(model, plain)
        if quantize and not int8.exists():
            from onnxruntime.quantization import QuantType, quantize_dynamic

            partial = int8.with_suffix(".partial")
            quantize_dynamic(str(plain), str(partial), weight_type=QuantType.QInt8)
            os.replace(partial, int8)
    return int8 if quantize else plain


def _logits_module(model):
    """The model as a module taking exactly (input_ids, attention_mask), for the exporter."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).logits

    return Logits().eval()


def _export(model, target: Path) -> None:
    import torch

    log.info("exporting the model to ONNX at %s (once per checkpoint)", target)
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq", max=512)
    # Realistic example values: an all-ones example lets the exporter bake in a wrong shortcut.
    generator = torch.Generator().manual_seed(0)
    example_ids = torch.randint(5, model.config.vocab_size, (2, 16), generator=generator)
    example_mask = torch.ones((2, 16), dtype=torch.long)
    example_mask[1, 12:] = 0
    partial = target.with_suffix(".partial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter is chatty about tracing details
        torch.onnx.export(
            _logits_module(model),
            (example_ids, example_mask),
            str(partial),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_shapes={"input_ids": {0: batch, 1: seq}, "attention_mask": {0: batch, 1: seq}},
            dynamo=True,
            external_data=False,
        )
    os.replace(partial, target)
