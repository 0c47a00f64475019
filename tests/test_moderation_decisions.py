"""Every decision through HTTP with CSRF on: the rules, the audit, and never overwriting each other."""

import pytest
from sqlalchemy import select

from tests.moderation_support import Browser, moderator, published, version_of, waiting
from wall.extensions import db
from wall.moderation.decisions import Decision, DecisionRefused, check
from wall.moderation.models import AuditEntry, Redaction
from wall.stories.models import Story


@pytest.fixture
def settings(settings):
    return {**settings, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def sam(app, client):
    with app.app_context():
        moderator("sam")
    browser = Browser(client)
    browser.login()
    return browser


@pytest.fixture
def kim(app):
    with app.app_context():
        moderator("kim", role="admin")
    browser = Browser(app.test_client())
    browser.login("kim")
    return browser


def state(app, story_id):
    with app.app_context():
        return db.session.get(Story, story_id)


def audit_rows(app, story_id):
    with app.app_context():
        q = select(AuditEntry).where(AuditEntry.story_id == story_id).order_by(AuditEntry.id)
        return [
            (e.actor, e.action, e.from_value, e.to_value, e.reason, e.note) for e in db.session.scalars(q)
        ]


# --- the rules, without a request ---------------------------------------------------------------


@pytest.mark.parametrize(
    "decision, problem",
    [
        (Decision("reject", 1), "choose a reason"),
        (Decision("reject", 1, reason="because"), "choose a reason"),
        (Decision("redact", 1, body="   "), "empty"),
        (Decision("redact", 1, body="x" * 6000), "longer than"),
        (Decision("approve", 1, note="n" * 1001), "under 1000"),
        (Decision("publish", 1), "not a decision"),
    ],
)
def test_decision_rules(decision, problem):
    with pytest.raises(DecisionRefused, match=problem):
        check(decision)


def test_good_decisions_pass_the_rules():
    for decision in (Decision("approve", 3), Decision("reject", 3, reason="spam", note="a link farm"),
                     Decision("redact", 3, body="I told [my sister]."), Decision("undo", 4)):  # fmt: skip
        check(decision)


# --- each decision through HTTP -----------------------------------------------------------------


def test_reject_needs_a_reason_and_keeps_the_note(sam, app):
    with app.app_context():
        story_id = waiting("Buy cheap watches at example dot com", {"toxicity": 0.2})
    sam.decide(story_id, "reject", version_of_app(app, story_id))
    assert "choose a reason" in sam.page("/moderation/")
    assert state(app, story_id).state == "in_review"
    sam.decide(story_id, "reject", version_of_app(app, story_id), reason="spam", note="an advert")
    assert state(app, story_id).state == "rejected"
    assert audit_rows(app, story_id)[-1] == ("sam", "reject", "in_review", "rejected", "spam", "an advert")
    assert "Spam or advertising" in sam.page("/moderation/?queue=rejected")


def version_of_app(app, story_id):
    with app.app_context():
        return version_of(story_id)


def test_redact_and_approve_keeps_the_original_for_admins_only(sam, kim, app):
    original = "I told my sister Maria Lopez at 14 Elm Street that I was not okay."
    redacted = "I told my sister that I was not okay."
    with app.app_context():
        story_id = waiting(original, {"toxicity": 0.05})
    response = sam.decide(
        story_id, "redact", version_of_app(app, story_id), body=redacted, note="name, address"
    )
    assert response.status_code == 303
    story = state(app, story_id)
    assert (story.state, story.body) == ("published", redacted)
    assert redacted in sam.page(f"/stories/{story_id}") and "Maria" not in sam.page(f"/stories/{story_id}")
    assert "Maria Lopez" not in sam.page(f"/moderation/stories/{story_id}")
    assert "Maria Lopez" in kim.page(f"/moderation/stories/{story_id}")
    with app.app_context():
        assert db.session.scalar(select(Redaction.original)) == original
    assert audit_rows(app, story_id)[-1][:5] == (
        "sam",
        "redact_approve",
        "in_review",
        "published",
        "redacted",
    )
    # undoing a redaction brings the story back to review as it was shared
    sam.decide(story_id, "undo", version_of_app(app, story_id))
    story = state(app, story_id)
    assert (story.state, story.body) == ("in_review", original)


def test_redact_refuses_an_unchanged_text(sam, app):
    with app.app_context():
        story_id = waiting("Nothing to take out here.", {"toxicity": 0.05})
    sam.decide(story_id, "redact", version_of_app(app, story_id), body=" Nothing to take out here. ")
    assert "unchanged" in sam.page("/moderation/")
    assert state(app, story_id).state == "in_review"


def test_undo_any_decision_from_its_history(sam, app):
    with app.app_context():
        approved = waiting("Approve me, then think again.", {"toxicity": 0.01})
        rejected = waiting("Reject me by mistake.", {"toxicity": 0.01})
    sam.decide(approved, "approve", version_of_app(app, approved))
    sam.decide(rejected, "reject", version_of_app(app, rejected), reason="other")
    assert "Undo: back to review" in sam.page("/moderation/?queue=published")
    sam.decide(approved, "undo", version_of_app(app, approved))
    sam.decide(rejected, "undo", version_of_app(app, rejected))
    assert state(app, approved).state == "in_review" and state(app, approved).published_at is None
    assert state(app, rejected).state == "in_review"
    assert [r[1] for r in audit_rows(app, approved)] == ["approve", "undo"]
    assert "Approve me, then think again." not in sam.page("/")


def test_take_down_a_published_story(sam, app):
    with app.app_context():
        story_id = published("On the wall for now.")
    sam.decide(story_id, "reject", version_of_app(app, story_id), reason="identifies")
    assert state(app, story_id).state == "rejected"
    assert "On the wall for now." not in sam.page("/")


@pytest.mark.parametrize("kind, fields", [
    ("approve", {}), ("reject", {"reason": "hateful"}), ("redact", {"body": "Shorter."}), ("undo", {}),
    ("keep", {}),
])  # fmt: skip
def test_every_decision_on_a_stale_view_is_refused_and_says_who(sam, kim, app, kind, fields):
    with app.app_context():
        story_id = (
            published("Seen by two people.")
            if kind in ("undo", "keep")
            else waiting("Seen by two people.", {"toxicity": 0.3})
        )
    seen = version_of_app(app, story_id)
    # kim acts first, on the same view
    first = {"approve": ("reject", {"reason": "other"}), "reject": ("approve", {}), "redact": ("approve", {}),
             "undo": ("reject", {"reason": "spam"}), "keep": ("undo", {})}[kind]  # fmt: skip
    kim.decide(story_id, first[0], seen, **first[1])
    after_kim = state(app, story_id)
    response = sam.decide(story_id, kind, seen, **fields)
    assert response.status_code == 303
    page = sam.page("/moderation/")
    assert f"Story #{story_id} changed while you were reading it (kim chose" in page
    assert "Nothing was saved" in page
    now = state(app, story_id)
    assert (now.state, now.version, now.body) == (after_kim.state, after_kim.version, after_kim.body)
    assert [r[0] for r in audit_rows(app, story_id) if r[1] != "hide"] == ["kim"]


def test_bulk_approve_and_reject_each_at_the_version_seen(sam, kim, app):
    with app.app_context():
        ids = [waiting(f"Story number {n}.", {"toxicity": 0.01}) for n in range(4)]
    versions = {i: version_of_app(app, i) for i in ids}
    kim.decide(ids[3], "reject", versions[3], reason="spam")  # changes under sam's feet
    picks = [("pick", f"{i}:{versions[i]}") for i in ids[:2] + ids[3:]]
    response = sam.post(
        "/moderation/bulk", [*picks, ("approve", "Approve selected"), ("back", "/moderation/")]
    )
    assert response.status_code == 303
    assert [state(app, i).state for i in ids] == ["published", "published", "in_review", "rejected"]
    page = sam.page("/moderation/")
    assert "2 stories published." in page and f"Story #{ids[3]} changed" in page
    sam.post("/moderation/bulk", [("pick", f"{ids[2]}:{versions[2]}"), ("reject", "Reject selected")])
    assert "choose a reason" in sam.page("/moderation/")
    sam.post("/moderation/bulk", [("pick", f"{ids[2]}:{versions[2]}"), ("reject", "x"), ("reason", "other")])
    assert state(app, ids[2]).state == "rejected"


def test_bulk_with_nothing_selected_says_so(sam):
    sam.post("/moderation/bulk", {"approve": "Approve selected", "pick": "nonsense"})
    assert "Select at least one story" in sam.page("/moderation/")


def test_the_return_address_cannot_leave_the_workspace(sam, app):
    with app.app_context():
        story_id = waiting("A story.", {"toxicity": 0.01})
    response = sam.decide(story_id, "approve", version_of_app(app, story_id), back="https://evil.example/")
    assert response.headers["Location"].endswith("/moderation/")
    with app.app_context():
        other = waiting("Another.", {"toxicity": 0.01})
    response = sam.decide(other, "approve", version_of_app(app, other), back="/moderation/?queue=review",
                          next="12")  # fmt: skip
    assert response.headers["Location"].endswith("/moderation/?queue=review#story-12")
