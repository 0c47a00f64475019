"""Toxicity scoring: which model, how it is loaded, and what its scores mean."""

# Settings of the scoring pipeline (WALL_<NAME> in the environment); loaded by `wall.config`.
DEFAULTS = {
    "MODEL_DIR": None,  # where `model fetch` puts models; auto also downloads into it when missing
    "MODEL_AUTO_FETCH": True,
    "MODEL_DOWNLOAD_URL": None,  # None: Detoxify's GitHub releases (a mirror for air-gapped sites)
    "HF_ENDPOINT": None,  # None: https://huggingface.co
    "SCORE_PATH": "float32",  # float32 | int8 | onnx | onnx-int8 (see `flask --app wsgi model compare`)
    "SCORE_BATCH_SIZE": 1,  # windows per forward pass; 1 is fastest on CPU, larger helps on a GPU
    "WORKER_CONCURRENCY": 1,  # worker processes; each gets cores / concurrency torch threads
    "TORCH_THREADS": None,  # None: derived from the cores this process owns
    "VISIBILITY_TIMEOUT": 3600,  # seconds before an unacknowledged story is handed out again
    "WORKER_PREFETCH": 1,
}
