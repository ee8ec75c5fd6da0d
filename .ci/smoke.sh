#!/usr/bin/env bash
# Deployment smoke test (DESIGN.md §7.4, docs/deploy.md): the production shape as real
# processes, from a wheel installed outside the repository.
#   PostgreSQL (database "smoke", recreated) + Redis (rate limits, queue) + an SMTP sink
#   + gunicorn with 3 workers (gunicorn.conf.py) + the queue worker (flask jobs worker),
# then benchmarks/load.py: French pages, an edit seen by every worker, ~2,000 mixed
# requests with zero 5xx; then every outbox message must reach the SMTP sink exactly once.
#
# Data: the demo program. `flask seed --demo` refuses production, so it runs once in the
# development environment, and the demo accounts are then made ordinary accounts (is_demo
# false: production refuses demo logins). The servers themselves run with
# PASSERELLE_ENV=production: __Host- secure cookies behind a proxy (the load script sends
# X-Forwarded-Proto: https as the TLS proxy would), trusted hosts, Redis, no demo.
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, no password), redis-server
# (Debian package), python3. Everything it starts it stops (trap), and it only ever
# talks to 127.0.0.1. Usage: .ci/smoke.sh  (about 2-4 minutes; most of it pip).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
DB_URL="postgresql+psycopg://postgres@127.0.0.1:5432/smoke"
WORK=$(mktemp -d /tmp/passerelle-smoke.XXXXXX)
# SMOKE_VENV=DIR keeps the venv between local runs (the wheel is reinstalled each time);
# CI leaves it unset: a fresh venv every run.
VENV=${SMOKE_VENV:-$WORK/venv}
PIDS=()
started=$SECONDS

cleanup() {
  status=$?
  # The servers first, Redis and the SMTP sink last (reverse order of start).
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ] && [ -d "$WORK" ]; then
    for log in "$WORK"/*.log; do echo "--- $log (last lines)"; tail -n 30 "$log"; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 "$limit"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "FAIL: $what (waited ${limit} s)"; return 1
}

echo "== Wheel, installed into a fresh venv outside the repository =="
[ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" wheel -q --no-deps -w "$WORK/dist" "$REPO"
wheel=$(ls "$WORK"/dist/passerelle-*.whl)
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$wheel"
"$VENV/bin/pip" install -q -c "$REPO/constraints.txt" "${wheel}[redis]"
cp "$REPO/gunicorn.conf.py" "$WORK/"   # deployed beside the venv, as docs/deploy.md says
echo "installed $(basename "$wheel") in $((SECONDS - started)) s"

echo "== Database, Redis, SMTP sink =="
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS smoke" -c "CREATE DATABASE smoke"
REDIS_PORT=$(free_port); SMTP_PORT=$(free_port); WEB_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
python3 "$REPO/.ci/smtp_sink.py" "$SMTP_PORT" "$WORK/mail.received" >"$WORK/smtp.log" 2>&1 &
PIDS+=($!)
wait_for 20 "redis-server did not answer" redis-cli -p "$REDIS_PORT" ping

export FLASK_APP=matcher DATABASE_URL="$DB_URL" PUBLIC_URL="https://localhost"
export SECRET_KEY
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export RATELIMIT_STORAGE_URI="redis://127.0.0.1:$REDIS_PORT/0"
export JOBS_QUEUE_URL="redis://127.0.0.1:$REDIS_PORT/1"
export MAIL_SERVER=127.0.0.1 MAIL_PORT="$SMTP_PORT" MAIL_USE_TLS=0
cd "$WORK"   # nothing below reads the checkout except the load script
PASSERELLE_ENV=production "$VENV/bin/flask" db upgrade
PASSERELLE_ENV=production "$VENV/bin/flask" seed
PASSERELLE_ENV=development "$VENV/bin/flask" seed --demo
"${PSQL[@]}" -d smoke -c "UPDATE users SET is_demo = false"

echo "== gunicorn (3 workers) and the queue worker, in production =="
export PASSERELLE_ENV=production
PASSERELLE_SMOKE=1 WEB_CONCURRENCY=3 PASSERELLE_BIND="127.0.0.1:$WEB_PORT" \
  "$VENV/bin/gunicorn" -c "$WORK/gunicorn.conf.py" >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
"$VENV/bin/flask" jobs worker --quiet >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
ready() {
  curl -fsS -H "Host: localhost" -H "X-Forwarded-Proto: https" \
    "http://127.0.0.1:$WEB_PORT/readyz" | grep -q '"ok"'
}
wait_for 120 "/readyz never answered 200" ready
echo "/readyz 200 after $((SECONDS - started)) s in all; $(grep -c 'indexes ready' "$WORK/gunicorn.log") warm-ups logged"

echo "== Load (bounded: 2,000 requests or 150 s, 127.0.0.1 only) =="
"$VENV/bin/python" "$REPO/benchmarks/load.py" --port "$WEB_PORT" --host localhost \
  --requests 2000 --seconds 150 --clients 6 --workers 3 --database-url "$DB_URL"

echo "== Outbox: every message sent exactly once =="
unsent() {
  test "$("${PSQL[@]}" -d smoke -tAc "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")" = 0
}
wait_for 100 "the queue worker left messages unsent" unsent   # send-outbox runs each minute
"$VENV/bin/flask" outbox send   # a second sender afterwards must find nothing to send
# The sink folds every space (Python's split() counts non-breaking ones): fold them here too.
"${PSQL[@]}" -d smoke -tAc "SELECT to_address || chr(9) || regexp_replace(
  translate(subject, chr(160) || chr(8239), '  '), '\s+', ' ', 'g')
  FROM outbox_messages WHERE sent_at IS NOT NULL" | sort >"$WORK/mail.expected"
sort "$WORK/mail.received" -o "$WORK/mail.received"
if ! diff -u "$WORK/mail.expected" "$WORK/mail.received"; then
  echo "FAIL: the SMTP sink did not receive each sent message exactly once"; exit 1
fi
resets=$(grep -c "^candidat050@" "$WORK/mail.received" || true)
if [ "$resets" -ne 1 ]; then echo "FAIL: the reset message arrived $resets times"; exit 1; fi
echo "$(wc -l <"$WORK/mail.expected") messages, each received once (the reset link included)"
grep -q "Traceback" "$WORK/gunicorn.log" "$WORK/worker.log" && {
  echo "FAIL: a traceback was logged"; exit 1; }
echo "smoke test passed in $((SECONDS - started)) s"
