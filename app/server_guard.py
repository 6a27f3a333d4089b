"""Guards on Streamlit's own endpoints, which any visitor who can open a session reaches before any page runs:

- an upload (`/_stcore/upload_file`) is taken only from a session signed in as an analyst or a municipal
  coordinator (their own forms; or in local mode, where the server listens on this machine only), and a session
  keeps at most MAX_STAGED_MB of uploads in the server — so do all the sessions of one login together (one sign-in
  opens any number of sessions), and all sessions at most MAX_STAGED_TOTAL_MB (the server's memory);
- «clear cache» (a message any browser can send) is done only for a signed-in analyst.

`install()` patches Streamlit's upload file manager and app session once per process (dashboard.py calls it)."""
from __future__ import annotations

import logging
import os

log = logging.getLogger("monitoring")
_INSTALLED = False


try:  # Streamlit's HTTP server answers its HTTPException with the status, not a 500 with a traceback in the log
    from starlette.exceptions import HTTPException as _Refusal
except ImportError:  # pragma: no cover - another server
    _Refusal = None


class UploadRefused(_Refusal or Exception):
    """The server refuses an upload (HTTP 403); str(e) is Russian."""

    def __init__(self, message: str):
        if _Refusal is None:  # pragma: no cover
            Exception.__init__(self, message)
        else:
            super().__init__(status_code=403, detail=message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def max_staged_bytes() -> int:
    from etl import config

    # above the browser's own per-file limit (4 × the product's: bigger files get the page's Russian refusal)
    return int(float(os.environ.get("MONITORING_MAX_STAGED_MB", str(8 * config.max_file_mb()))) * 2**20)


def max_staged_total_bytes() -> int:
    """What all sessions together may keep: by default four sessions' worth (uploads wait in the server's memory)."""
    return int(float(os.environ.get("MONITORING_MAX_STAGED_TOTAL_MB", str(4 * max_staged_bytes() / 2**20))) * 2**20)


def _user_of(session_state):
    """The user a session's own state is signed in as: None for nobody (or a damaged users file or state)."""
    from app import auth
    from app import users as users_mod

    try:
        token = session_state[auth.TOKEN_KEY] if auth.TOKEN_KEY in session_state else None
        return auth.check_token(users_mod.users_path(), token)[0]
    except Exception:  # noqa: BLE001 - a damaged users file or state: no rights
        return None


def login_of(session_state) -> str | None:
    """The login a session is signed in as (None: nobody, or local mode)."""
    from app import users as users_mod

    if users_mod.users_path() is None or session_state is None or session_state is _NO_SERVER:
        return None
    user = _user_of(session_state)
    return user.login if user is not None else None


def _signed_in(session_state, allowed) -> bool:
    """Whether a session's own state holds a valid sign-in of a user `allowed(user)` accepts (local mode: yes)."""
    from app import users as users_mod

    if users_mod.users_path() is None:
        return True
    user = _user_of(session_state)
    return user is not None and allowed(user)


def session_may_upload(session_state) -> bool:
    """An analyst or administrator (their uploads), or a municipal coordinator (their own forms, «Мои формы»)."""
    return _signed_in(session_state, lambda u: u.can("analyst") or (u.role == "municipality" and bool(u.municipalities)))


def session_is_analyst(session_state) -> bool:
    """An analyst or administrator (local mode: yes)."""
    return _signed_in(session_state, lambda u: u.can("analyst"))


_NO_SERVER = object()  # no running Streamlit server (AppTest drives the page itself; the page checks the role)


def _session_state_of(session_id: str):
    """The session state of an upload's session; None for an unknown session; _NO_SERVER without a server."""
    from streamlit.runtime import Runtime

    try:  # AppTest's runtime is a mock without a session manager
        mgr = Runtime.instance()._session_mgr  # noqa: SLF001
    except Exception:  # noqa: BLE001 - no runtime at all
        return _NO_SERVER
    info = mgr.get_active_session_info(session_id)
    return None if info is None else info.session.session_state


def check_upload(session_state, stored_bytes: int, new_bytes: int, login_bytes: int = 0,
                 all_bytes: int = 0) -> None:
    """Raise UploadRefused unless this session may stage `new_bytes` more (`stored_bytes`: its own, `login_bytes`:
    of every session of its login, `all_bytes`: of all sessions)."""
    from app import users as users_mod

    local = users_mod.users_path() is None  # local mode: the server listens on this machine only
    if not local and (session_state is None or not session_may_upload(session_state)):
        raise UploadRefused("Загружать файлы может только аналитик или муниципальный координатор, вошедший в "
                            "систему")
    if stored_bytes + new_bytes > max_staged_bytes():
        raise UploadRefused("Слишком много файлов ждут проверки в этом сеансе: загрузите или удалите их")
    if max(login_bytes, stored_bytes) + new_bytes > max_staged_bytes():
        raise UploadRefused("Слишком много файлов ждут проверки в ваших открытых вкладках: загрузите или удалите их")
    if all_bytes + new_bytes > max_staged_total_bytes():
        raise UploadRefused("Сервер занят проверкой других файлов: попробуйте загрузить файл через несколько минут")


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    original_add = MemoryUploadedFileManager.add_file

    def add_file(self, session_id, file):
        held = {sid: sum(len(f.data) for f in files.values()) for sid, files in self.file_storage.items()}
        stored = held.get(session_id, 0)
        state = _session_state_of(session_id)
        try:
            if state is not _NO_SERVER:
                login = login_of(state)
                mine = stored + sum(b for sid, b in held.items() if b and sid != session_id and login is not None
                                    and login_of(_session_state_of(sid)) == login)
                check_upload(state, stored, len(file.data), mine, sum(held.values()))
        except UploadRefused as e:
            log.warning("upload refused for session %s: %s", session_id, e)
            raise
        return original_add(self, session_id, file)

    original_clear = AppSession._handle_clear_cache_request  # noqa: SLF001

    def clear_cache(self):
        if session_is_analyst(self.session_state):
            return original_clear(self)
        log.warning("clear cache refused: session not signed in as an analyst")
        return None

    MemoryUploadedFileManager.add_file = add_file
    AppSession._handle_clear_cache_request = clear_cache  # noqa: SLF001
    _INSTALLED = True
