"""How fast the moderators' workspace is, each figure against a baseline measured in the same run.

    match   word-list screening of a story (200 entries, obfuscation-aware) vs one naive case-insensitive
            whole-word regex over the same entries (what a plain filter costs, blind to "f.u.c.k")
    queue   the In review page (a page of cards of 1,000 waiting, with scores and highlights) vs the login
            page (same base template and stack, no data): the cost of the cards themselves
    decide  an approve (POST, conditional UPDATE, audit, redirect) vs the login page
    rescreen  a word-list change re-screening every waiting story (flags rewritten in one transaction)
            vs matching the same stories with no database work

In process through Flask's test client on SQLite, so it measures our code, not a network.
Prints a table, then one line of JSON.

    .venv/bin/python benchmarks/moderation.py
"""

import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.moderation_support import Browser, moderator, version_of, waiting  # noqa: E402
from wall import create_app  # noqa: E402
from wall.extensions import db  # noqa: E402
from wall.moderation import wordlists  # noqa: E402
from wall.moderation.wordmatch import Entry, find  # noqa: E402
from wall.stories.models import Story  # noqa: E402

WORDS = [
    "walk",
    "sister",
    "called",
    "helpline",
    "therapy",
    "quiet",
    "morning",
    "door",
    "boss",
    "shouted",
    "kitchen",
    "wrote",
    "letter",
]


def p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def bench_match(rng: random.Random) -> dict:
    letters = "abcdefghijklmnopqrstuvwxyz"
    phrases = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(200)}
    entries = [Entry(i, "banned" if i % 3 else "suspect", p) for i, p in enumerate(sorted(phrases))]
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 200))) for _ in range(300)]
    naive = re.compile(r"\b(?:" + "|".join(re.escape(e.phrase) for e in entries) + r")\b", re.IGNORECASE)
    find(texts[0], entries)  # compile and cache the patterns once, as a warm worker has
    ours = timed(lambda: [find(t, entries) for t in texts], 5)
    base = timed(lambda: [naive.findall(t) for t in texts], 5)
    per_story = lambda s: min(s) / len(texts)  # noqa: E731
    return {"match_ms": per_story(ours) * 1000, "naive_ms": per_story(base) * 1000}


def bench_pages(folder: Path, rng: random.Random) -> dict:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder / 'b.db'}",
                      "BROKER_URL": "memory://"})  # fmt: skip
    with app.app_context():
        db.create_all()
        moderator("bench")
        for phrase in ("boss", "shouted", "kill yourself"):
            wordlists.add("suspect", phrase, None)
        for n in range(1000):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
            waiting(f"{n}: {body}", {"toxicity": rng.random(), "insult": rng.random() * 0.5})
        ids = [waiting(f"to approve {n}", {"toxicity": 0.01}, band="likely") for n in range(40)]
    browser = Browser(app.test_client())
    browser.login("bench")
    login_page = app.test_client()
    for _ in range(3):
        browser.page("/moderation/")
        login_page.get("/login")
    queue = timed(lambda: browser.page("/moderation/"), 30)
    base = timed(lambda: login_page.get("/login"), 30)
    versions = iter([(i, version_of_in(app, i)) for i in ids])
    decide = timed(lambda: browser.decide(*_approve(next(versions))), 40)
    with app.app_context():
        bodies = db.session.scalars(select(Story.body).where(Story.state == "in_review")).all()
        listed = wordlists.entries()
        started = time.perf_counter()
        for body in bodies:
            find(body, listed)
        match_only = time.perf_counter() - started
        wordlists.add("suspect", "kitchen", None)
        started = time.perf_counter()
        wordlists.rescreen_waiting()
        rescreen = time.perf_counter() - started
        db.engine.dispose()
    return {
        "queue_p50_ms": p50(queue),
        "decide_p50_ms": p50(decide),
        "login_p50_ms": p50(base),
        "rescreen_ms": rescreen * 1000,
        "rescreen_match_only_ms": match_only * 1000,
        "waiting": len(bodies),
    }


def _approve(pick):
    story_id, version = pick
    return story_id, "approve", version


def version_of_in(app, story_id):
    with app.app_context():
        return version_of(story_id)


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_match(rng) | bench_pages(Path(tmp), rng)
    result["match_over_naive"] = result["match_ms"] / result["naive_ms"]
    result["queue_over_login"] = result["queue_p50_ms"] / result["login_p50_ms"]
    rows = [
        ("screen one story (ms)", result["match_ms"], "naive regex", result["naive_ms"]),
        ("queue page p50 (ms)", result["queue_p50_ms"], "login page", result["login_p50_ms"]),
        ("approve p50 (ms)", result["decide_p50_ms"], "login page", result["login_p50_ms"]),
        (
            f"re-screen {result['waiting']} waiting (ms)",
            result["rescreen_ms"],
            "matching only",
            result["rescreen_match_only_ms"],
        ),
    ]
    print(f"{'measure':26} {'ours':>9}   {'baseline':14} {'value':>9}")
    for name, ours, base_name, base in rows:
        print(f"{name:26} {ours:9.3f}   {base_name:14} {base:9.3f}")
    print(json.dumps({k: round(v, 4) for k, v in result.items()}))


if __name__ == "__main__":
    main()
