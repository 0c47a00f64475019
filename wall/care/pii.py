"""Finding words that might identify the writer or someone else, so the visitor can decide.

Plain Python, no request or database. Each span says what it looks like and why it might matter;
the visitor may keep it ("share anyway"): these are gentle pointers, not rules. Heuristics, so
they miss things and sometimes point at harmless words; docs/care.md lists what they do not catch.
"""

import re
from dataclasses import dataclass

KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "url": "a web address",
    "handle": "a social media name",
    "address": "a street address or postcode",
    "name": "a full name (of a person or a place)",
    "age_place": "an age with a place",
    "workplace": "a workplace or school",
}
# A sentence for each, written for the visitor.
ADVICE = {
    "email": "An email address leads straight to you. You could leave it out.",
    "phone": "A phone number can identify you or someone else.",
    "url": "A link can point to you, your profile or someone you know.",
    "handle": "A social media name can be searched for.",
    "address": "An address or postcode can show where you live.",
    "name": "A full name can identify a person, even if it is not yours. A first name, a nickname or "
    "“my friend” works too.",
    "age_place": "An age together with a place can narrow things down to very few people.",
    "workplace": "Naming where you work or study can let people there recognise you.",
}

_CAP = r"[A-Z][a-zA-Z'’-]+"
_STREET = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Boulevard|Blvd|"
    r"Terrace|Crescent|Gardens|Square|Parade|Highway|Hwy"
)
_INSTITUTION = r"School|College|University|Academy|Hospital|High|Primary|Institute|Clinic|Uni"
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("url", re.compile(
        r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]|\b[\w-]+\.(?:com|org|net|io|me|ly|co\.uk|uk|de|au)\b(?:/[^\s<>\"]*)?",
        re.I,
    )),
    ("handle", re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}\b|\b[ur]/[A-Za-z0-9_-]{3,30}\b")),
    ("phone", re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s().-]{0,2}\d){8,14}(?!\w)")),
    ("address", re.compile(rf"\b\d{{1,5}}[a-zA-Z]?,?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET})\b\.?")),
    ("address", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")),  # UK postcode
    ("age_place", re.compile(
        rf"(?i:\b(?:i'?m|i am|aged?|turned)\s+)\d{{1,2}}\b(?:[^.\n]{{0,40}}?)"
        rf"(?i:\b(?:in|from|near|at)\s+){_CAP}"
        rf"|\b\d{{1,2}}[- ](?i:year)[- ](?i:old)\b(?:[^.\n]{{0,40}}?)"
        rf"(?i:\b(?:in|from|near|at)\s+){_CAP}"
    )),
    ("workplace", re.compile(
        rf"(?i:\bi (?:work|worked|am working|study|studied|teach|volunteer|go to school)\s+(?:at|for|in)\s+"
        rf"(?:the\s+)?){_CAP}(?:\s+(?:of\s+)?{_CAP}){{0,4}}"
        rf"|(?:{_CAP}\s+){{1,4}}(?:{_INSTITUTION})\b"
    )),
]  # fmt: skip


def _words(text: str) -> set[str]:
    return set(text.split())


# Capitalised words that start sentences or name times, not people.
_NOT_NAMES = _words(
    "I I'm I've I'd I'll A An The My Our Your His Her Their This That These Those Today Yesterday Tomorrow "
    "Tonight Now Then Last Next Every After Before When While If But And So Because Since Until Once Mum Mom "
    "Dad Grandma Grandad Nan God Dear Hi Hello Thank Thanks Please Yes No Not Maybe Still Just Even Also "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Christmas Easter Eid Diwali Hanukkah New Year Small Steps "
    "It It's In On At For From To With Without About Over Under Some Someone Everyone Nobody Sometimes"
)
_NAME_PAIR = re.compile(rf"(?=\b({_CAP})\s+({_CAP})\b)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str

    @property
    def what(self) -> str:
        return KINDS[self.kind]

    @property
    def advice(self) -> str:
        return ADVICE[self.kind]

    def as_dict(self, text: str) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": text[self.start : self.end]}


def _names(text: str) -> list[Span]:
    spans = []
    for m in _NAME_PAIR.finditer(text):
        first, last = m.group(1), m.group(2)
        if first in _NOT_NAMES or last in _NOT_NAMES:
            continue
        spans.append(Span(m.start(1), m.end(2), "name"))
    return spans


def find_identifying(text: str) -> list[Span]:
    """Spans of `text` that may identify someone, in text order, never overlapping."""
    text = text or ""
    found = [Span(m.start(), m.end(), kind) for kind, rx in PATTERNS for m in rx.finditer(text)]
    found += _names(text)
    # Earlier patterns are more specific: keep the first claim on any character, longest first.
    chosen: list[Span] = []
    order = {kind: i for i, (kind, _) in enumerate(PATTERNS)} | {"name": len(PATTERNS)}
    for span in sorted(found, key=lambda s: (order[s.kind], -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
