"""WCAG 2.2 AA in a real browser: axe-core (vendored from npm, never a CDN) on every public page.

Fails on any serious or critical violation, in light and dark colour schemes; also checks that pages
reflow at 320 CSS pixels (400% zoom of a 1280px window) and that a reader can encourage a story with the
keyboard alone and JavaScript off.
"""

from pathlib import Path

import pytest

from tests.browser import browser
from tests.helpers import published_story
from tests.servers import start_web, stop, wall_env
from wall import create_app
from wall.extensions import db

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def live_wall(tmp_path_factory):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` at the project root (scripts/setup --test does)")
    folder = tmp_path_factory.mktemp("a11y")
    settings = {
        "SECRET_KEY": "a11y-test-secret",
        "DATABASE_URL": f"sqlite:///{folder / 'wall.db'}",
        "BROKER_URL": "memory://",
        "MODERATION_MODEL": "light",
    }
    app = create_app(settings | {"TESTING": True})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        themes = ["family", "recovery", "work-and-study", None]
        for n in range(24):
            story = published_story(f"Step {n}: I told someone how I was really doing.\nIt helped a little.")
            story.theme = themes[n % 4]
        noted = published_story("I went to the funeral, and I let myself cry in front of people.")
        noted.theme, noted.content_note = "grief-and-loss", "a death in the family"
        db.session.commit()
        noted_id = noted.id
        db.engine.dispose()
    env = wall_env(**settings, SESSION_COOKIE_SECURE="false", INSTANCE_PATH=folder / "instance")
    web, url = start_web(env, folder / "web.log")
    yield url, noted_id
    stop(web)


def _public_paths(noted_id: int) -> list[str]:
    return [
        "/", "/?before=" + "", "/themes/family", "/themes/everyday-courage", f"/stories/{noted_id}", "/about",
        "/share", "/share/thanks", "/privacy", "/login", "/stories/999999",
    ]  # fmt: skip


def _violations(page) -> list[dict]:
    page.evaluate(AXE.read_text())  # evaluated through the DevTools protocol: the page's CSP stays on
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG22_AA
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_public_page_passes_axe(live_wall, scheme):
    url, noted_id = live_wall
    failures = {}
    with browser() as b:
        page = b.new_page(color_scheme=scheme)
        first = page.goto(f"{url}/")
        older = page.get_by_role("link", name="Older stories").get_attribute("href")
        paths = [p for p in _public_paths(noted_id) if p != "/?before="] + [older]
        assert first.ok
        for path in paths:
            page.goto(f"{url}{path}")
            found = _violations(page)
            if path.startswith("/stories/") and path != "/stories/999999":
                page.get_by_text("Content note:").click()  # the story behind its note, opened
                assert page.get_by_text("let myself cry").is_visible()
                found += _violations(page)
            if found:
                failures[path] = found
    assert not failures, failures


def test_pages_reflow_at_400_percent_zoom(live_wall):
    url, noted_id = live_wall
    with browser() as b:
        page = b.new_page(viewport={"width": 320, "height": 640})
        for path in ("/", "/themes/family", f"/stories/{noted_id}", "/about", "/share"):
            page.goto(f"{url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, overflow)


def test_a_reader_encourages_a_story_by_keyboard_without_javascript(live_wall):
    url, noted_id = live_wall
    with browser() as b:
        context = b.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{url}/stories/{noted_id}")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "This helped me":
                break
        else:
            pytest.fail("'This helped me' cannot be reached with the Tab key")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # a visible focus ring
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_text("1 person found this helpful").is_visible()
        assert page.get_by_text("Thank you").first.is_visible()


def test_axe_would_catch_a_serious_violation():
    """Guard against a check that cannot fail: an unlabelled field and an image with no text."""
    with browser() as b:
        page = b.new_page()
        page.set_content(
            '<html lang="en"><body><main><img src="x.png"><input type="text"></main></body></html>'
        )
        found = {v["id"] for v in _violations(page)}
    assert {"image-alt", "label"} <= found
