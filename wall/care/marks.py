"""Text with some spans highlighted, built from escaped pieces so nothing in a story becomes markup."""

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # e.g. "pii pii-phone" or "care care-immediate"
    title: str  # what it is, read out by screen readers and shown on hover
    announce: bool = True  # also say the title in hidden text, for screen readers


def highlight(text: str, marks: list[Mark]) -> Markup:
    """`text` with each mark wrapped in <mark>; where marks overlap, the one earlier in `marks` wins."""
    chosen: list[Mark] = []
    for mark in marks:
        if mark.end > mark.start and all(mark.end <= c.start or mark.start >= c.end for c in chosen):
            chosen.append(mark)
    out: list[str] = []
    pos = 0
    for mark in sorted(chosen, key=lambda m: m.start):
        out.append(escape(text[pos : mark.start]))
        words = text[mark.start : mark.end]
        if mark.announce:
            template = Markup(
                '<mark class="{}" title="{}">{}<span class="visually-hidden"> ({})</span></mark>'
            )
            out.append(template.format(mark.css, mark.title, words, mark.title))
        else:
            out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(mark.css, mark.title, words))
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


def moderator_view(text: str, first: list[Mark] | None = None) -> Markup:
    """The story for a moderator's card: identifying details and crisis phrases highlighted.

    `first` are marks that win where they overlap these (the word-list matches on a card).
    """
    text = text or ""
    return highlight(text, (first or []) + pii_marks(text) + crisis_marks(text))
