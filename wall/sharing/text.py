"""The one normalisation a story's text goes through before it is stored."""

import re

# C0/C1 control characters other than tab and newline: invisible, and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Line endings to \\n, control characters removed, outer whitespace trimmed. Nothing else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()
