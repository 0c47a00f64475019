"""Taking a reader's report: count each visitor once a day, hide the story after enough of them."""

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from wall.extensions import db
from wall.moderation import audit
from wall.privacy import keyed_hash
from wall.reports.models import REASONS, Report
from wall.stories.models import Story


class BadReport(ValueError):
    pass


def day_key(client_address: str, story_id: int) -> str:
    """The same for one visitor and story all day; meaningless tomorrow (the secret rotates)."""
    return keyed_hash(f"{client_address}|{story_id}")


def file_report(story: Story, reason: str, note: str | None, client_address: str, hide_after: int) -> bool:
    """Record a report and commit; False if this visitor already reported this story today."""
    if reason not in REASONS:
        raise BadReport("Please choose what is wrong with the story.")
    report = Report(
        story_id=story.id,
        reason=reason,
        note=(note or "").strip()[:500] or None,
        snapshot=story.body,
        visitor_day_key=day_key(client_address, story.id),
    )
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    # Any new report changes what a moderator should see before deciding: bump the version.
    db.session.execute(
        update(Story)
        .where(Story.id == story.id)
        .values(version=Story.version + 1)
        .execution_options(synchronize_session=False)
    )
    audit.record("report", None, actor=audit.READERS, story_id=story.id, reason=reason)
    open_reports = db.session.scalar(
        select(func.count()).where(Report.story_id == story.id, Report.resolved_at.is_(None))
    )
    if open_reports >= hide_after:
        hidden = db.session.execute(
            update(Story)
            .where(Story.id == story.id, Story.hidden.is_(False))
            .values(hidden=True)
            .execution_options(synchronize_session=False)
        )
        if hidden.rowcount:
            audit.record(
                "hide",
                None,
                actor=audit.READERS,
                story_id=story.id,
                from_value="on the wall",
                to_value="hidden",
                note=f"{open_reports} readers' reports",
            )
    db.session.commit()
    return True
