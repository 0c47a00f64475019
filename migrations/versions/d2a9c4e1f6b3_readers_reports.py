"""readers' reports on published stories

Revision ID: d2a9c4e1f6b3
Revises: b7e1a2c3d4f5
Create Date: 2026-11-28 07:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d2a9c4e1f6b3"
down_revision = "b7e1a2c3d4f5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("visitor_day_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["resolved_by"], ["moderators.id"]),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("story_id", "visitor_day_key"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_story_id"), ["story_id"], unique=False)


def downgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_story_id"))
    op.drop_table("reports")
