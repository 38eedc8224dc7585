# Two commands, for a fresh Linux or macOS machine with Python 3.10+ (no conda needed):
#   make lab    set up .venv (first time, or when a dependency file changed) and open JupyterLab
#   make test   the same set-up plus test tools, then run every test
# Both are quick when nothing changed: the stamps below only rebuild when their inputs change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.PHONY: lab test setup setup-dev voila site test-latest clean instructors bench-class

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: setup-dev
	$(BIN)/ruff check src tests tools benchmarks deploy conftest.py
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Seminar projector mode: the network explorer and timeline as a dashboard without code.
voila: setup
	$(BIN)/voila notebooks/app_dashboard.ipynb

# The read-only static edition (Jupyter Book 1, notebooks executed, widget JavaScript vendored):
# build/site/_build/html/index.html works with no network.
site: setup-dev
	$(BIN)/python tools/make_site.py

# Upstream churn check (not part of `make test`/CI): the newest releases of every dependency,
# unpinned, in a separate venv; runs every test except those that check the pins themselves.
LATEST := .venv-latest
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python tools/env_to_requirements.py --latest environment.yml > $(LATEST)/requirements.txt
	$(LATEST)/bin/python tools/env_to_requirements.py --latest requirements-dev.txt >> $(LATEST)/requirements.txt
	$(LATEST)/bin/python -m pip install --quiet --upgrade -r $(LATEST)/requirements.txt
	$(LATEST)/bin/python -m pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/python -m pytest -p no:cacheprovider -k "not installed_version and not pinned_jupyterlab_widgets and not editable_from_this_checkout and not pinned_jsonschema" $(PYTEST_ARGS)

setup: $(VENV)/.runtime-stamp
setup-dev: $(VENV)/.dev-stamp

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10 or newer is needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==$$($(PYTHON) tools/env_to_requirements.py --pin pip environment.yml)"

$(VENV)/.runtime-stamp: $(BIN)/python environment.yml pyproject.toml tools/env_to_requirements.py
	$(BIN)/python tools/env_to_requirements.py environment.yml > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/requirements.txt
	touch $@

$(VENV)/.dev-stamp: $(VENV)/.runtime-stamp requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache build src/*.egg-info

# Class load test (not part of `make test`/CI; a few minutes): a local JupyterHub on 127.0.0.1 where
# LEARNERS simulated learners log in, pull the course with nbgitpuller and run every notebook.
# Installs into build/hub-venv (deploy/requirements-hub.txt + the course) and build/chp, not .venv.
LEARNERS ?= 10
bench-class:
	$(PYTHON) benchmarks/bench_class.py --learners $(LEARNERS)

# The instructor kit (instructors/): run-sheets, answer key and graded edition, then printable handouts (HTML + PDF of every notebook, the one-page protocol handout) and
# the projector decks, built offline with the Debian Chromium into build/instructors/.
instructors: setup-dev
	$(BIN)/python tools/make_runsheets.py
	$(BIN)/python tools/make_answer_key.py
	$(BIN)/python tools/make_graded_edition.py
	$(BIN)/python tools/make_handouts.py
