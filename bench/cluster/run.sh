#!/usr/bin/env bash
# The clinic as it runs on several machines, on this one (make cluster): a fresh PostgreSQL
# database, seeded; an S3 server (moto) holding the documents; two gunicorn nodes, each with
# a documents folder of its own that nothing may rely on; one Celery worker with beat on
# Redis, which is the cache too; nginx in front of the nodes.
#
#   bench/cluster/run.sh              serve until Ctrl-C
#   bench/cluster/run.sh COMMAND...   run COMMAND once the cluster answers, then stop
#                                     everything and exit with COMMAND's status
#
# CLUSTER_SEED=demo (the demo clinic, CLUSTER_PASSWORD for its accounts) or load (the load
# run's clinic, bench/load/seed.py). Everything it starts, it stops; logs in var/cluster/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.venv/bin}
OUT=var/cluster
SEED=${CLUSTER_SEED:-demo}
PORT=${CLUSTER_PORT:-8300}
NODE_A_PORT=${CLUSTER_NODE_A_PORT:-8301}
NODE_B_PORT=${CLUSTER_NODE_B_PORT:-8302}
S3_PORT=${CLUSTER_S3_PORT:-8303}
case $SEED in
  demo) DEFAULT_DATABASE=clinic_cluster MARKER=cluster ;;
  load) DEFAULT_DATABASE=clinic_ramp_load MARKER=load ;;
  *) echo "CLUSTER_SEED is demo or load, not $SEED"; exit 2 ;;
esac

# What every node, the worker and the management commands share: production settings on
# plain HTTP on the loopback address. The database name must contain $MARKER: it is dropped.
export DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DEFAULT_DATABASE}
export CELERY_BROKER_URL=${CLUSTER_BROKER_URL:-redis://127.0.0.1:6379/14}
export CACHE_URL=${CLUSTER_CACHE_URL:-redis://127.0.0.1:6379/13}
export DEBUG=false SECRET_KEY=${SECRET_KEY:-$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
export ALLOWED_HOSTS=127.0.0.1,localhost SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING STATIC_ROOT=$OUT/static
export SITE_URL=http://127.0.0.1:$PORT TRUSTED_PROXIES=127.0.0.1
export EMAIL_BACKEND=clinic.messaging.mail.MessageFileBackend EMAIL_FILE_PATH=$OUT/mail
export MESSAGE_DISPATCH_SECONDS=5 CELERY_BEAT_SCHEDULE_FILENAME=$OUT/celerybeat-schedule
export PRIVATE_STORAGE=s3 AWS_STORAGE_BUCKET_NAME=${CLUSTER_BUCKET:-clinic-documents}
export AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT AWS_S3_REGION_NAME=us-east-1
export AWS_ACCESS_KEY_ID=cluster AWS_SECRET_ACCESS_KEY=cluster-secret
if [[ $SEED == load ]]; then
  # The load run's simulated clients book many times an hour (as make bench-load).
  export BOOKING_MAX_UPCOMING=0 BOOKING_RATE_PER_HOUR=0
fi
# What the check and the ramp read.
export CLUSTER_URL=http://127.0.0.1:$PORT
export CLUSTER_NODE_A_URL=http://127.0.0.1:$NODE_A_PORT CLUSTER_NODE_B_URL=http://127.0.0.1:$NODE_B_PORT
export CLUSTER_NODE_A_MEDIA=$OUT/node-a/private CLUSTER_NODE_B_MEDIA=$OUT/node-b/private
export CLUSTER_ACCOUNTS=$OUT/seed.json CLUSTER_OUT=$OUT

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
await_port() {
  for _ in $(seq 120); do listening "$1" && return 0; sleep 0.5; done
  echo "$2 did not start on port $1 (see $OUT/)"; exit 1
}
for port in "$PORT" "$NODE_A_PORT" "$NODE_B_PORT" "$S3_PORT"; do
  if listening "$port"; then echo "port $port is taken: set CLUSTER_*_PORT"; exit 1; fi
done

echo "== machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
rm -rf "$OUT" && mkdir -p "$OUT/mail" "$OUT/nginx-tmp" "$CLUSTER_NODE_A_MEDIA" "$CLUSTER_NODE_B_MEDIA"

$BIN/moto_server -H 127.0.0.1 -p "$S3_PORT" >"$OUT/s3.log" 2>&1 & pids+=($!)
await_port "$S3_PORT" "the S3 server (moto)"
$BIN/python bench/cluster/bucket.py  # before the seed, which stores the demo's documents
$BIN/python bench/load/database.py "$MARKER"
$BIN/python -c 'import redis, sys; [redis.Redis.from_url(url).flushdb() for url in sys.argv[1:]]' \
  "$CACHE_URL" "$CELERY_BROKER_URL"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
if [[ $SEED == demo ]]; then
  PASSWORD=${CLUSTER_PASSWORD:-cluster-demo-password}
  export CLUSTER_PASSWORD=$PASSWORD
  $BIN/python manage.py seed_demo --password "$PASSWORD" >"$OUT/seed.log"
else
  $BIN/python bench/load/seed.py --out "$CLUSTER_ACCOUNTS" --reminders-in 25 \
    --reminders-over "${CLUSTER_REMINDERS_OVER:-300}"
fi

# Two nodes, alike but for their port and their documents folder.
start_node() {  # name, port, documents folder
  PRIVATE_MEDIA_ROOT=$3 $BIN/gunicorn clinic.config.wsgi \
    --workers "${CLUSTER_WEB_WORKERS:-3}" --bind "127.0.0.1:$2" --control-socket "$PWD/$OUT/node-$1.ctl" \
    --access-logfile "$OUT/node-$1-access.log" --access-logformat '%(h)s %(m)s %(U)s %(s)s %(M)s' \
    >"$OUT/node-$1.log" 2>&1 & pids+=($!)
}
start_node a "$NODE_A_PORT" "$CLUSTER_NODE_A_MEDIA"
start_node b "$NODE_B_PORT" "$CLUSTER_NODE_B_MEDIA"
$BIN/celery -A clinic.config worker --beat --concurrency "${CLUSTER_CELERY_CONCURRENCY:-1}" \
  --loglevel WARNING >"$OUT/worker.log" 2>&1 & pids+=($!)

# nginx runs its workers as nobody when started as root; it needs no port below 1024.
NGINX_USER=$([[ $(id -u) == 0 ]] && echo 'user nobody nogroup;' || true)
sed -e "s/\${NGINX_USER}/$NGINX_USER/" -e "s/\${CLUSTER_PORT}/$PORT/" \
  -e "s/\${NODE_A_PORT}/$NODE_A_PORT/" -e "s/\${NODE_B_PORT}/$NODE_B_PORT/" \
  bench/cluster/nginx.conf.template >"$OUT/nginx.conf"
${NGINX:-/usr/sbin/nginx} -p "$PWD/$OUT" -c "$PWD/$OUT/nginx.conf" -e "$PWD/$OUT/nginx-error.log" \
  -g 'daemon off;' & pids+=($!)

await_port "$NODE_A_PORT" "node A (gunicorn)"
await_port "$NODE_B_PORT" "node B (gunicorn)"
await_port "$PORT" "nginx"
echo "== the cluster answers at $CLUSTER_URL (nginx), nodes A $CLUSTER_NODE_A_URL, B $CLUSTER_NODE_B_URL"
echo "   S3 (moto) at $AWS_S3_ENDPOINT_URL, bucket $AWS_STORAGE_BUCKET_NAME; database $DATABASE_URL"
echo "   logs in $OUT/"

if (($#)); then
  status=0
  "$@" || status=$?
  exit $status
fi

if [[ $SEED == demo ]]; then
  sed -n 's/^  *\([a-z]*\) *\([^ ]*@demo.clinic\)$/   \2 (\1)/p' "$OUT/seed.log"
  echo "   password for every demo account: $PASSWORD (CLUSTER_PASSWORD sets it)"
  echo "   therapists and the admin set up an authenticator app at their first sign-in"
fi
echo "== Ctrl-C stops everything"
# Serve until Ctrl-C, or until a process stops by itself, which stops the rest.
wait -n "${pids[@]}" || true
echo "a process of the cluster stopped (see $OUT/): stopping the rest"
exit 1
