"""The care path in Chromium: pause before posting, helplines first, and the receipt link's code
moving from the address bar's #fragment into a POST so that no log ever sees it."""

import re
import sqlite3

import pytest

from tests.browser import browser
from tests.servers import flask_cli, start_web, stop, wall_env

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE_STORY = "I finally rang my mum back today. Anyone can text me on 07700 900123."


@pytest.fixture
def live_wall(redis_server, tmp_path):
    db_path = tmp_path / "wall.db"
    env = wall_env(
        SECRET_KEY="care-browser-secret", SESSION_COOKIE_SECURE="false", DATABASE_URL=f"sqlite:///{db_path}",
        BROKER_URL=redis_server.url, INSTANCE_PATH=tmp_path / "instance", MODERATION_MODEL="light",
    )  # fmt: skip
    assert flask_cli(env, "init-db").returncode == 0
    web, url = start_web(env, tmp_path / "web.log")
    yield url, db_path, tmp_path / "web.log"
    stop(web)


def _bodies(db_path) -> list:
    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute("SELECT body FROM stories ORDER BY id")]


def test_pause_share_anyway_receipt_link_and_withdraw(live_wall):
    url, db_path, web_log = live_wall
    with browser() as b:
        page = b.new_page()
        page.goto(f"{url}/share")
        page.get_by_label("Your story").fill(PHONE_STORY)
        page.get_by_role("button", name="Share", exact=True).click()
        page.get_by_role("heading", name="One more look before you share").wait_for()
        assert page.locator("mark.pii-phone", has_text="07700 900123").first.is_visible()
        assert _bodies(db_path) == []  # nothing sent yet
        page.get_by_role("button", name="Share anyway").click()
        page.get_by_role("heading", name="Thank you for sharing").wait_for()
        link = page.get_by_label("Receipt link").input_value()
        code = link.rsplit("#", 1)[1]
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", code)

        owner = b.new_context().new_page()
        owner.goto(link)  # the code rides in the #fragment; receipt.js posts it
        owner.get_by_text("Waiting to be read.").wait_for()
        assert "#" not in owner.url
        owner.get_by_label("Yes, take my story back and erase its words").check()
        owner.get_by_role("button", name="Withdraw my story").click()
        owner.get_by_role("heading", name="Your story is withdrawn").wait_for()
    assert _bodies(db_path) == [None]
    log = web_log.read_text()
    assert '"POST /receipt"' in log and '"POST /receipt/withdraw"' in log
    assert code not in log


def test_someone_in_danger_sees_helplines_first(live_wall):
    url, _, _ = live_wall
    with browser() as b:
        page = b.new_context(locale="en-AU").new_page()
        page.goto(f"{url}/share")
        page.get_by_label("Your story").fill("I have the pills in front of me and I can't do this anymore.")
        page.get_by_role("button", name="Share", exact=True).click()
        first = page.locator("main h1").first
        first.wait_for()
        assert first.inner_text() == "You don't have to get through this alone"
        main = page.locator("main").inner_text()
        assert main.index("13 11 14") < main.index("Thank you for sharing")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_care_pages_pass_axe(live_wall, scheme):
    """WCAG 2.2 AA (serious or critical) on the preview, helplines-first thanks, help and receipt pages."""
    from tests.test_a11y import AXE, _violations

    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` at the project root (scripts/setup --test does)")
    url, _, _ = live_wall
    failures = {}
    with browser() as b:
        page = b.new_context(color_scheme=scheme, locale="en-GB").new_page()
        page.goto(f"{url}/share")
        page.get_by_label("Your story").fill("I have the pills in front of me. Text me on 07700 900123.")
        page.get_by_role("button", name="Share", exact=True).click()
        page.get_by_role("button", name="Share anyway").wait_for()
        failures["preview"] = _violations(page)
        page.get_by_role("button", name="Share anyway").click()
        page.get_by_label("Receipt link").wait_for()
        failures["thanks (immediate)"] = _violations(page)
        code = page.get_by_label("Receipt link").input_value().rsplit("#", 1)[1]
        for path in ("/help", "/help?country=AU", "/receipt"):
            page.goto(f"{url}{path}")
            failures[path] = _violations(page)
        page.get_by_label("Your receipt code or link").fill(code)
        page.get_by_role("button", name="Show my story's status").click()
        page.get_by_text("Waiting to be read.").wait_for()
        failures["receipt status"] = _violations(page)
    failures = {where: found for where, found in failures.items() if found}
    assert not failures, failures


def test_care_pages_reflow_at_400_percent_zoom(live_wall):
    url, _, _ = live_wall
    with browser() as b:
        page = b.new_page(viewport={"width": 320, "height": 640})
        page.goto(f"{url}/share")
        page.get_by_label("Your story").fill("I have the pills in front of me. Text me on 07700 900123.")
        page.get_by_role("button", name="Share", exact=True).click()
        page.get_by_role("button", name="Share anyway").wait_for()
        overflow = {"preview": page.evaluate("document.documentElement.scrollWidth - window.innerWidth")}
        page.get_by_role("button", name="Share anyway").click()
        page.get_by_label("Receipt link").wait_for()
        overflow["thanks"] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        for path in ("/help?country=GB", "/privacy", "/receipt"):
            page.goto(f"{url}{path}")
            overflow[path] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert all(px <= 0 for px in overflow.values()), overflow
