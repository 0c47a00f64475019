"""Atom feeds: well-formed, with every element RFC 4287 requires, and published stories only."""

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from tests.helpers import published_story, scored_story
from wall.extensions import db
from wall.feeds.atom import title_from, xml_text
from wall.stories.service import apply
from wall.stories.states import Action

A = "{http://www.w3.org/2005/Atom}"
CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _feed(client, path="/feed.atom") -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def _assert_valid_atom(feed: ET.Element):
    """The RFC 4287 rules a reader depends on (section 4.1.1 and 4.1.2)."""
    assert feed.tag == f"{A}feed"
    for required in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{required}")) == 1, required
    datetime.fromisoformat(feed.find(f"{A}updated").text)
    assert feed.find(f"{A}author/{A}name").text  # feed-level author covers every entry
    assert feed.find(f"{A}link[@rel='self']") is not None
    for entry in feed.findall(f"{A}entry"):
        for required in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{required}")) == 1, required
        datetime.fromisoformat(entry.find(f"{A}updated").text)
        assert entry.find(f"{A}updated").text.endswith("+00:00")
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith("http://localhost/stories/")
        assert entry.find(f"{A}content").get("type") == "text"
    ids = [e.find(f"{A}id").text for e in feed.findall(f"{A}entry")]
    assert len(ids) == len(set(ids))


def _entry_ids(feed) -> list[int]:
    return [int(e.find(f"{A}id").text.rsplit("/", 1)[1]) for e in feed.findall(f"{A}entry")]


def test_the_feed_is_valid_atom_with_published_stories_only(client, app):
    with app.app_context():
        shown = published_story("I told my doctor the truth.\nIt was hard.").id
        scored_story("Waiting for a person to read it.", {"toxicity": 0.1})
        taken_down = published_story("Published, then taken down for another look.")
        apply(taken_down, Action.REOPEN)
        db.session.commit()
    feed = _feed(client)
    _assert_valid_atom(feed)
    assert _entry_ids(feed) == [shown]
    entry = feed.find(f"{A}entry")
    assert entry.find(f"{A}title").text == "I told my doctor the truth."
    assert entry.find(f"{A}content").text == "I told my doctor the truth.\nIt was hard."


def test_an_empty_feed_is_still_valid(client):
    feed = _feed(client)
    _assert_valid_atom(feed)
    assert feed.findall(f"{A}entry") == []


def test_a_theme_feed_has_its_theme_only_with_the_content_note_first(client, app):
    with app.app_context():
        mine = published_story("I went back to the meeting.")
        mine.theme, mine.content_note = "recovery", "drinking"
        other = published_story("I rang my brother.")
        other.theme = "family"
        db.session.commit()
        mine_id = mine.id
    feed = _feed(client, "/themes/recovery/feed.atom")
    _assert_valid_atom(feed)
    assert _entry_ids(feed) == [mine_id]
    entry = feed.find(f"{A}entry")
    assert entry.find(f"{A}category").get("term") == "recovery"
    assert entry.find(f"{A}content").text.startswith("Content note: drinking\n\n")
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == "http://localhost/themes/recovery"


def test_naughty_strings_still_make_well_formed_xml(client, app, monkeypatch):
    from wall.feeds import views

    monkeypatch.setattr(views, "FEED_SIZE", 1000)
    strings = [
        s for s in json.loads((CORPORA / "blns" / "blns.json").read_text(encoding="utf-8")) if s.strip()
    ]
    with app.app_context():
        for text in strings:
            published_story(text)
    feed = _feed(client)
    _assert_valid_atom(feed)
    assert len(feed.findall(f"{A}entry")) == len(strings)


def test_titles_are_the_first_line_cut_at_a_word():
    assert title_from("Short one.") == "Short one."
    long = "I finally wrote the email to my tutor asking for more time, and she said yes straight away"
    cut = title_from(long)
    assert cut.endswith("…") and len(cut) <= 71 and long.startswith(cut[:-1])
    assert title_from("\x01\x02") == "A small step"
    assert xml_text("a\ufffeb\x0bc") == "abc"
