"""A page's error boundary: the exception logged, its Russian message (etl/errors_ru.py) shown."""
from __future__ import annotations

from etl.errors_ru import BUSY, INTERNAL, NO_ACCESS, UNREADABLE, log, message_for  # noqa: F401


def show(e: BaseException) -> None:
    """Log the exception with its traceback and show its Russian message on the page."""
    import streamlit as st

    log.error("page failed", exc_info=e)
    st.error(message_for(e), icon=":material/error:")
