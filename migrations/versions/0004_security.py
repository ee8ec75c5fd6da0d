"""Outbox: redact the body of a message holding a secret once it is sent

- outbox_messages.redact_after_send: set for password-reset messages; after sending,
  the body is replaced by a note so the database keeps no usable link
- reset messages already in the outbox: redacted if sent, flagged if not

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redact_after_send', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    _redact_reset_messages()


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('redact_after_send')


def _redact_reset_messages():
    """Treat the reset messages queued before this revision like the new ones."""
    outbox = sa.table("outbox_messages", sa.column("body", sa.String), sa.column("sent_at"),
                      sa.column("redact_after_send", sa.Boolean))
    reset = outbox.c.body.contains("/password/reset/")
    op.execute(outbox.update().where(reset).values(redact_after_send=True))
    op.execute(outbox.update().where(reset, outbox.c.sent_at.is_not(None)).values(
        body="[Removed after sending: this message held a single-use link.]"))
