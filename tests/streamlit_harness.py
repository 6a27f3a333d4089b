"""One harness for the real-browser tests and the page benchmark: serve a Streamlit script on a free local port,
drive Debian's /usr/bin/chromium through Playwright, wait until a page has finished its script run.

Imported as `from tests import streamlit_harness as sh` (the repo root is on sys.path under pytest and in
bench/pages_bench.py)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard.py"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
NO_SKELETON = "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_env(db_path) -> dict:
    """This process's environment for a dashboard on `db_path` in local single-user mode (no sign-in form)."""
    env = dict(os.environ, MONITORING_DB=str(db_path))
    env.pop("MONITORING_USERS", None)
    return env


@contextlib.contextmanager
def serve(env: dict, script: Path = DASHBOARD, *, log: Path | None = None, port: int | None = None,
          start_timeout: float = 60, stop_timeout: float = 10):
    """`streamlit run <script>` (from the script's folder) with exactly `env`, until /_stcore/health answers;
    yields the base URL and always stops the server. The server's output goes to `log` if given (stdout and
    stderr), else stderr goes to a temp file; either is in the error when the server dies or never gets healthy."""
    port = port or free_port()
    out = open(log, "w") if log else tempfile.TemporaryFile("w+")
    launch = ["-m", "app.serve"] if script == DASHBOARD else ["-m", "streamlit", "run", script.name]  # (as `make run`)
    proc = subprocess.Popen(
        [sys.executable, *launch, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=script.parent, env=env, stdout=out if log else subprocess.DEVNULL, stderr=subprocess.STDOUT if log
        else out)

    def output() -> str:
        out.flush()
        if log:
            return Path(log).read_text(errors="replace")
        out.seek(0)
        return out.read()

    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"{script.name}: streamlit exited with code {proc.returncode}\n{output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{script.name}: streamlit did not become healthy in {start_timeout:.0f} s\n"
                                   f"{output()}")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        out.close()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright (never `playwright install`); closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def wait_ready(page, timeout: float) -> None:
    """Streamlit finished the run: the app says notRunning and no skeleton placeholder is left."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_function(NO_SKELETON, timeout=timeout)
    page.wait_for_timeout(300)  # the script state flips before the last deltas are painted
    page.wait_for_selector(READY, timeout=timeout)
