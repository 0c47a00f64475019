"""receipts: a hash of the visitor's receipt code on each story

Revision ID: e5c3a1b7d9f2
Revises: d2a9c4e1f6b3
Create Date: 2026-11-28 07:17:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e5c3a1b7d9f2"
down_revision = "d2a9c4e1f6b3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_stories_receipt_hash"), ["receipt_hash"], unique=True)


def downgrade():
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_receipt_hash"))
        batch_op.drop_column("receipt_hash")
