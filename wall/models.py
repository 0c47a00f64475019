"""Every model, imported in one place so the schema is complete wherever it is built."""

from wall.moderation.models import AuditEntry, Moderator, Redaction, Threshold, WordEntry, WordHit
from wall.reactions.models import ReactionCount, ReactionMark
from wall.reports.models import Report
from wall.stories.models import Score, Story, StoryEvent

__all__ = ["ReactionCount", "ReactionMark", "Moderator", "Score", "Story", "StoryEvent"]
__all__ += ["AuditEntry", "Redaction", "Report", "Threshold", "WordEntry", "WordHit"]
