"""HR: who registers for an establishment, and requests for establishments not in the list

- employer_members: contact_name, job_title, phone (asked at registration)
- establishment_requests: the address and the staff decision on an establishment an HR
  user asked to add (the establishment is created inactive until approved)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

MEMBER_COLUMNS = (('contact_name', 120), ('job_title', 120), ('phone', 30))


def upgrade():
    # Plain ADD COLUMN (no batch copy of a table others reference); CHECKs where allowed.
    for name, length in MEMBER_COLUMNS:
        op.add_column('employer_members', sa.Column(name, sa.String(length=length),
                                                    nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        for name, length in MEMBER_COLUMNS:
            op.create_check_constraint(op.f(f'ck_employer_members_{name}_length'),
                                       'employer_members', f'length({name}) <= {length}')
    op.create_table('establishment_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'refused')", name=op.f('ck_establishment_requests_status')),
    sa.CheckConstraint('length(address) <= 300', name=op.f('ck_establishment_requests_address_length')),
    sa.CheckConstraint('length(status) <= 10', name=op.f('ck_establishment_requests_status_length')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_establishment_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_establishment_requests_employer_id_employers')),
    sa.ForeignKeyConstraint(['member_id'], ['employer_members.id'], name=op.f('fk_establishment_requests_member_id_employer_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_establishment_requests')),
    sa.UniqueConstraint('member_id', name=op.f('uq_establishment_requests_member_id'))
    )
    with op.batch_alter_table('establishment_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_establishment_requests_employer_id'), ['employer_id'], unique=False)


def downgrade():
    with op.batch_alter_table('establishment_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_establishment_requests_employer_id'))
    op.drop_table('establishment_requests')
    if op.get_bind().dialect.name == 'postgresql':
        for name, _length in reversed(MEMBER_COLUMNS):
            op.drop_constraint(op.f(f'ck_employer_members_{name}_length'), 'employer_members')
    for name, _length in reversed(MEMBER_COLUMNS):
        op.execute(f'ALTER TABLE employer_members DROP COLUMN {name}')
