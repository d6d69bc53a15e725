#!/usr/bin/env bash
# The whole site under load, in one command (make bench-load): a fresh PostgreSQL database,
# seeded; gunicorn; a Celery worker with beat on Redis; locust at a steady LOAD_RPS for
# LOAD_RUN_TIME; then the SQL and mail checks and a summary against the targets.
# Everything it starts, it stops. Output in var/load/ (locust CSVs, logs, result.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.venv/bin}
OUT=var/load
PORT=${LOAD_PORT:-8765}
USERS=${LOAD_USERS:-40}
export LOAD_USERS=$USERS LOAD_RPS=${LOAD_RPS:-30} LOAD_PACING=${LOAD_PACING:-poisson}
export LOAD_ACCOUNTS=$OUT/seed.json LOAD_GROUPS=$OUT/groups.json

# The server's settings: production ones, on plain HTTP on the loopback address.
# LOAD_DATABASE_URL, else DATABASE_URL; its name must contain "load" (it is dropped first).
export DATABASE_URL=${LOAD_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/clinic_load}}
export CELERY_BROKER_URL=${LOAD_BROKER_URL:-redis://127.0.0.1:6379/11}
export DEBUG=false SECRET_KEY=${SECRET_KEY:-$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
export ALLOWED_HOSTS=127.0.0.1,localhost SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING STATIC_ROOT=$OUT/static
export EMAIL_BACKEND=clinic.messaging.mail.MessageFileBackend EMAIL_FILE_PATH=$OUT/mail
export MESSAGE_DISPATCH_SECONDS=5 CELERY_BEAT_SCHEDULE_FILENAME=$OUT/celerybeat-schedule
# Each simulated client books many times an hour: the limits against hoarding would refuse
# most of the load, so they are off here.
export BOOKING_MAX_UPCOMING=0 BOOKING_RATE_PER_HOUR=0

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT INT TERM
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

echo "== machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
rm -rf "$OUT" && mkdir -p "$OUT/mail"
$BIN/python bench/load/database.py
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
$BIN/python bench/load/seed.py --out "$OUT/seed.json" --reminders-in 25 --reminders-over 150
$BIN/celery -A clinic.config purge -f >/dev/null

$BIN/gunicorn clinic.config.wsgi --workers "${LOAD_WEB_WORKERS:-5}" --bind "127.0.0.1:$PORT" \
  --log-file "$OUT/gunicorn.log" --access-logfile "$OUT/access.log" \
  --access-logformat '%(m)s %(U)s %(s)s %(M)s' & pids+=($!)
$BIN/celery -A clinic.config worker --beat --concurrency "${LOAD_CELERY_CONCURRENCY:-1}" \
  --loglevel WARNING --logfile "$OUT/worker.log" & pids+=($!)
for _ in $(seq 60); do listening "$PORT" && break; sleep 0.5; done
listening "$PORT" || { echo "gunicorn did not start (see $OUT/gunicorn.log)"; exit 1; }
sleep 3  # the worker and beat connect

since=$($BIN/python -c 'import time; print(time.time())')
echo "== locust: $USERS users, $LOAD_RPS requests/s ($LOAD_PACING pacing), ${LOAD_RUN_TIME:-2m}"
$BIN/python bench/load/cpu.py snapshot "$OUT/cpu-before.json"
$BIN/locust -f bench/load/locustfile.py --headless -u "$USERS" -r "$USERS" \
  --run-time "${LOAD_RUN_TIME:-2m}" --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" \
  --only-summary --loglevel WARNING || true  # failures are judged below, with the rest
$BIN/python bench/load/cpu.py snapshot "$OUT/cpu-after.json"
$BIN/python bench/load/cpu.py compare "$OUT/cpu-before.json" "$OUT/cpu-after.json" > "$OUT/cpu.json"

echo "== checks (waiting for the worker to send what is due)"
status=0
$BIN/python bench/load/checks.py --groups "$OUT/groups.json" --since "$since" \
  --mail "$OUT/mail" --cpu "$OUT/cpu.json" --access-log "$OUT/access.log" \
  --out "$OUT/result.json" || status=$?
echo "== load average after the run: $(uptime | sed 's/.*load average: //')"
stop_all
exit $status
