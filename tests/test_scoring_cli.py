"""`flask model check|compare` and `flask rescore`, run in-process on a tiny real Detoxify model."""

import pytest
from sqlalchemy import func, select

from tests.helpers import published_story, scored_story
from wall.extensions import db
from wall.scoring.loader import build
from wall.scoring.rescore import next_batch, rescore_batch
from wall.stories.models import Score, Story
from wall.stories.service import create_story


@pytest.fixture
def settings(settings, tiny_model):
    checkpoint, config_dir = tiny_model
    return settings | {
        "MODERATION_MODEL": "detoxify:original",
        "DETOXIFY_CHECKPOINT": str(checkpoint),
        "DETOXIFY_CONFIG_DIR": str(config_dir),
    }


def _rows(model_prefix: str) -> dict[int, int]:
    q = (
        select(Score.story_id, func.count())
        .where(Score.model.startswith(model_prefix))
        .group_by(Score.story_id)
    )
    return dict(db.session.execute(q).all())


def test_rescore_scores_every_story_once_and_resumes_after_an_interruption(app, runner):
    with app.app_context():
        waiting = [
            scored_story(f"I called my friend, day {n}", {"offensive": 0.9}, "light:x@1") for n in range(4)
        ]
        published = published_story("I went for a walk today")
        create_story("still waiting for a worker")  # received: the workers score it, not rescore
        scorer = build(app.config)
        rescore_batch(scorer, next_batch(scorer.name, 2))  # a run stopped after its first batch
        assert len(_rows("detoxify:")) == 2
        waiting_ids, published_id = [s.id for s in waiting], published.id
    result = runner.invoke(args=["rescore", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "Scoring 3 stories with detoxify:original@0.5.4+" in result.output
    with app.app_context():
        rows = _rows("detoxify:")
        assert set(rows) == {*waiting_ids, published_id} and set(rows.values()) == {6}
        story = db.session.get(Story, waiting_ids[0])
        new = [s.value for s in story.scores if s.model.startswith("detoxify:")]
        assert story.max_score == pytest.approx(max(new))  # the queue now sorts by the new model
        assert len([s for s in story.scores if s.model.startswith("light:")]) == 1  # history kept
    again = runner.invoke(args=["rescore"])
    assert again.exit_code == 0 and "already has scores" in again.output
    with app.app_context():
        assert set(_rows("detoxify:").values()) == {6}


def test_model_check_names_the_model_and_its_classes(runner):
    result = runner.invoke(args=["model", "check"])
    assert result.exit_code == 0, result.output
    assert "model:   detoxify:original@0.5.4+" in result.output
    assert "classes: toxicity, severe_toxicity, obscene, threat, insult, identity_attack" in result.output
    assert "loaded in" in result.output


def test_model_check_fails_loudly_when_the_configured_model_is_missing(app, runner, tmp_path):
    app.config["DETOXIFY_CHECKPOINT"] = str(tmp_path / "missing.ckpt")
    result = runner.invoke(args=["model", "check"])
    assert result.exit_code == 1
    assert "FALLBACK: detoxify:original is not in use" in result.output


def test_compare_reports_score_drift_band_agreement_and_labels(runner, tmp_path):
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(
        'text,label\n"I called my sister today",0\n"help help help",1\n' + "today friend,0\n" * 5
    )
    result = runner.invoke(args=["model", "compare", str(labelled), "--paths", "int8"])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()]
    lines = {row[0]: row for row in rows if row and row[0] in ("float32", "int8")}
    assert set(lines) == {"float32", "int8"}
    assert lines["float32"][3] == "0.0000" and lines["float32"][5] == "100.0%"
    assert float(lines["int8"][3]) < 0.01  # max difference from float32
    assert "label acc." in result.output


@pytest.mark.parametrize(
    "content, message",
    [("words,label\nhello,1\n", "needs a column named"), ("text,label\nhello,maybe\n", "must hold numbers"),
     ("text\n", "has no texts")],
)  # fmt: skip
def test_compare_explains_a_bad_csv(runner, tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    result = runner.invoke(args=["model", "compare", str(bad)])
    assert result.exit_code == 1 and message in result.output


def test_compare_refuses_an_unknown_path(runner, tmp_path):
    (tmp_path / "a.csv").write_text("text\nhello\n")
    result = runner.invoke(args=["model", "compare", str(tmp_path / "a.csv"), "--paths", "fp4"])
    assert result.exit_code == 2 and "unknown path" in result.output


def test_fetch_needs_a_directory(runner):
    result = runner.invoke(args=["model", "fetch", "original"])
    assert result.exit_code == 2 and "--dir" in result.output
