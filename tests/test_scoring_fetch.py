"""`model fetch` against a local mirror on 127.0.0.1, then loading the fetched directory with no network.

The real sources (GitHub releases, the Hugging Face hub) cannot be reached from here; the mirror
serves the same URL layout (…/<release>/<name>-<sha256 prefix>.ckpt, …/<repo>/resolve/main/<file>).
"""

import functools
import hashlib
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.servers import flask_cli, free_port, wall_env
from wall.scoring.fetch import FetchError, fetch
from wall.scoring.loader import build
from wall.scoring.synthetic import ARCHS, make_checkpoint


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Mirror:
    """Serves synthetic checkpoints and base-model files in the real URL layout."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(Quiet, directory=str(root))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, variant: str, tmp: Path, name_digest: str | None = None) -> str:
        """Publish a tiny `variant`; returns the checkpoint's URL."""
        checkpoint, hf_dir = make_checkpoint(tmp / variant, "tiny", ["sister", "today"], variant=variant)
        digest = name_digest or hashlib.sha256(checkpoint.read_bytes()).hexdigest()[:8]
        release = self.root / "releases" / f"toxic_{variant}-{digest}.ckpt"
        release.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(checkpoint, release)
        repo = self.root / "hub" / ARCHS[variant][0] / "resolve" / "main"
        repo.mkdir(parents=True, exist_ok=True)
        for f in hf_dir.iterdir():
            shutil.copy(f, repo / f.name)
        config = json.loads((repo / "config.json").read_text())
        for key in ("id2label", "label2id", "num_labels"):  # a base model's config has no classifier size
            config.pop(key, None)
        (repo / "config.json").write_text(json.dumps(config))
        return f"{self.url}/releases/{release.name}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def mirror(tmp_path):
    server = Mirror(tmp_path / "mirror")
    yield server
    server.stop()


@pytest.mark.slow
def test_fetch_then_load_offline_through_the_cli(mirror, tmp_path):
    url = mirror.add("original", tmp_path)
    models = tmp_path / "models"
    env = wall_env(
        SECRET_KEY="test", DATABASE_URL=f"sqlite:///{tmp_path / 'w.db'}", INSTANCE_PATH=tmp_path / "i"
    )
    done = flask_cli(env, "model", "fetch", "original", "--dir", str(models),
                     "--checkpoint-url", url, "--hub-url", f"{mirror.url}/hub")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (models / "original" / "checkpoint.ckpt").is_file()
    assert {"config.json", "tokenizer.json"} <= {f.name for f in (models / "original" / "hf").iterdir()}
    source = json.loads((models / "original" / "source.json").read_text())
    assert source["checkpoint"] == url and source["hub"].endswith("/hub/bert-base-uncased")
    mirror.stop()  # from here on nothing answers: the load must need no network at all
    env |= {"WALL_MODEL_DIR": str(models), "WALL_MODERATION_MODEL": "detoxify:original",
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    checked = flask_cli(env, "model", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "model:   detoxify:original@0.5.4+" in checked.stdout
    assert "classes: toxicity, severe_toxicity" in checked.stdout


def test_fetch_the_roberta_model_with_its_16_outputs_and_load_it_offline(mirror, tmp_path, monkeypatch):
    url = mirror.add("unbiased", tmp_path)
    checkpoint, hf_dir = fetch(
        "unbiased", tmp_path / "models", checkpoint_base=url, hub_base=f"{mirror.url}/hub"
    )
    assert "id2label" not in (hf_dir / "config.json").read_text()  # the base config, as the hub has it
    mirror.stop()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    scorer = build({"MODERATION_MODEL": "detoxify:unbiased", "MODEL_DIR": str(tmp_path / "models")})
    assert scorer.name.startswith("detoxify:unbiased@")
    assert scorer.detox.model.config.num_labels == 16 and len(scorer.classes) == 7
    # fetching again is a no-op: the directory is complete
    assert fetch("unbiased", tmp_path / "models", checkpoint_base="http://127.0.0.1:9/x.ckpt") == (
        checkpoint,
        hf_dir,
    )


def test_a_damaged_download_is_refused_and_removed(mirror, tmp_path):
    url = mirror.add("original", tmp_path, name_digest="deadbeef")
    with pytest.raises(FetchError, match="damaged"):
        fetch("original", tmp_path / "models", checkpoint_base=url, hub_base=f"{mirror.url}/hub")
    assert not (tmp_path / "models" / "original" / "checkpoint.ckpt").exists()
    assert not list((tmp_path / "models" / "original").glob("*.partial"))
    # an operator who has checked the file another way can skip the name-based check
    fetch("original", tmp_path / "models", checkpoint_base=url, hub_base=f"{mirror.url}/hub", verify=False)
    assert (tmp_path / "models" / "original" / "checkpoint.ckpt").is_file()


def test_an_unreachable_source_is_said_plainly(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(FetchError, match="could not download"):
        fetch("original", tmp_path / "models", checkpoint_base=dead, hub_base=dead)
    with pytest.raises(FetchError, match="unknown model"):
        fetch("enormous", tmp_path / "models")


def test_auto_downloads_when_it_can(mirror, tmp_path):
    url = mirror.add("unbiased", tmp_path)  # auto means the recommended default, unbiased
    cfg = {"MODERATION_MODEL": "auto", "MODEL_DIR": str(tmp_path / "models"),
           "MODEL_DOWNLOAD_URL": url, "HF_ENDPOINT": f"{mirror.url}/hub"}  # fmt: skip
    assert build(cfg).name.startswith("detoxify:unbiased@")


def test_auto_falls_back_to_light_loudly_when_it_cannot_download(tmp_path, caplog):
    dead = f"http://127.0.0.1:{free_port()}"
    cfg = {"MODERATION_MODEL": "auto", "MODEL_DIR": str(tmp_path / "models"),
           "MODEL_DOWNLOAD_URL": dead, "HF_ENDPOINT": dead}  # fmt: skip
    assert build(cfg).name.startswith("light:")
    assert "MODERATION MODEL FALLBACK" in caplog.text and "could not be fetched" in caplog.text
