"""Index events by (profile_id, at): the day's count is a range scan of one profile's rows.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_profile_at", "events", ["profile_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_events_profile_at", table_name="events")
