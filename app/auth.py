"""Sign-in and roles: viewer (leadership) < analyst (uploads, mappings, rollback) < admin (users).

Trust model: `st.session_state` is NOT trusted for the role. It keeps only a token
`login|issued|last_seen|signature` signed (HMAC-SHA256) with the per-installation secret that lives next to
the users file; the role is re-read from the users file on every run. Write pages call `require_role()` at
the top, and every write action calls `assert_role()` right before it writes.

No users file (`MONITORING_USERS` unset) → local single-user mode with analyst rights and a visible banner.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from app import login_guard, sessions
from app import users as users_mod
from app.nav import ROLE_RANK

TOKEN_KEY = "_auth_token"
NOTICE_KEY = "_auth_notice"
COOKIE = "monitoring_session"  # the signed token, so that reloading the page keeps the user signed in
COOKIE_REFRESH_S = 600  # the cookie's copy of the token is renewed after this much activity (sliding idle timeout)
_COOKIE_SET_KEY = "_auth_cookie_token"  # the token last written to the cookie in this session
_SIGNED_OUT_KEY = "_auth_signed_out"  # this session signed out: its (stale) cookie is not taken back


def _disable_pages_folder_autodiscovery() -> bool:
    """Streamlit runs files of a `pages/` folder directly by URL (its old multipage mode) until some session
    calls `st.navigation`; a visitor who is not signed in never gets that far. Switch the old mode off
    for the whole process as soon as this module is imported, so the role-based navigation is the only
    way to a page. (The very first request after a server start can still reach a page file directly:
    every page therefore checks the user itself — `require_role`.)

    Returns True when the current script run itself started in the old mode (first run after a server
    start): its widgets then get other ids than in the next runs, so the login form is re-drawn once."""
    try:
        from streamlit.runtime.pages_manager import PagesManager

        was_old_mode = PagesManager.uses_pages_directory is True
        PagesManager.uses_pages_directory = False
        return was_old_mode
    except Exception:  # a future Streamlit without this switch
        return False


_REDRAW_ONCE = _disable_pages_folder_autodiscovery()


@dataclass(frozen=True)
class User:
    login: str
    name: str
    role: str  # viewer | municipality | analyst | admin
    local_mode: bool = False
    municipalities: tuple[str, ...] = ()  # a municipal coordinator's scope: the only municipalities they see

    @property
    def role_ru(self) -> str:
        return users_mod.ROLE_LABELS_RU.get(self.role, self.role)

    def can(self, min_role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[min_role]


LOCAL_USER = User("local", "Локальный пользователь", "analyst", local_mode=True)


class PermissionDenied(Exception):
    """The signed-in user may not do this; str(e) is Russian."""


def idle_timeout_s() -> float:
    return float(os.environ.get("MONITORING_SESSION_IDLE_HOURS", "8")) * 3600


def max_session_s() -> float:
    return float(os.environ.get("MONITORING_SESSION_MAX_HOURS", "24")) * 3600


# ---------------------------------------------------------------------------------------------
# Tokens

def _sign(secret: bytes, login: str, issued: int, last_seen: int, fingerprint: str) -> str:
    msg = f"{login}|{issued}|{last_seen}|{fingerprint}".encode("utf-8")
    return hmac.new(secret, msg, hashlib.sha256).hexdigest()


def make_token(path: Path, rec: users_mod.UserRecord, issued: int, last_seen: int) -> str:
    """A signed token of a new session (registered server-side: signing out revokes it)."""
    sessions.open_session(path, rec.login, issued, max_session_s())
    return _signed(path, rec, issued, last_seen)


def _signed(path: Path, rec: users_mod.UserRecord, issued: int, last_seen: int) -> str:
    sig = _sign(users_mod.installation_secret(path), rec.login, issued, last_seen, rec.fingerprint)
    return f"{rec.login}|{issued}|{last_seen}|{sig}"


def check_token(path: Path, token, now: float | None = None) -> tuple[User | None, str]:
    """(user, '') for a valid token; (None, Russian reason) otherwise. The role comes from the users file."""
    now = time.time() if now is None else now
    if not isinstance(token, str) or token.count("|") != 3:
        return None, ""
    login, issued_s, seen_s, sig = token.split("|")
    try:
        issued, seen = int(issued_s), int(seen_s)
    except ValueError:
        return None, ""
    rec = users_mod.UserStore(path).get(login)
    if rec is None:
        return None, "Пользователь не найден: войдите снова"
    good = _sign(users_mod.installation_secret(path), rec.login, issued, seen, rec.fingerprint)
    if not hmac.compare_digest(good, sig):
        return None, "Сеанс недействителен: войдите снова"
    if now - seen > idle_timeout_s() or now - issued > max_session_s() or seen > now + 60:
        return None, "Сеанс истёк: войдите снова"
    if not sessions.is_open(path, rec.login, issued):  # signed out, or revoked by the administrator
        return None, "Сеанс завершён: войдите снова"
    return User(rec.login, rec.name, rec.role, municipalities=rec.scope), ""


# ---------------------------------------------------------------------------------------------
# Who is signed in (no rendering)

def _cookie_token() -> str | None:
    """The token the browser kept from an earlier session of this tab or window (read when the session starts)."""
    from urllib.parse import unquote

    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser (AppTest, bare mode)
        return None
    return unquote(value) if isinstance(value, str) and value else None  # written percent-encoded


def cookie_needs_refresh(written: str | None, token: str, now: float | None = None) -> bool:
    """Write the token to the cookie at sign-in and then every COOKIE_REFRESH_S of activity, not on every run
    (each write is a small script in the page)."""
    now = time.time() if now is None else now
    if not written or written.count("|") != 3:
        return True
    w_login, w_issued, w_seen, _ = written.split("|")
    t_login, t_issued, _, _ = token.split("|")
    return (w_login, w_issued) != (t_login, t_issued) or now - int(w_seen) > COOKIE_REFRESH_S


def _write_cookie(token: str | None) -> None:
    """Set (or, with None, delete) the session cookie in the browser: a script in an invisible frame."""
    import json

    import streamlit.components.v1 as components

    value = "" if token is None else token
    age = 0 if token is None else int(max_session_s())
    components.html(
        "<script>const s = location.protocol === 'https:' ? '; Secure' : '';"
        f"parent.document.cookie = {json.dumps(COOKIE)} + '=' + encodeURIComponent({json.dumps(value)})"
        f" + '; path=/; max-age={age}; SameSite=Strict' + s;</script>", height=0)


def current_user() -> User | None:
    """The signed-in user re-read from the users file, or LOCAL_USER without a users file; None if nobody."""
    path = users_mod.users_path()
    if path is None:
        return LOCAL_USER
    if st.session_state.get(TOKEN_KEY) is None and not st.session_state.get(_SIGNED_OUT_KEY):
        kept = _cookie_token()  # a reloaded page: the browser still holds the signed token
        if kept is not None and check_token(path, kept)[0] is not None:
            st.session_state[TOKEN_KEY] = kept
            st.session_state[_COOKIE_SET_KEY] = kept
    try:
        user, reason = check_token(path, st.session_state.get(TOKEN_KEY))
    except users_mod.UsersError as e:  # a damaged users file: nobody gets in, and everybody is told why
        st.error(str(e), icon=":material/error:")
        st.stop()
    if user is None and st.session_state.get(TOKEN_KEY) is not None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[NOTICE_KEY] = reason or "Сеанс недействителен: войдите снова"
    return user


def _touch(path: Path, user: User) -> None:
    """Slide the idle timeout: re-sign the token with a new last_seen."""
    token = st.session_state.get(TOKEN_KEY, "")
    rec = users_mod.UserStore(path).get(user.login)
    if rec is None or token.count("|") != 3:
        return
    issued = int(token.split("|")[1])
    st.session_state[TOKEN_KEY] = _signed(path, rec, issued, int(time.time()))


def assert_role(min_role: str) -> User:
    """Right before a write: raise PermissionDenied unless the signed-in user has at least `min_role`."""
    user = current_user()
    if user is None:
        raise PermissionDenied("Нужно войти в систему")
    if not user.can(min_role):
        raise PermissionDenied(f"Недостаточно прав: действие доступно роли «{users_mod.ROLE_LABELS_RU[min_role]}»"
                               f" и выше, ваша роль — «{user.role_ru}»")
    return user


# ---------------------------------------------------------------------------------------------
# Rendering

def _login_form(path: Path) -> None:
    st.title("Вход в панель мониторинга профминимума")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice)
    if not path.exists():
        st.error("Файл пользователей не найден. Администратору: создайте первого пользователя командой "
                 "`python -m app.users add ЛОГИН --role admin`.")
        return
    with st.form("auth_login_form"):
        login = st.text_input("Логин", key="auth_login")
        password = st.text_input("Пароль", type="password", key="auth_password")
        submitted = st.form_submit_button("Войти", type="primary")
    if not submitted:
        st.caption("Нет учётной записи или забыли пароль — обратитесь к администратору панели.")
        return
    login = users_mod.normalize_login(login)
    if not login or not password:
        st.error("Введите логин и пароль")
        return
    address = _client_address()
    at = time.time()
    wait = login_guard.begin_attempt(path, login, address, now=at)  # counted before the check, under a lock
    if wait > 0:
        mins = max(1, int(wait // 60 + (1 if wait % 60 else 0)))
        st.error(f"Слишком много неудачных попыток входа. Повторите через {mins} "
                 f"{_minutes(mins)}.")
        return
    rec = users_mod.UserStore(path).verify(login, password)
    if rec is None:
        st.error("Неверный логин или пароль")
        return
    login_guard.succeeded(path, login, address, at)
    now = int(time.time())
    try:
        st.session_state[TOKEN_KEY] = make_token(path, rec, now, now)
    except users_mod.UsersError as e:  # an empty or damaged secret: nobody signs in, and is told why
        st.error(str(e), icon=":material/error:")
        return
    st.session_state.pop(_SIGNED_OUT_KEY, None)
    st.session_state.pop("auth_password", None)
    st.rerun()


def _client_address() -> str | None:
    """The client's address as the server sees it (None where there is none: AppTest, bare mode)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001
        return None
    return address if isinstance(address, str) and address else None


def _minutes(n: int) -> str:
    from etl.textru import plural

    return plural(n, "минуту", "минуты", "минут")


def _sidebar(user: User) -> None:
    with st.sidebar:
        if user.local_mode:
            st.warning("**Локальный режим**: файл пользователей не задан (переменная MONITORING_USERS), "
                       "вход не требуется, все работают с правами аналитика.", icon=":material/info:")
            return
        from app.ui import md_text  # (the charts' modules are not the login's)

        st.caption(f"Вы вошли как **{md_text(user.name)}** ({user.role_ru})")
        if st.button("Выйти", key="auth_logout", icon=":material/logout:"):
            token = st.session_state.get(TOKEN_KEY) or ""
            if token.count("|") == 3:  # the session ends on the server too: its cookie is worth nothing now
                sessions.revoke(users_mod.users_path(), token.split("|")[0], int(token.split("|")[1]))
            st.session_state.pop(TOKEN_KEY, None)
            st.session_state.pop(_COOKIE_SET_KEY, None)
            st.session_state[_SIGNED_OUT_KEY] = True
            st.rerun()
        token = st.session_state.get(TOKEN_KEY)
        if token and cookie_needs_refresh(st.session_state.get(_COOKIE_SET_KEY), token):
            _write_cookie(token)
            st.session_state[_COOKIE_SET_KEY] = token


def require_user() -> User:
    """The signed-in user; renders the login form and stops the script when nobody is signed in."""
    path = users_mod.users_path()
    if path is None:
        _sidebar(LOCAL_USER)
        return LOCAL_USER
    user = current_user()
    if user is None:
        global _REDRAW_ONCE
        if _REDRAW_ONCE:  # first run after a server start (old pages mode): redraw before anyone types
            _REDRAW_ONCE = False
            st.rerun()
        _no_navigation()
        if st.session_state.get(_SIGNED_OUT_KEY) is True:  # signed out: the browser forgets the session too
            with st.sidebar:
                _write_cookie(None)
            st.session_state[_SIGNED_OUT_KEY] = "cookie deleted"
        _login_form(path)
        st.stop()
    _touch(path, user)
    _sidebar(user)
    return user


def _no_navigation() -> None:
    """Before sign-in the sidebar lists no page. Streamlit's first run after a server start would list the files
    of `pages/` («dashboard, agreements, …, users»): a hidden navigation of the pages replaces that list and keeps
    the URL the visitor typed (after sign-in dashboard.py builds the role's own navigation and opens it)."""
    from app import nav

    st.navigation([st.Page(str(nav.ROOT / p.path), title=p.title, url_path=p.url_path, default=i == 0)
                   for i, p in enumerate(nav.PAGES)], position="hidden")


def require_role(min_role: str) -> User:
    """Top of every page that writes: the signed-in user with at least `min_role`, or a Russian refusal + stop."""
    path = users_mod.users_path()
    user = current_user()
    if user is None:
        _login_form(path)
        st.stop()
    if not user.can(min_role):
        st.error(f"Недостаточно прав: страница доступна роли «{users_mod.ROLE_LABELS_RU[min_role]}» и выше. "
                 f"Ваша роль — «{user.role_ru}».", icon=":material/block:")
        st.stop()
    return user
