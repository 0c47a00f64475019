"""Reason codes a moderator picks when rejecting, in the words the cards show."""

REJECT_REASONS = {
    "offensive": "Offensive or abusive",
    "hateful": "Hateful",
    "identifies": "Identifies someone",
    "spam": "Spam or advertising",
    "not_a_story": "Not a story",
    "other": "Other",
}
# Reasons only the system gives.
SYSTEM_REASONS = {"banned_word": "Matched a banned word"}
REDACTED = "redacted"


def label(code: str | None) -> str:
    if not code:
        return ""
    return REJECT_REASONS.get(code) or SYSTEM_REASONS.get(code) or code.replace("_", " ")
