# Two commands: `make run` serves the app, `make test` runs the suite. Both set everything up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export ANONYMIZED_TELEMETRY=False
export GRADIO_ANALYTICS_ENABLED=False

.PHONY: run test install model ingest eval bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

model: install
	$(PY) -m clausier.embedding.convert --if-missing
	$(PY) -m clausier.llm.model --if-missing

ingest: model
	$(PY) -m ingest

run: ingest
	$(PY) app.py

test: model
	$(PY) -m pytest -q

eval: ingest
	$(PY) -m eval

clean:
	rm -rf data tests/artifacts
