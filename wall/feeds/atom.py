"""Building an Atom (RFC 4287) document from stories, with no template and no string pasting."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def title_from(body: str, limit: int = 70) -> str:
    """A story's first line, cut at a word near `limit` characters."""
    line = xml_text(body).strip().split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line or "A small step"
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,.;:") + "…"


@dataclass
class Entry:
    id: str
    url: str
    title: str
    text: str
    published: datetime
    updated: datetime
    category: tuple[str, str] | None  # (term, label)


def _add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def document(*, feed_id: str, title: str, subtitle: str, self_url: str, html_url: str,
             updated: datetime, entries: list[Entry]) -> bytes:  # fmt: skip
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    _add(feed, "subtitle", subtitle)
    _add(feed, "updated", updated.isoformat())
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=html_url)
    _add(_add(feed, "author"), "name", "Small Steps")
    for item in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", item.id)
        _add(entry, "title", item.title)
        _add(entry, "published", item.published.isoformat())
        _add(entry, "updated", item.updated.isoformat())
        _add(entry, "link", rel="alternate", type="text/html", href=item.url)
        if item.category:
            _add(entry, "category", term=item.category[0], label=item.category[1])
        _add(entry, "content", item.text, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
