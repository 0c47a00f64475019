"""Identifying details: found where they are, missed where they are not, and shown as text only."""

import html
import re
from pathlib import Path

import pytest

from wall.care.marks import highlight, moderator_view, pii_marks
from wall.care.pii import find_identifying

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in find_identifying(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jo.bloggs@example.com any time.", [("email", "jo.bloggs@example.com")]),
        ("My number is 07700 900123.", [("phone", "07700 900123")]),
        ("Call +1 (555) 010-0199 tonight.", [("phone", "+1 (555) 010-0199")]),
        ("See https://example.org/me?x=1 and www.example.net.", [("url", "https://example.org/me?x=1"),
                                                                 ("url", "www.example.net")]),
        ("Follow @small_steps_jo or u/stepper22.", [("handle", "@small_steps_jo"),
                                                    ("handle", "u/stepper22")]),
        ("I live at 42 Acacia Avenue in town.", [("address", "42 Acacia Avenue")]),
        ("Our postcode is LS1 4AP.", [("address", "LS1 4AP")]),
        ("My boss Karen Whitfield shouted.", [("name", "Karen Whitfield")]),
        ("I'm 16 and I live near Bristol.", [("age_place", "I'm 16 and I live near Bristol")]),
        ("A 34-year-old nurse from Cardiff.", [("age_place", "34-year-old nurse from Cardiff")]),
        ("I work at Tesco Extra on weekends.", [("workplace", "I work at Tesco Extra")]),
        ("Everyone at Ridgeway High School knows.", [("workplace", "Ridgeway High School")]),
    ],
)  # fmt: skip
def test_identifying_details_are_found_in_place(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Today I told my sister I wasn't okay.",
        "On Monday I called 116 123 and someone listened.",
        "In 2019 I was at my lowest. Last Christmas I laughed again.",
        "I booked the first therapy session for 12.03.2026 at 3pm.",
        "I walked 10,000 steps and drank 2 litres of water.",
        "My mum and I went to the sea.",
    ],
)
def test_ordinary_stories_raise_nothing(text):
    assert _found(text) == []


def test_highlights_wrap_the_exact_words_and_escape_everything():
    text = 'Ring <b>me</b> on 07700 900123 & "hi"'
    marked = str(highlight(text, pii_marks(text)))
    assert "<b>" not in marked and "&lt;b&gt;me&lt;/b&gt;" in marked
    assert re.search(r'<mark class="pii pii-phone" title="[^"]+">07700 900123<span', marked)
    assert "&amp; &#34;hi&#34;" in marked


def test_every_xss_payload_comes_back_as_text():
    """6,613 payloads, each with a phone number beside it so there is a highlight to build."""
    payloads = (CORPORA / "xss" / "xss-payload-list.txt").read_text(encoding="utf-8").splitlines()
    assert len(payloads) > 6000
    for payload in payloads:
        text = f"{payload} call 07700 900123 {payload}"
        marked = str(moderator_view(text))
        stripped = re.sub(r'<mark class="[a-z -]+" title="[^"<>]*">|</mark>|<span class="visually-hidden">'
                          r"[^<>]*</span>", "", marked)  # fmt: skip
        assert "<" not in stripped, payload
        assert html.unescape(stripped) == text, payload


def test_the_moderator_view_shows_identifying_and_crisis_phrases():
    text = "I have the pills in front of me. Tell Karen Whitfield I'm sorry."
    marked = str(moderator_view(text))
    assert 'class="care care-immediate"' in marked and ">pills in front of me<" in marked
    assert 'class="pii pii-name"' in marked and ">Karen Whitfield<" in marked
