"""Admins' work through HTTP with CSRF on, and the same from the CLI; the audit log and dashboard."""

import csv
import io
import re
import time

import pytest
from sqlalchemy import select

from tests.moderation_support import PASSWORD, Browser, moderator, version_of, waiting
from wall.extensions import db
from wall.moderation.models import AuditEntry, AuditIsReadOnly, Moderator, Threshold
from wall.moderation.passwords import password_problem
from wall.moderation.thresholds import effective_thresholds
from wall.stories.models import Story


@pytest.fixture
def settings(settings):
    return {**settings, "WTF_CSRF_ENABLED": True}


def logged_in(app, name, role="moderator"):
    with app.app_context():
        moderator(name, role=role)
    browser = Browser(app.test_client())
    assert browser.login(name).status_code == 302
    return browser


@pytest.fixture
def admin(app):
    return logged_in(app, "ada", "admin")


@pytest.fixture
def sam(app):
    return logged_in(app, "sam")


def people(app):
    with app.app_context():
        return {m.username: (m.role, m.active) for m in db.session.scalars(select(Moderator))}


def audit(app, action):
    with app.app_context():
        q = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return [(e.actor, e.target, e.from_value, e.to_value) for e in db.session.scalars(q)]


@pytest.mark.parametrize("path", ["/moderation/admin/moderators", "/moderation/admin/words",
                                  "/moderation/admin/thresholds"])  # fmt: skip
def test_admin_pages_are_for_admins_only(sam, path):
    assert sam.get(path).status_code == 403
    assert sam.post(path, {"phrase": "x", "kind": "banned"}).status_code == 403


def test_an_admin_creates_a_moderator_who_can_then_log_in(admin, app):
    response = admin.post("/moderation/admin/moderators", {"username": "robin", "password": "password1",
                                                           "role": "moderator"})  # fmt: skip
    assert "too easy to guess" in response.get_data(as_text=True)
    admin.post("/moderation/admin/moderators", {"username": "robin", "password": "a long quiet walk",
                                                "role": "moderator"})  # fmt: skip
    assert people(app)["robin"] == ("moderator", True)
    again = admin.post("/moderation/admin/moderators", {"username": "robin", "password": "another long walk",
                                                        "role": "admin"})  # fmt: skip
    assert "already exists" in again.get_data(as_text=True)
    assert Browser(app.test_client()).login("robin", "a long quiet walk").status_code == 302
    assert audit(app, "create_moderator") == [("ada", "robin", None, "moderator")]


def test_disabling_ends_the_open_session_at_once(admin, sam, app):
    assert sam.get("/moderation/").status_code == 200
    sam_id = people_ids(app)["sam"]
    admin.post(f"/moderation/admin/moderators/{sam_id}/disable")
    assert people(app)["sam"] == ("moderator", False)
    assert sam.get("/moderation/").status_code == 302
    assert "do not match" in sam.login().get_data(as_text=True)
    admin.post(f"/moderation/admin/moderators/{sam_id}/enable")
    assert sam.login().status_code == 302
    assert [a[2:] for a in audit(app, "disable_moderator")] == [("active", "disabled")]


def people_ids(app):
    with app.app_context():
        return {m.username: m.id for m in db.session.scalars(select(Moderator))}


def test_a_password_reset_ends_sessions_and_the_new_one_works(admin, sam, app):
    sam_id = people_ids(app)["sam"]
    admin.post(f"/moderation/admin/moderators/{sam_id}/password", {"password": "short"})
    assert "at least 8" in admin.page("/moderation/admin/moderators")
    admin.post(f"/moderation/admin/moderators/{sam_id}/password", {"password": "a new green door"})
    assert sam.get("/moderation/").status_code == 302
    assert sam.login(password=PASSWORD).status_code == 200
    assert sam.login(password="a new green door").status_code == 302


def test_roles_change_but_the_last_admin_stays(admin, sam, app):
    ids = people_ids(app)
    admin.post(f"/moderation/admin/moderators/{ids['ada']}/role", {"role": "moderator"})
    assert "last active admin" in admin.page("/moderation/admin/moderators")
    admin.post(f"/moderation/admin/moderators/{ids['ada']}/disable")
    assert people(app)["ada"] == ("admin", True)
    admin.post(f"/moderation/admin/moderators/{ids['sam']}/role", {"role": "admin"})
    assert people(app)["sam"] == ("admin", True)
    assert sam.get("/moderation/admin/words").status_code == 200


def test_word_lists_from_the_web(admin, app):
    with app.app_context():
        rude = waiting("Honestly, what a sh1tty week, but I went out.", {"toxicity": 0.3})
    admin.post("/moderation/admin/words", {"kind": "banned", "phrase": "shitty"})
    assert "1 waiting stories matched it" in admin.page("/moderation/admin/words")
    with app.app_context():
        assert db.session.get(Story, rude).state == "rejected"
    page = admin.page("/moderation/?queue=rejected")
    assert "Matched a banned word" in page and "system" in page
    response = admin.post("/moderation/admin/words", {"kind": "banned", "phrase": "!!!"})
    assert "at least one letter" in response.get_data(as_text=True)
    entry_id = re.search(r"/moderation/admin/words/(\d+)/remove", admin.page("/moderation/admin/words"))[1]
    admin.post(f"/moderation/admin/words/{entry_id}/remove")
    assert "Nothing on this list yet." in admin.page("/moderation/admin/words")
    assert audit(app, "remove_word") == [("ada", "banned", "shitty", None)]


def test_thresholds_take_effect_at_once_and_reband_waiting_stories(admin, app):
    with app.app_context():
        story_id = waiting("A story the model found a little rough.", {"insult": 0.5})
        assert db.session.get(Story, story_id).band == "maybe"
    admin.post("/moderation/admin/thresholds", {"category": "insult", "value": "0.45"})
    assert "1 waiting story moved" in admin.page("/moderation/admin/thresholds")
    with app.app_context():
        assert db.session.get(Story, story_id).band == "likely"
        assert effective_thresholds()["insult"] == 0.45
    response = admin.post("/moderation/admin/thresholds", {"category": "insult", "value": "lots"})
    assert "between 0.01 and 1" in response.get_data(as_text=True)
    admin.post("/moderation/admin/thresholds/insult/reset")
    with app.app_context():
        assert db.session.get(Threshold, "insult") is None
        assert db.session.get(Story, story_id).band == "maybe"
    assert audit(app, "set_threshold") == [("ada", "insult", "0.8", "0.45")]


def test_the_audit_log_filters_and_exports_and_cannot_be_edited(admin, sam, app):
    with app.app_context():
        first = waiting('=HYPERLINK("http://evil") first', {"toxicity": 0.01})
        second = waiting("Second.", {"toxicity": 0.01})
    sam.decide(first, "reject", version_of_in(app, first), reason="other", note="=1+1")
    sam.decide(second, "approve", version_of_in(app, second))
    page = admin.page("/moderation/audit?actor=sam&action=reject")
    assert f'href="/moderation/stories/{first}">#{first}' in page
    assert f'href="/moderation/stories/{second}">#{second}' not in page
    response = admin.get("/moderation/audit.csv?actor=sam")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["actor"], r["action"], r["story_id"]) for r in rows] == [
        ("sam", "approve", str(second)), ("sam", "reject", str(first)), ("sam", "login", "")]  # fmt: skip
    assert rows[1]["note"] == "'=1+1" and rows[1]["reason"] == "other"
    assert admin.post("/moderation/audit", {}).status_code == 405
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        entry.note = "rewritten"
        with pytest.raises(AuditIsReadOnly):
            db.session.commit()


def version_of_in(app, story_id):
    with app.app_context():
        return version_of(story_id)


def test_the_dashboard_counts_and_draws_the_month(admin, sam, app):
    with app.app_context():
        ids = [waiting(f"Story {n}.", {"toxicity": 0.01}) for n in range(4)]
    sam.decide(ids[0], "approve", version_of_in(app, ids[0]))
    sam.decide(ids[1], "approve", version_of_in(app, ids[1]))
    sam.decide(ids[2], "reject", version_of_in(app, ids[2]), reason="spam")
    page = sam.page("/moderation/dashboard")
    assert re.search(r'id="stat-depth">1<', page)
    assert re.search(r'id="stat-approval">67% of 3<', page)
    assert re.search(r'id="stat-median">\d+ min<', page)
    assert page.count("<rect ") == 2  # today's approved and rejected bars
    assert "2 approved, 1 rejected" in page


def test_an_idle_session_ends(app, sam):
    app.config["IDLE_TIMEOUT_MINUTES"] = 1
    assert sam.get("/moderation/").status_code == 200
    with sam.client.session_transaction() as session:
        session["seen"] = time.time() - 120
    response = sam.get("/moderation/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert sam.get("/moderation/").status_code == 302


def test_moderators_change_their_own_password(sam, app):
    sam.post("/moderation/account/password", {"current": "wrong", "password": "a fresh start today"})
    assert sam.get("/moderation/").status_code == 200
    sam.post("/moderation/account/password", {"current": PASSWORD, "password": "a fresh start today"})
    assert sam.get("/moderation/").status_code == 302
    assert sam.login(password="a fresh start today").status_code == 302


@pytest.mark.parametrize("password, ok", [
    ("short", False), ("password123", False), ("Qwertyuiop", False), ("aaaaaaaaaaaa", False),
    ("abababababab", False), ("robin-robin-1", False), ("a calm river 42", True), ("sesame seeds", True),
    ("x" * 129, False), ("correct horse battery staple", True),
])  # fmt: skip
def test_password_rules(password, ok):
    assert (password_problem(password, "robin") is None) is ok


def test_login_is_throttled_per_account_and_per_client(settings):
    from wall import create_app

    app = create_app(settings | {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        moderator("sam")
    codes = []
    for n in range(4):  # one account, four different clients
        client = app.test_client()
        codes.append(Browser(client).login(password=f"guess {n}!").status_code)
    assert codes == [200, 200, 200, 429]
    client = app.test_client()
    same = [Browser(client).login(f"someone{n}", "a guess here").status_code for n in range(4)]
    assert same[-1] == 429
    with app.app_context():
        db.engine.dispose()


def test_cli_manages_moderators_words_and_thresholds(runner, app):
    ok = lambda *args, input=None: runner.invoke(args=list(args), input=input)  # noqa: E731
    assert ok("create-moderator", "lee", "--admin", input="a long quiet walk\n").exit_code == 0
    assert ok("create-moderator", "kai", input="password\n").exit_code != 0
    assert ok("create-moderator", "kai", input="another quiet walk\n").exit_code == 0
    assert "kai\tmoderator\tactive" in ok("moderators", "list").output
    assert ok("moderators", "disable", "kai").exit_code == 0
    assert ok("moderators", "disable", "lee").exit_code != 0  # the last admin
    assert "no moderator called" in ok("moderators", "enable", "nobody").output
    assert ok("moderators", "enable", "kai").exit_code == 0
    assert ok("moderators", "reset-password", "kai", input="a brand new day\n").exit_code == 0
    assert ok("moderators", "set-role", "kai", "admin").exit_code == 0
    assert people(app)["kai"] == ("admin", True)
    assert ok("wordlist", "add", "suspect", "boss", "kill yourself").exit_code == 0
    assert ok("wordlist", "list").output == "suspect\tboss\nsuspect\tkill yourself\n"
    assert ok("wordlist", "remove", "suspect", "boss").exit_code == 0
    assert ok("wordlist", "remove", "suspect", "boss").exit_code != 0
    assert ok("thresholds", "set", "insult", "0.6").exit_code == 0
    assert "insult\t0.60" in ok("thresholds", "show").output
    assert "between 0.01 and 1" in ok("thresholds", "set", "insult", "7000").output
    assert ok("thresholds", "reset", "insult").exit_code == 0
    with app.app_context():
        assert db.session.get(Threshold, "insult") is None
    assert [a[0] for a in audit(app, "set_role")] == ["cli"]


@pytest.mark.parametrize("path, form", [
    ("/moderation/admin/moderators", {"username": "eve", "password": "a long quiet walk", "role": "admin"}),
    ("/moderation/admin/moderators/1/disable", {}),
    ("/moderation/admin/moderators/1/password", {"password": "a long quiet walk"}),
    ("/moderation/admin/moderators/1/role", {"role": "moderator"}),
    ("/moderation/admin/words", {"kind": "banned", "phrase": "word"}),
    ("/moderation/admin/words/1/remove", {}),
    ("/moderation/admin/thresholds", {"category": "default", "value": "0.1"}),
    ("/moderation/admin/thresholds/default/reset", {}),
    ("/moderation/account/password", {"current": PASSWORD, "password": "a long quiet walk"}),
])  # fmt: skip
def test_every_admin_action_needs_the_csrf_token(admin, app, path, form):
    before = people(app)
    assert admin.post(path, form, csrf=False).status_code == 400
    assert people(app) == before
    with app.app_context():
        assert db.session.scalar(select(Threshold)) is None
        assert not db.session.scalar(select(AuditEntry).where(AuditEntry.action != "login"))


def test_a_bad_export_filter_is_refused_not_ignored(admin):
    response = admin.get("/moderation/audit.csv?since=last-tuesday")
    assert response.status_code == 400 and "Nothing was exported" in response.get_data(as_text=True)
