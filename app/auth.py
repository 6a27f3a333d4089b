"""Users and roles. Minimal: local single-user mode (analyst rights). Extended by the access-control work."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    login: str
    name: str
    role: str  # viewer | analyst | admin
    local_mode: bool = False


LOCAL_USER = User("local", "Локальный пользователь", "analyst", local_mode=True)


def require_user() -> User:
    """The signed-in user; renders the login form and stops the script when nobody is signed in."""
    return LOCAL_USER
