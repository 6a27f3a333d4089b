# Two commands: `make run` (set up + dashboard on the demo database) and `make test` (set up + every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# 127.0.0.1: this machine only. Another address (0.0.0.0 — every interface) needs a users file (MONITORING_USERS):
# without one every visitor would be an analyst.
ADDRESS ?= 127.0.0.1
# yes: a database file that does not exist yet is built with the demo data; no: the dashboard opens on an empty one
DEMO ?= yes
# The names browsers open the dashboard by (comma-separated; .streamlit/config.toml: this machine's names): a page of
# another site that points its own name at this machine (DNS rebinding) gets no session. On a network, HOSTS= the
# installation's names (monitoring.minobr.example); without them any name is accepted there (sign-in still needed).
HOSTS ?=
comma := ,
HOST_FLAGS := $(if $(HOSTS),$(foreach h,$(subst $(comma), ,$(HOSTS)),--server.allowedHosts $(h)),$(if $(filter 127.0.0.1 localhost,$(ADDRESS)),,--server.allowedHosts '*'))

.PHONY: run test demo forms bench clean system-deps

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Нужен Python 3.11 или новее")'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "Устанавливаю python3-venv…"; apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

# Debian packages the image and PDF export and the browser tests use (system Chromium, Cyrillic fonts; the tests
# read the PDF note with poppler-utils' pdftotext, pdffonts, pdfinfo and pdftoppm).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/dejavu ] || [ ! -x /usr/bin/pdftotext ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core fonts-liberation poppler-utils >/dev/null); \
	  else echo "Установите пакеты: sudo apt-get install -y chromium fonts-dejavu-core fonts-liberation poppler-utils"; exit 1; fi; \
	fi

run: $(VENV)/.installed
	@if [ "$(ADDRESS)" != "127.0.0.1" ] && [ "$(ADDRESS)" != "localhost" ] && [ -z "$$MONITORING_USERS" ]; then \
	  echo "Открыть панель для сети ($(ADDRESS)) можно только с файлом пользователей: задайте MONITORING_USERS" \
	       "(README, раздел «Доступ»). Без него каждый посетитель — аналитик."; exit 1; fi
	@if [ "$(DEMO)" != "no" ]; then $(PY) -m etl ensure-demo; fi
	$(PY) -m app.serve --server.port $(PORT) --server.address $(ADDRESS) \
	  --server.maxUploadSize $${MONITORING_MAX_FILE_MB:-50} $(HOST_FLAGS)

test: $(VENV)/.installed system-deps
	$(PY) -m pytest

demo: $(VENV)/.installed
	$(PY) -m etl demo

forms: $(VENV)/.installed
	$(PY) -m etl forms --out forms

bench: $(VENV)/.installed system-deps
	$(PY) bench/etl_bench.py
	$(PY) bench/pages_bench.py
	$(PY) bench/export_bench.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
