#!/usr/bin/env bash
# Prove a backup restores: deploy/restore-check.sh DUMP [SCRATCH_DATABASE]
#
# Restores a `pg_dump --format=custom` file into a scratch database (dropped first and
# after), checks that its schema is the one the installed code expects (`flask db check`:
# the migrations are at head and match the models), and prints the row counts of the
# main tables to compare with production's. Connection settings come from the usual
# libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD); run it with the venv's flask on
# PATH (or FLASK=/srv/passerelle/venv/bin/flask). Exit status 0 means a usable backup.
set -euo pipefail
dump=${1:?usage: restore-check.sh DUMP [SCRATCH_DATABASE]}
scratch=${2:-passerelle_restore_check}
flask=${FLASK:-flask}
case "$scratch" in passerelle|smoke|test) echo "refusing to overwrite $scratch" >&2; exit 2;; esac

dropdb --if-exists "$scratch"
createdb "$scratch"
trap 'dropdb --if-exists "$scratch"' EXIT
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$scratch" "$dump"
FLASK_APP=matcher DATABASE_URL="postgresql+psycopg:///$scratch" \
  SECRET_KEY=restore-check PASSERELLE_ENV=development JOBS_QUEUE_URL=memory:// \
  "$flask" db check
psql -X -q -d "$scratch" -c "
  SELECT 'users' AS table_name, count(*) AS row_count FROM users
  UNION ALL SELECT 'candidates', count(*) FROM candidates
  UNION ALL SELECT 'postings', count(*) FROM postings
  UNION ALL SELECT 'applications', count(*) FROM applications
  UNION ALL SELECT 'hires', count(*) FROM hires
  UNION ALL SELECT 'outbox_messages', count(*) FROM outbox_messages
  UNION ALL SELECT 'alembic_version', count(*) FROM alembic_version"
echo "restore check passed: $dump restores into a database the code accepts"
