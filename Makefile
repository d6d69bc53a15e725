# The first Python 3.12+ found: PYTHON=..., then python3.13/python3.12 on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
# What running the clinic needs (requirements.txt), and that plus the tools to test and lint it.
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
PORT ?= 8000
# The links in the messages `make run` sends point at its port.
SITE_URL ?= http://127.0.0.1:$(PORT)
RUN_ENV := DEBUG=true EMAIL_BACKEND=clinic.messaging.mail.MessageFileBackend EMAIL_FILE_PATH=var/mail
# The suite runs on every core, each test file's tests spread over the workers as they free up.
TEST_WORKERS ?= auto
TEST_RUN := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal
# The unit tests alone: no browser, no generated-input fuzzing, no real workers or brokers.
FAST_MARKERS := not e2e and not fuzz and not worker

.PHONY: install install-runtime run worker test test-fast lint format migrations-check \
	check-deploy bench bench-load cluster cluster-check bench-ramp clean

$(RUNTIME_STAMP): requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(RUNTIME_STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $(DEV_STAMP)

install-runtime: $(RUNTIME_STAMP)

install: $(DEV_STAMP)

run: install-runtime
	mkdir -p var/broker var/mail
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo $(if $(DEMO_PASSWORD),--password '$(DEMO_PASSWORD)')
	@echo "The clinic is at http://127.0.0.1:$(PORT) - sign in with a demo account above."
	@echo "Forgot the demo password? make run DEMO_PASSWORD=choose-one"
	@echo "Messages go out through a Celery worker and beat (log: var/worker.log) into var/mail/."
	$(RUN_ENV) SITE_URL=$(SITE_URL) $(BIN)/celery -A clinic.config worker --beat \
		--loglevel info --concurrency 2 --logfile var/worker.log & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A worker alone (no beat), e.g. beside gunicorn with CELERY_BROKER_URL set.
worker: install-runtime
	mkdir -p var/broker var/mail
	$(RUN_ENV) $(BIN)/celery -A clinic.config worker --loglevel info

test: install
	$(TEST_RUN) $(PYTEST_ARGS)

test-fast: install
	$(TEST_RUN) -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(RUN_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: install
	DEBUG=false SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=clinic.example.org SECURE_SSL_REDIRECT=true \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# The micro-benchmarks, then the whole site under load (bench/README.md).
bench: install
	$(BIN)/python -m pytest bench --benchmark-only $(PYTEST_ARGS)
	$(MAKE) bench-load DATABASE_URL=$(LOAD_DATABASE_URL)

# gunicorn, a Celery worker with beat and locust on a fresh PostgreSQL database and Redis
# (LOAD_DATABASE_URL or DATABASE_URL, whose name must contain "load"; LOAD_BROKER_URL).
bench-load: install
	BIN=$(BIN) bash bench/load/run.sh

# The production topology on this machine (README, "Running on more than one machine"): nginx
# on CLUSTER_PORT (8300) in front of two gunicorn nodes (8301, 8302), S3 (moto, 8303), a
# Celery worker with beat, PostgreSQL and Redis. In the foreground; Ctrl-C stops it all.
cluster: install
	BIN=$(BIN) bash bench/cluster/run.sh

# The cluster, then the check that its nodes share sessions, lockouts and documents.
cluster-check: install
	BIN=$(BIN) bash bench/cluster/run.sh $(BIN)/python bench/cluster/check.py

# The load run's mix at rising rates against the cluster, up to the first step that misses
# the pages' p95 target or fails a request (RAMP_RATES, RAMP_STEP_SECONDS; bench/README.md).
bench-ramp: install
	BIN=$(BIN) CLUSTER_SEED=load bash bench/cluster/run.sh $(BIN)/python bench/cluster/ramp.py

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
