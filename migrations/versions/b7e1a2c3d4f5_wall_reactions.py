"""wall reactions: counts, and the day's unlinkable marks

Revision ID: b7e1a2c3d4f5
Revises: 635f0d883dcd
Create Date: 2026-11-28 07:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e1a2c3d4f5"
down_revision = "635f0d883dcd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reaction_marks",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("reaction_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reaction_marks_day"), ["day"], unique=False)
    op.create_table(
        "reaction_counts",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("story_id", "kind"),
    )


def downgrade():
    op.drop_table("reaction_counts")
    with op.batch_alter_table("reaction_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reaction_marks_day"))
    op.drop_table("reaction_marks")
