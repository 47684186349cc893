# One command to run the site, one to pass the tests; both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-integration lint format messages catalogue-check vendor lock clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP) messages

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compile_catalogue

catalogue-check: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compile_catalogue --check

run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

# The same suite against PostgreSQL and Redis with a real Celery worker (what .ci/run does).
test-integration: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} REQUIRE_INTEGRATION=1 \
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the vendored front-end files and the certificate font (designations/fonts) from the npm
# registry (versions in package.json).
vendor:
	npm install --no-audit --no-fund --ignore-scripts
	mkdir -p static/vendor/bootstrap static/vendor/axe-core
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe-core/
	mkdir -p static/vendor/htmx
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE static/vendor/htmx/
	mkdir -p designations/fonts
	cp node_modules/pretendard/dist/public/static/alternative/Pretendard-Regular.ttf \
	   node_modules/pretendard/dist/public/static/alternative/Pretendard-Bold.ttf designations/fonts/
	cp node_modules/pretendard/dist/LICENSE.txt designations/fonts/OFL.txt

# Re-freeze requirements*.txt from requirements*.in (after changing a top-level pin).
lock:
	rm -rf /tmp/registry-lock && $(PYTHON) -m venv /tmp/registry-lock
	/tmp/registry-lock/bin/pip install --quiet -r requirements.in
	(echo "# Frozen from requirements.in (make lock)."; /tmp/registry-lock/bin/pip freeze) > requirements.txt
	/tmp/registry-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "# Frozen from requirements-dev.in, on top of requirements.txt."; echo "-r requirements.txt"; \
	 /tmp/registry-lock/bin/pip freeze | grep -vxFf requirements.txt) > requirements-dev.txt

clean:
	rm -rf $(VENV) var node_modules
