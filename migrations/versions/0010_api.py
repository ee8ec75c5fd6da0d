"""JSON API: scoped tokens with an expiry, answers kept for idempotent requests

- api_tokens: scope (employer, agency or staff), the establishment or agency the token is
  bound to, and an expiry. No code issued tokens before this revision, so any row is
  dropped rather than given a scope it never had.
- api_idempotent_requests: the answer to a request sent with an Idempotency-Key, per token

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM api_tokens")
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=10), nullable=False))
        batch_op.add_column(sa.Column('employer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False))
        batch_op.create_index(batch_op.f('ix_api_tokens_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_agency_id'), ['agency_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_api_tokens_employer_id_employers'), 'employers', ['employer_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_api_tokens_agency_id_agencies'), 'agencies', ['agency_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_scope'), "scope IN ('employer', 'agency', 'staff')")
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_employer_bound'), "scope != 'employer' OR employer_id IS NOT NULL")
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_agency_bound'), "scope != 'agency' OR agency_id IS NOT NULL")
        batch_op.create_check_constraint(batch_op.f('ck_api_tokens_scope_length'), 'length(scope) <= 10')

    op.create_table('api_idempotent_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(key) <= 100', name=op.f('ck_api_idempotent_requests_key_length')),
    sa.CheckConstraint('length(request_hash) <= 64', name=op.f('ck_api_idempotent_requests_request_hash_length')),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], name=op.f('fk_api_idempotent_requests_token_id_api_tokens'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_idempotent_requests')),
    sa.UniqueConstraint('token_id', 'key', name='uq_api_idempotent_requests_key')
    )


def downgrade():
    op.drop_table('api_idempotent_requests')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_scope_length'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_agency_bound'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_employer_bound'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_api_tokens_scope'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_api_tokens_agency_id_agencies'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_api_tokens_employer_id_employers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_api_tokens_agency_id'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_employer_id'))
        batch_op.drop_column('expires_at')
        batch_op.drop_column('agency_id')
        batch_op.drop_column('employer_id')
        batch_op.drop_column('scope')
