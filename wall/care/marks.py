"""Text with some spans highlighted, built from escaped pieces so nothing in a story becomes markup."""

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # e.g. "pii pii-phone" or "care care-immediate"
    title: str  # what it is, read out by screen readers and shown on hover


def highlight(text: str, marks: list[Mark]) -> Markup:
    """`text` with each mark wrapped in <mark>; overlapping marks after the first are skipped."""
    out: list[str] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < pos or mark.end <= mark.start:
            continue
        out.append(escape(text[pos : mark.start]))
        out.append(
            Markup('<mark class="{}" title="{}">{}<span class="visually-hidden"> ({})</span></mark>').format(
                mark.css, mark.title, text[mark.start : mark.end], mark.title
            )
        )
        pos = mark.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def pii_marks(text: str) -> list[Mark]:
    from wall.care.pii import find_identifying

    return [
        Mark(s.start, s.end, f"pii pii-{s.kind}", f"may identify: {s.what}") for s in find_identifying(text)
    ]


def crisis_marks(text: str) -> list[Mark]:
    from wall.care.crisis import explain

    return [
        Mark(f.start, f.end, f"care care-{f.level or 'none'}", f"{f.label}: {f.level or 'no level'}")
        for f in explain(text)
    ]


def moderator_view(text: str) -> Markup:
    """The story for a moderator's card: identifying details and crisis phrases highlighted."""
    return highlight(text or "", pii_marks(text or "") + crisis_marks(text or ""))
