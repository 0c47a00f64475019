"""The look a story gets before it is sent: what might identify someone, what might hold it back.

Runs in the web process, so it uses only the light classifier (a small linear model, no torch)
and the moderators' word lists. Nothing here decides anything: the visitor reads it and chooses.
"""

import threading
from dataclasses import dataclass, field

from wall.care.crisis import Assessment, assess
from wall.care.pii import Span, find_identifying

_lock = threading.Lock()
_light = None


@dataclass
class Pause:
    text: str
    identifying: list[Span]
    crisis: Assessment
    held_back: list[str] = field(default_factory=list)  # gentle sentences, one per reason

    @property
    def needs_a_look(self) -> bool:
        return bool(self.identifying or self.held_back)


def _light_scorer():
    global _light
    with _lock:
        if _light is None:
            from wall.scoring.light import LightScorer

            _light = LightScorer()
        return _light


def warm() -> None:
    """Load the light classifier now (about 4 s), so the first visitor to share does not wait for it."""
    _light_scorer()


def held_back_reasons(text: str, threshold: float) -> list[str]:
    """Why a moderator would likely not publish this as it is, in words for the writer."""
    reasons = []
    offensive = _light_scorer().score([text])[0]["offensive"]
    if offensive >= threshold:
        reasons.append(
            "Some of the wording might read as harsh or hurtful to other readers, even if it is about "
            "how you were treated. Stories with softer words are more likely to be published."
        )
    from wall.moderation.wordlists import entries
    from wall.moderation.wordmatch import banned, find

    words = sorted({m.text(text).lower() for m in banned(find(text, entries()))})
    if words:
        listed = ", ".join(f"“{w}”" for w in words[:5])
        reasons.append(f"The wall does not publish some words ({listed}). You could say it another way.")
    return reasons


def review(text: str, threshold: float) -> Pause:
    return Pause(text, find_identifying(text), assess(text), held_back_reasons(text, threshold))
