"""Finding word-list entries in a story, as a person would read them.

Pure Python, no database: entries in, spans of the original text out, so a card can highlight the
exact words. Matching is on whole words only, so "Scunthorpe", "classic" or "shitake" never match
"cunt", "ass" or "shit" (the Scunthorpe problem); it forgives case, accents, look-alike letters from
other alphabets, zero-width characters, repeated letters ("fuuuck"), letters spelled apart
("f.u.c.k", "f u c k"), a starred middle ("f*ck") and common leetspeak ("sh1t", "$h!t").
Innocent phrases that contain a listed word ("magna cum laude") go on the allowed list.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters people type for a letter. Only these are read as letters; other digits stay digits.
LEET = {
    "a": "4@", "b": "8", "e": "3", "g": "96", "i": "1!|", "l": "1|", "o": "0",
    "s": "5$", "t": "7+", "z": "2",
}  # fmt: skip
# Look-alike letters from Cyrillic and Greek, read as their Latin twins.
CONFUSABLE = str.maketrans(
    "аеорсухіјѕԁԛԝνοαεικτхАЕОРСУХІЈЅВНКМТ",
    "aeopcyxijsdqwvoaeiktxaeopcyxijsbhkmt",
)
SEPARATORS = r"[\s.\-_·,/\\~*]"
NOT_WORD = r"[^\W_]"  # a letter or a digit; anything else ends a word


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str  # "banned" | "suspect" | "allowed"
    phrase: str


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int  # index in the original text
    end: int

    def text(self, original: str) -> str:
        return original[self.start : self.end]


@dataclass(frozen=True)
class Segment:
    text: str
    match: Match | None = None


def fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, accent-free text, and for each of its characters the index it came from."""
    if text.isascii():  # the usual case, and the same answer as the loop below, much faster
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if unicodedata.category(char) in ("Cf", "Mn"):  # zero-width characters, combining accents
        return ""
    decomposed = unicodedata.normalize("NFKD", char.translate(CONFUSABLE))
    return "".join(p for p in decomposed if not unicodedata.combining(p)).casefold()


def _letter(char: str, wildcard: bool) -> str:
    options = char + LEET.get(char, "") + ("*" if wildcard else "")
    return "[" + "".join(re.escape(c) for c in options) + "]"


def _runs(word: str) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for char in word:
        if runs and runs[-1][0] == char:
            runs[-1] = (char, runs[-1][1] + 1)
        else:
            runs.append((char, 1))
    return runs


def _compact(word: str) -> str:
    """The word with any letter repeated ("fuuck") and stars inside ("f*ck")."""
    runs = _runs(word)
    parts = []
    for n, (char, count) in enumerate(runs):
        inner = 0 < n < len(runs) - 1
        parts.append(f"{_letter(char, inner)}{{{count},}}")
    return "".join(parts)


def _spaced(word: str, name: str) -> str:
    """The word spelled out with the same separator between every letter ("f.u.c.k")."""
    letters = [_letter(c, False) for c in word]
    gap = rf"(?P<{name}>{SEPARATORS}{{1,3}})"
    return letters[0] + gap + f"(?P={name})".join(letters[1:])


def words_of(phrase: str) -> list[str]:
    folded, _ = fold(phrase)
    return [w for w in re.split(r"[\W_]+", folded) if w]


def _alternative(phrase: str, n: int) -> str | None:
    """The pattern body for one entry, or None if it has no letters or digits at all."""
    words = words_of(phrase)
    if not words:
        return None
    forms = [r"[\W_]+".join(_compact(w) for w in words)]
    if len(words) == 1 and len(words[0]) > 1:
        forms.append(_spaced(words[0], f"g{n}"))
    return "|".join(f"(?:{f})" for f in forms)


@lru_cache(maxsize=64)
def _by_first_char(entries: tuple[Entry, ...]) -> dict[str, tuple[re.Pattern, dict[str, Entry]]]:
    """For each character a word can start with, one pattern of the entries that can start there.

    A story is then tried only at word starts, against the few entries that could begin there,
    instead of every entry at every position. Banned entries come first and longer phrases before
    shorter ones, so where two overlap ("kill yourself", "kill") the stronger, fuller one is reported.
    """
    ordered = sorted(entries, key=lambda e: (e.kind != "banned", -len(e.phrase), e.phrase))
    groups: dict[str, list[tuple[int, Entry, str]]] = {}
    for n, entry in enumerate(ordered):
        words = words_of(entry.phrase)
        body = _alternative(entry.phrase, n)
        if body is None:
            continue
        first = words[0][0]
        for char in first + LEET.get(first, ""):
            groups.setdefault(char, []).append((n, entry, body))
    table = {}
    for char, members in groups.items():
        alternatives = "|".join(f"(?P<e{n}>{body})" for n, _, body in members)
        pattern = re.compile(rf"(?<!{NOT_WORD})(?:{alternatives})(?!{NOT_WORD})")
        table[char] = (pattern, {f"e{n}": entry for n, entry, _ in members})
    return table


_WORD_START = re.compile(rf"(?<!{NOT_WORD})[^\s.\-_·,/\\~*]")


def _spans(folded: str, origin: list[int], entries: tuple[Entry, ...]):
    table = _by_first_char(entries)
    if not table:
        return
    at = 0
    for start in _WORD_START.finditer(folded):
        i = start.start()
        if i < at or folded[i] not in table:
            continue
        pattern, names = table[folded[i]]
        m = pattern.match(folded, i)
        if m and m.end() > i:
            at = m.end()
            yield names[m.lastgroup], origin[i], origin[m.end() - 1] + 1


def find(text: str, entries: list[Entry]) -> list[Match]:
    """Every banned or suspect entry in `text` that is not inside an allowed phrase, in order."""
    folded, origin = fold(text)
    if not folded:
        return []
    allowed = tuple(e for e in entries if e.kind == "allowed")
    listed = tuple(e for e in entries if e.kind != "allowed")
    exempt = [(a, b) for _, a, b in _spans(folded, origin, allowed)]
    found = [
        Match(entry, start, end)
        for entry, start, end in _spans(folded, origin, listed)
        if not any(a <= start and end <= b for a, b in exempt)
    ]
    return sorted(found, key=lambda m: (m.start, m.entry.kind != "banned", -m.end))


def banned(matches: list[Match]) -> list[Match]:
    return [m for m in matches if m.entry.kind == "banned"]


def segments(text: str, matches: list[Match]) -> list[Segment]:
    """`text` cut into plain and matched pieces, for highlighting without any markup in the text."""
    pieces: list[Segment] = []
    at = 0
    for m in matches:  # sorted by start; an overlapping later match is covered by the first
        if m.start < at:
            continue
        if m.start > at:
            pieces.append(Segment(text[at : m.start]))
        pieces.append(Segment(text[m.start : m.end], m))
        at = m.end
    if at < len(text):
        pieces.append(Segment(text[at:]))
    return pieces


def valid_phrase(phrase: str) -> str | None:
    """Why `phrase` cannot be a list entry, or None."""
    if not words_of(phrase):
        return "An entry needs at least one letter or digit."
    if len(phrase) > 200:
        return "Keep an entry under 200 characters."
    return None
