"""Server-side sessions (`<users>.sessions.json`, under an exclusive file lock): a signed token is valid only while
its session is in this table and not revoked. Signing out revokes the session at once (a copied cookie then stops
working), so does a password change for all of that user's sessions, and the administrator can revoke a user's
sessions with `python -m app.users sessions --revoke LOGIN`."""
from __future__ import annotations

from pathlib import Path

from app.locked_json import locked_json


def sessions_path(users: Path) -> Path:
    return users.with_name(users.name + ".sessions.json")


def _locked(users: Path, write: bool = True):
    return locked_json(sessions_path(users), write)


def _key(login: str, issued: int) -> str:
    return f"{login}|{int(issued)}"


def open_session(users: Path, login: str, issued: int, max_age_s: float) -> None:
    """Register a session at sign-in (sessions past their lifetime are dropped meanwhile)."""
    with _locked(users) as box:  # (issued is «now» at a sign-in)
        data = {k: v for k, v in box[0].items() if int(issued) - v.get("issued", 0) < max_age_s}
        data.setdefault(_key(login, issued), {"login": login, "issued": int(issued), "revoked": False})
        box[0] = data


def is_open(users: Path, login: str, issued: int) -> bool:
    with _locked(users, write=False) as box:
        s = box[0].get(_key(login, issued))
    return bool(s) and not s.get("revoked")


def revoke(users: Path, login: str, issued: int | None = None) -> int:
    """Revoke one session (or, without `issued`, every session of the login); the number revoked."""
    n = 0
    with _locked(users) as box:
        for k, v in box[0].items():
            if v.get("login") == login and (issued is None or v.get("issued") == int(issued)) and not v["revoked"]:
                v["revoked"] = True
                n += 1
    return n


def listing(users: Path) -> list[dict]:
    with _locked(users, write=False) as box:
        return [v for v in box[0].values() if not v.get("revoked")]
