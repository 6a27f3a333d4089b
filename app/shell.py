"""The app shell (dashboard.py: sign-in, navigation, global filters) around every monitoring page.

Streamlit still runs a folder called `pages/` in its legacy multipage mode for the first script run of a server
process (and in every AppTest run): a URL such as /readiness then executes pages/readiness.py directly, without
dashboard.py — no sign-in, no filters. A page therefore starts with `shell.ensure()`: when dashboard.py is not
running in this script run, it runs dashboard.py, which signs the user in and runs the page through
`st.navigation`, and the direct run stops.
"""
from __future__ import annotations

import contextlib
import runpy
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_local = threading.local()


@contextlib.contextmanager
def running():
    """dashboard.py wraps its run in this: pages started inside know the shell is there. It is also the one error
    boundary of every page: an exception no page handled is logged and shown as a Russian message (Streamlit's
    rerun and stop pass through: they are no Exception)."""
    outer = getattr(_local, "active", False)
    _local.active = True
    try:
        yield
    except Exception as e:  # noqa: BLE001 - the user reads Russian, the log keeps the traceback
        if outer:
            raise
        from app import errors

        errors.show(e)
    finally:
        _local.active = outer


_upgraded: set[str] = set()


def upgrade_schema() -> None:
    """Bring the database's schema (views, new tables) up to date once per server process and database, so pages of
    a new version read an older database (they only read; the schema is otherwise brought up to date by the next
    write). Skipped without a database, and when another writer holds it (the next run tries again)."""
    from etl import config, db

    path = config.db_path()
    if str(path) in _upgraded or not Path(path).exists():
        return
    try:
        db.ensure_schema(path)
    except Exception:  # noqa: BLE001 - busy or read-only: the pages say what is wrong if they cannot read
        return
    _upgraded.add(str(path))


def active() -> bool:
    return getattr(_local, "active", False)


def ensure() -> None:
    """Call first in a page: outside dashboard.py, run dashboard.py instead (it runs this page) and stop."""
    if active():
        return
    import streamlit as st

    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
    st.stop()
