"""Security of accounts: verified emails, two-step login, login throttling

- users.email_verified_at: set when the owner opens the link sent at registration;
  accounts that existed before this revision count as verified at their creation
- users.mfa_secret (encrypted TOTP secret), mfa_enabled_at, mfa_last_step
- mfa_recovery_codes: single-use recovery codes, argon2 hashes only
- login_throttles: failed logins in a row per account (keyed hash) and per address

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, never a batch copy of `users`: on SQLite (foreign keys on) dropping
    # the old table would cascade to every candidate, plan and application. SQLite cannot
    # add a CHECK to an existing table without that copy, so the length check is added on
    # PostgreSQL only (the form and the model bound the length on both).
    op.add_column('users', sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('mfa_secret', sa.String(length=300), nullable=True))
    op.add_column('users', sa.Column('mfa_enabled_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('mfa_last_step', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_check_constraint(op.f('ck_users_mfa_secret_length'), 'users', 'length(mfa_secret) <= 300')
    users = sa.table('users', sa.column('email_verified_at'), sa.column('created_at'))
    op.execute(users.update().values(email_verified_at=users.c.created_at))

    op.create_table('mfa_recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('length(code_hash) <= 200', name=op.f('ck_mfa_recovery_codes_code_hash_length')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mfa_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mfa_recovery_codes'))
    )
    with op.batch_alter_table('mfa_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mfa_recovery_codes_user_id'), ['user_id'], unique=False)

    op.create_table('login_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('failures >= 0', name=op.f('ck_login_throttles_failures_positive')),
    sa.CheckConstraint('length(key) <= 100', name=op.f('ck_login_throttles_key_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('key', name=op.f('uq_login_throttles_key'))
    )


def downgrade():
    op.drop_table('login_throttles')
    with op.batch_alter_table('mfa_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mfa_recovery_codes_user_id'))
    op.drop_table('mfa_recovery_codes')
    with op.batch_alter_table('users', schema=None) as batch_op:
        if op.get_bind().dialect.name != 'sqlite':
            batch_op.drop_constraint(op.f('ck_users_mfa_secret_length'), type_='check')
        batch_op.drop_column('mfa_last_step')
        batch_op.drop_column('mfa_enabled_at')
        batch_op.drop_column('mfa_secret')
        batch_op.drop_column('email_verified_at')
