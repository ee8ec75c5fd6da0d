"""Messages between a candidate and the HR team, one thread per application

- thread_messages: plain text (at most 2,000 characters), the side that wrote it, its
  author (emptied when the author's account goes) and when the other side read it;
  removed with the application, and with the candidate's account (privacy.delete_account)

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-01 01:09:44.449198

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('thread_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_side', sa.String(length=9), nullable=False),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("from_side IN ('candidate', 'employer')", name=op.f('ck_thread_messages_from_side')),
    sa.CheckConstraint('length(body) <= 2000', name=op.f('ck_thread_messages_body_length')),
    sa.CheckConstraint('length(from_side) <= 9', name=op.f('ck_thread_messages_from_side_length')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_thread_messages_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_thread_messages_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thread_messages'))
    )
    with op.batch_alter_table('thread_messages', schema=None) as batch_op:
        batch_op.create_index('ix_thread_messages_unread', ['application_id', 'from_side', 'read_at'], unique=False)



def downgrade():
    with op.batch_alter_table('thread_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_thread_messages_unread')

    op.drop_table('thread_messages')
