"""How urgently a story needs care: explainable rules, no model, no request, no database.

`assess(text)` gives a level and the findings behind it; `explain(text)` gives the findings alone,
for the moderator card. Levels, highest first:

- immediate: intent, a plan, means at hand or a time, now;
- current: ongoing thoughts of suicide or self-harm, no stated plan;
- past: recovery stories, and someone else's words (quotes, lyrics, films);
- None: nothing found.

Each finding says which phrase set it and what moved it up or down (intent, a time, a negation,
a past-tense marker, quotation marks), so a person can see why and disagree.
"""

import re
from dataclasses import dataclass, field

from wall.care import crisis_rules as r

IMMEDIATE, CURRENT, PAST = "immediate", "current", "past"
CONTEXT = 160  # characters either side of a phrase that can change its level
RANK = {None: 0, PAST: 1, CURRENT: 2, IMMEDIATE: 3}
_BASE = {"means": IMMEDIATE, "act": IMMEDIATE, "goodbye": IMMEDIATE, "deed": CURRENT, "wish": CURRENT}


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    phrase: str
    label: str  # what the phrase is, e.g. "means at hand"
    level: str | None  # the level this phrase set, after context
    reasons: tuple[str, ...] = field(default=())  # what moved it, e.g. "a time: 'tonight'"

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "phrase": self.phrase,
            "label": self.label,
            "level": self.level,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Assessment:
    level: str | None
    findings: list[Finding]

    @property
    def urgent(self) -> bool:
        return self.level in (IMMEDIATE, CURRENT)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for brk in r.CLAUSE_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _window(clause: str, pos: int, size: int = 40) -> str:
    """The words just before `pos` in the clause, stopping at the last comma."""
    before = clause[max(0, pos - size) : pos]
    return before.rsplit(",", 1)[-1]


def _first(pattern: re.Pattern, text: str) -> str | None:
    found = pattern.search(text)
    return found.group(0) if found else None


def _judge(kind: str, clause: str, local: int, end: int, quoted: bool) -> tuple[str | None, list[str]]:
    """The level for one phrase in its clause, and the reasons it moved."""
    # Context is the words around the phrase, so a run-on clause costs linear time, not quadratic.
    cut = max(0, local - CONTEXT)
    clause, local, end = clause[cut : end + CONTEXT], local - cut, end - cut
    reasons: list[str] = []
    before, after = _window(clause, local), clause[end:]
    level = _BASE.get(kind, CURRENT)
    thinking = _first(r.THINKING, before) or _first(r.THINKING_AFTER, after)
    if kind in ("deed", "wish") and thinking:
        kind = "thoughts"
        reasons.append(f"thinking, not doing: '{thinking.strip()}'")
    if kind in ("deed",) and (intent := _first(r.INTENT, before)):
        level = IMMEDIATE
        reasons.append(f"intent: '{intent}'")
    cue = _first(r.TIMING, clause) or _first(r.PLAN, clause)
    if kind in ("deed", "wish") and level != IMMEDIATE and cue:
        level = IMMEDIATE
        reasons.append(f"a time or plan: '{cue}'")
    if kind == "thoughts":
        level = CURRENT
    if negation := _first(r.NEGATION, before):
        if recovered := _first(r.RECOVERED, clause):
            return PAST, [*reasons, f"no longer: '{negation} … {recovered}'"]
        return None, [*reasons, f"negated: '{negation}'"]
    present = _first(r.PRESENT, clause)
    if (past := _first(r.PAST, clause)) and not present:
        level = PAST
        reasons.append(f"in the past: '{past}'")
    if level != PAST and (
        quoted or (reported := _first(r.REPORTED, clause)) and reported not in clause[local:end]
    ):
        level = PAST
        reasons.append("quoted" if quoted else f"someone else's words: '{reported}'")
    return level, reasons


def explain(text: str) -> list[Finding]:
    """Every crisis phrase in `text`, with the level it sets and why; in text order."""
    plain = (text or "").replace("\u2019", "'")
    quotes = [(m.start(), m.end()) for m in r.QUOTES.finditer(plain)]
    findings: list[Finding] = []
    for a, b in _clauses(plain):
        clause = plain[a:b]
        taken = bytearray(len(clause))  # characters a phrase already explains
        for kind, label, pattern in r.PHRASES:
            for m in pattern.finditer(clause):
                if any(taken[m.start() : m.end()]):
                    continue
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                quoted = any(s <= a + m.start() < e for s, e in quotes)
                level, reasons = _judge(kind, clause, m.start(), m.end(), quoted)
                start, end = a + m.start(), a + m.end()
                findings.append(Finding(start, end, text[start:end], label, level, tuple(reasons)))
    return sorted(findings, key=lambda f: f.start)


def assess(text: str) -> Assessment:
    findings = explain(text)
    level = max((f.level for f in findings), key=RANK.__getitem__, default=None)
    return Assessment(level, findings)


def level_of(text: str) -> str | None:
    return assess(text).level
