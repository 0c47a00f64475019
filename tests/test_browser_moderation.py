"""A moderator clears a queue of 100 mixed stories by keyboard alone, in Chromium, against gunicorn."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.browser import browser
from tests.moderation_support import waiting
from tests.servers import flask_cli, start_web, stop, wall_env
from wall import create_app
from wall.extensions import db
from wall.moderation import wordlists
from wall.moderation.models import AuditEntry
from wall.stories.models import Story
from wall.time import utcnow

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "steady hands 2026"
STORIES = 100


@pytest.fixture
def live_queue(database_url, tmp_path):
    env = wall_env(
        SECRET_KEY="browser-moderation-secret",
        SESSION_COOKIE_SECURE="false",  # plain http on 127.0.0.1
        DATABASE_URL=database_url,
        BROKER_URL="memory://",
        INSTANCE_PATH=tmp_path / "instance",
        MODERATION_MODEL="light",
    )
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url, "BROKER_URL": "memory://"}
    )
    with app.app_context():
        db.create_all()  # the models' schema (test_migrations checks the migrations build the same)
    made = flask_cli(env, "create-moderator", "alex", "--admin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    rng = random.Random(4)
    expected = {}
    with app.app_context():
        wordlists.add("suspect", "boss", None)
        for n in range(STORIES):
            kind = rng.choice(["likely", "maybe", "unlikely", "unlikely", "unscored", "urgent", "words"])
            scores = {"likely": {"toxicity": 0.95}, "maybe": {"insult": 0.5}, "unscored": {}}.get(
                kind, {"toxicity": 0.02}
            )
            body = f"Story {n}: " + (
                "my boss shouted, and I left" if kind == "words" else "a small step today"
            )
            story_id = waiting(body, scores, care_level="immediate" if kind == "urgent" else None,
                               created_at=utcnow() - timedelta(minutes=STORIES - n))  # fmt: skip
            wordlists.screen(story_id)
            expected[story_id] = "rejected" if kind == "likely" else "published"
    web, url = start_web(env, tmp_path / "web.log")
    yield url, app, expected
    stop(web)
    with app.app_context():
        db.engine.dispose()


def _ready(page):
    page.wait_for_function(
        "document.body.dataset.shortcuts === 'ready' || !!document.getElementById('queue-empty')"
    )


def _current(page) -> int | None:
    value = page.evaluate("document.activeElement && document.activeElement.dataset.story")
    return int(value) if value else None


def _axe_violations(b, url) -> list[str]:
    """Serious or critical WCAG A/AA problems on the workspace pages, checked in a separate context.

    axe is injected as a script, which the app's CSP rightly forbids, so this context bypasses CSP;
    the keyboard test itself runs with the CSP in force.
    """
    page = b.new_context(bypass_csp=True).new_page()
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill("alex")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Password").press("Enter")
    problems = []
    for path in (
        "/moderation/",
        "/moderation/dashboard",
        "/moderation/audit",
        "/moderation/admin/moderators",
        "/moderation/admin/words",
        "/moderation/admin/thresholds",
        "/moderation/account/password",
    ):
        page.goto(url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']})")
        problems += [f"{path} {v['id']}: {v['nodes'][0]['html'][:120]}" for v in result["violations"]
                     if v["impact"] in ("serious", "critical")]  # fmt: skip
    page.context.close()
    return problems


def test_a_queue_of_100_is_cleared_by_keyboard_alone(live_queue):
    url, app, expected = live_queue
    with browser() as b:
        page = b.new_page()
        page.goto(f"{url}/login?next=/moderation/")
        for _ in range(30):  # tab until the username box has focus, as a keyboard user would
            if page.evaluate("document.activeElement.name") == "username":
                break
            page.keyboard.press("Tab")
        page.keyboard.type("alex")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        _ready(page)

        page.keyboard.press("?")
        assert page.evaluate("document.getElementById('shortcuts').open") is True
        page.keyboard.press("?")

        if AXE.exists():  # the workspace meets WCAG AA too (axe-core is vendored by npm ci)
            assert _axe_violations(b, url) == []

        decided: list[int] = []
        for step in range(STORIES + 5):
            if page.locator("#queue-empty").count():
                break
            if step % 7 == 3 and page.locator("li.card").count() > 1:
                page.keyboard.press("j")  # work the second card this time
                page.keyboard.press("k")
                page.keyboard.press("j")
            story_id = _current(page)
            assert story_id is not None, "a card has the focus"
            if expected[story_id] == "rejected":
                page.keyboard.press("v")  # show the blurred story before judging it
                page.keyboard.press("r")
                with page.expect_navigation():
                    page.keyboard.press("1")  # offensive or abusive
            else:
                with page.expect_navigation():
                    page.keyboard.press("a")
            _ready(page)
            decided.append(story_id)
        assert page.locator("#queue-empty").count() == 1
        assert len(decided) == STORIES and set(decided) == set(expected)

        # a mistaken rejection is undone from the keyboard too
        page.goto(f"{url}/moderation/?queue=rejected")
        _ready(page)
        undone = _current(page)
        with page.expect_navigation():
            page.keyboard.press("u")
        _ready(page)

    with app.app_context():
        states = dict(db.session.execute(select(Story.id, Story.state)).all())
        for story_id, state in expected.items():
            assert states[story_id] == ("in_review" if story_id == undone else state), story_id
        by_alex = AuditEntry.action.in_(["approve", "reject"]) & (AuditEntry.actor == "alex")
        decisions = db.session.execute(
            select(AuditEntry.story_id, func.count()).where(by_alex).group_by(AuditEntry.story_id)
        ).all()
        assert {story_id: n for story_id, n in decisions} == dict.fromkeys(expected, 1)
        reasons = db.session.scalars(select(AuditEntry.reason).where(AuditEntry.action == "reject")).all()
        assert set(reasons) == {"offensive"}


def _tab_to(page, test: str, limit: int = 400) -> None:
    """Press Tab until the focused element passes `test` (a JS expression on `el`), as a keyboard user."""
    for _ in range(limit):
        if page.evaluate(f"(el => !!({test}))(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {test!r} with Tab")


def test_the_queue_works_with_javascript_off_and_the_keyboard(live_queue):
    url, app, expected = live_queue
    with browser() as b:
        page = b.new_context(java_script_enabled=False).new_page()
        page.goto(f"{url}/login?next=/moderation/")
        _tab_to(page, "el.name === 'username'")
        page.keyboard.type("alex")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        first = int(page.locator("li.card").first.get_attribute("data-story"))
        reveal = "el.tagName === 'SUMMARY' && el.closest('li.card') && /likely harmful/.test(el.textContent)"
        _tab_to(page, reveal + " || el.tagName === 'BUTTON' && el.textContent.startsWith('Approve')")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            page.keyboard.press("Enter")  # show the blurred story, then go on to its buttons
            assert page.locator(f"#story-{first} details.reveal").get_attribute("open") is not None
        _tab_to(page, "el.tagName === 'SUMMARY' && el.textContent.startsWith('Reject')")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # the first reason: offensive or abusive
        _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.startsWith('Reject story')")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert f"Story #{first} is rejected" in page.content()
        second = int(page.locator("li.card").first.get_attribute("data-story"))
        _tab_to(
            page, "el.tagName === 'BUTTON' && el.textContent.startsWith('Approve') && el.closest('li.card')"
        )
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert f"Story #{second} is published" in page.content()
    with app.app_context():
        assert db.session.get(Story, first).state == "rejected"
        assert db.session.get(Story, second).state == "published"
