# easeplan: `make run` serves the demo (EASEPLAN_SEED_DEMO=false: an empty one with a setup
# link), `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seed lint format bench clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "easeplan needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# EASEPLAN_SEED_DEMO=false starts from an empty database instead of the demo practice.
EASEPLAN_SEED_DEMO ?= true

seed: migrate
ifneq ($(EASEPLAN_SEED_DEMO),false)
	$(BIN)/python manage.py seed_demo
endif

# Links in emails point at the server that sends them, unless SITE_URL says otherwise.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: seed
	@echo "easeplan is serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo "Links in emails point at $$SITE_URL"
	@# With no practice yet, the one-time link to the setup wizard.
	@$(BIN)/python manage.py setup_link --if-empty
	@# The daily run that keeps clients on their plan (cron in production), once at start.
	@$(BIN)/python manage.py keep_clients_on_plan
	@$(BIN)/python manage.py send_weekly_checkins
	@# The task worker (emails, reminders) runs beside the web server and stops with it.
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py db_worker --interval 2 & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	bin/test-all

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	@for b in bench/[!_]*.py; do [ -e "$$b" ] && $(BIN)/python "$$b"; done; true

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
