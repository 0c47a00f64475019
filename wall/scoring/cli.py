"""`flask --app wsgi model fetch|check|compare` and `flask --app wsgi rescore`."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

SAMPLES = [
    "Today I told my sister I wasn't okay, and she stayed on the phone with me.",
    "I booked my first therapy session. I almost cancelled twice.",
    "You are a worthless idiot and everyone hates you.",
]


def init_app(app) -> None:
    app.cli.add_command(model)
    app.cli.add_command(rescore)


@click.group(cls=AppGroup, help="Download, check and compare the moderation model.")
def model():
    pass


@model.command(help="Download a Detoxify model (original, unbiased, multilingual, original-small, "
               "unbiased-small) into DIR/<name>/, ready to load with no network.")  # fmt: skip
@click.argument("name")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Defaults to WALL_MODEL_DIR.")
@click.option("--force", is_flag=True, help="Download again even if the model is already there.")
@click.option("--checkpoint-url", help="A mirror of Detoxify's release downloads (default: GitHub).")
@click.option("--hub-url", help="A mirror of the Hugging Face hub (default: https://huggingface.co).")
@click.option("--no-verify", is_flag=True, help="Skip the sha256 check against the prefix in the file name.")
def fetch(name, directory, force, checkpoint_url, hub_url, no_verify):
    from wall.scoring.fetch import FetchError
    from wall.scoring.fetch import fetch as download

    cfg = current_app.config
    directory = directory or cfg.get("MODEL_DIR")
    if not directory:
        raise click.UsageError("Say where to put the model: --dir DIR, or set WALL_MODEL_DIR.")
    shown = set()

    def progress(filename, _chunk, total):
        if filename not in shown:
            shown.add(filename)
            click.echo(f"  downloading {filename}" + (f" ({total / 1e6:.1f} MB)" if total else ""))

    variant = name.removeprefix("detoxify:")
    try:
        checkpoint, hf_dir = download(
            variant,
            Path(directory),
            checkpoint_base=checkpoint_url or cfg.get("MODEL_DOWNLOAD_URL"),
            hub_base=hub_url or cfg.get("HF_ENDPOINT"),
            force=force,
            progress=progress,
            verify=not no_verify,
        )
    except FetchError as exc:
        raise click.ClickException(f"Could not fetch {name}: {exc}") from exc
    click.echo(f"{variant} is ready in {checkpoint.parent}")
    click.echo(f"Use it with WALL_MODEL_DIR={Path(directory).resolve()}")
    click.echo(f"        and WALL_MODERATION_MODEL=detoxify:{variant}")


@model.command(help="Load the configured model, score a few sentences and show what it said.")
def check():
    from wall.scoring.loader import build, resolve

    cfg = current_app.config
    choice = resolve(cfg)
    started = time.perf_counter()
    scorer = build(cfg)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    results = scorer.score(SAMPLES)
    scored = (time.perf_counter() - started) * 1000 / len(SAMPLES)
    click.echo(f"model:   {scorer.name}")
    click.echo(f"classes: {', '.join(scorer.classes)}")
    click.echo(f"loaded in {loaded:.2f} s; {scored:.0f} ms per sentence")
    for text, scores in zip(SAMPLES, results, strict=True):
        top = max(scores, key=scores.get)
        click.echo(f"  {scores[top]:.3f} {top:<16} {text[:60]}")
    fell_back = scorer.name.startswith("light:") and cfg["MODERATION_MODEL"] != "light"
    if fell_back:
        reason = choice.reason or "Detoxify failed to load (see the log above)"
        raise click.ClickException(f"FALLBACK: {cfg['MODERATION_MODEL']} is not in use. {reason}")


@model.command(help="Compare fast paths with float32 on a labelled CSV (a 'text' column, and "
               "optionally 'label' 0/1): score differences, band agreement, speed.")  # fmt: skip
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--paths", default="int8,onnx,onnx-int8", show_default=True, help="Comma-separated.")
@click.option("--limit", type=int, help="Use only the first N rows.")
def compare(csv_file, paths, limit):
    from wall.scoring import compare as comparing
    from wall.scoring.detox import DetoxifyScorer
    from wall.scoring.fastpaths import PATHS
    from wall.scoring.loader import resolve, torch_threads

    cfg = current_app.config
    wanted = ["float32", *[p.strip() for p in paths.split(",") if p.strip() and p.strip() != "float32"]]
    unknown = [p for p in wanted if p not in PATHS]
    if unknown:
        raise click.BadParameter(f"unknown path(s) {unknown}; choose from {PATHS}", param_hint="--paths")
    choice = resolve(cfg)
    if choice.kind != "detoxify" or choice.fetch_into is not None:
        reason = choice.reason or "run 'model fetch' first"
        raise click.ClickException(f"compare needs Detoxify's files here: {reason}")
    try:
        texts, labels = comparing.read_labelled(Path(csv_file), limit)
    except comparing.BadCsv as exc:
        raise click.ClickException(str(exc)) from exc
    import torch

    torch.set_num_threads(torch_threads(cfg))
    files = (choice.variant, choice.checkpoint, choice.config_dir)
    scorers = {p: DetoxifyScorer(*files, path=p) for p in wanted}
    results = comparing.run(scorers, texts, labels, cfg["THRESHOLDS"], cfg["MAYBE_RATIO"])
    click.echo(f"{len(texts)} texts, model {scorers['float32'].name}")
    head = f"{'path':<10} {'ms/text':>8} {'speed-up':>8} {'max diff':>9} {'mean diff':>9} {'bands same':>10}"
    click.echo(head + ("  label acc." if labels else ""))
    base = results[0].ms_per_text
    for r in results:
        line = (f"{r.path:<10} {r.ms_per_text:8.1f} {base / r.ms_per_text:7.2f}x {r.max_diff:9.4f} "
                f"{r.mean_diff:9.5f} {r.band_agreement:10.1%}")  # fmt: skip
        click.echo(line + (f"  {r.label_accuracy:10.1%}" if labels else ""))


@click.command(help="Score every stored story the configured model has not scored yet. "
               "Safe to stop and run again: it carries on where it stopped.")  # fmt: skip
@click.option("--batch", default=16, show_default=True, help="Stories per database transaction.")
@with_appcontext
def rescore(batch):
    from wall.scoring.loader import build
    from wall.scoring.rescore import count_missing, next_batch, rescore_batch

    scorer = build(current_app.config)
    total = count_missing(scorer.name)
    if not total:
        click.echo(f"Every story already has scores from {scorer.name}.")
        return
    click.echo(f"Scoring {total} stories with {scorer.name}")
    with click.progressbar(length=total, label="rescoring") as bar:
        while stories := next_batch(scorer.name, max(1, batch)):
            bar.update(len(rescore_batch(scorer, stories)))
    click.echo("Done.")
