"""Failed sign-ins, counted atomically per login and per client address (`<users>.failures.json`, read and
written under an exclusive file lock, so parallel attempts cannot slip past the count).

An attempt is counted before the password is checked (and forgiven when it succeeds): 40 parallel guesses are 40
counted guesses. After MAX_FAILURES failures of a login within the last hour it waits FAILURE_WINDOW from the last
one, doubling with every further failure (up to MAX_WAIT); one address gets MAX_ADDRESS_FAILURES failures over all
logins (a spray of logins from one place) on the same terms, clients of no known address MAX_UNKNOWN_ADDRESS_FAILURES
together. An administrator locked out is let in by `python -m app.users unlock`, an address by `unlock --address`."""
from __future__ import annotations

import os
import time
from pathlib import Path

from app.locked_json import locked_json

MAX_FAILURES = int(os.environ.get("MONITORING_LOGIN_MAX_FAILURES", "5"))
MAX_ADDRESS_FAILURES = int(os.environ.get("MONITORING_LOGIN_MAX_ADDRESS_FAILURES", "20"))
# clients whose address the server does not see (Streamlit gives none for 127.0.0.1 — every visitor of a proxy on
# the same host that sends no X-Forwarded-For) share one count: a spray is still limited, at a limit high enough
# that one person's typos do not lock the others out
MAX_UNKNOWN_ADDRESS_FAILURES = int(os.environ.get("MONITORING_LOGIN_MAX_UNKNOWN_ADDRESS_FAILURES", "100"))
FAILURE_WINDOW = float(os.environ.get("MONITORING_LOGIN_WINDOW_S", "300"))
MAX_WAIT = 3600.0


def failures_path(users: Path) -> Path:
    return users.with_name(users.name + ".failures.json")


def _locked(users: Path):
    """The failure counts, read and written back under an exclusive lock."""
    return locked_json(failures_path(users))


def _wait(times: list[float], limit: int, now: float) -> float:
    """The wait after the failures of the last hour: none below the limit, then FAILURE_WINDOW from the last
    failure, doubled for every failure past the limit."""
    recent = sorted(t for t in times if now - t < MAX_WAIT)
    if len(recent) < limit:
        return 0.0
    wait = min(MAX_WAIT, FAILURE_WINDOW * 2 ** (len(recent) - limit))
    return max(0.0, wait - (now - recent[-1]))


def _keys(login: str, address: str | None) -> tuple[str, str]:
    return "login:" + login[:100], "addr:" + (address or "-")[:100]


def begin_attempt(users: Path, login: str, address: str | None, now: float | None = None) -> float:
    """Seconds to wait (> 0: refused, nothing counted), or 0: the attempt is counted and may go on."""
    now = time.time() if now is None else now
    login_key, addr_key = _keys(login, address)
    with _locked(users) as box:
        data = {k: [t for t in v if now - t < MAX_WAIT] for k, v in box[0].items() if isinstance(v, list)}
        wait = max(_wait(data.get(login_key, []), MAX_FAILURES, now),
                   _wait(data.get(addr_key, []), MAX_ADDRESS_FAILURES if address else MAX_UNKNOWN_ADDRESS_FAILURES,
                         now))
        if wait <= 0:
            for k in (login_key, addr_key):
                data[k] = data.get(k, [])[-100:] + [now]
        box[0] = {k: v for k, v in data.items() if v}
    return wait


def succeeded(users: Path, login: str, address: str | None, at: float | None = None) -> None:
    """A right password: the attempt just counted (`at`: the time `begin_attempt` counted it) is forgiven, and the
    login's earlier failures too — that attempt only, not the address's last one (t91: a guess counted between the
    start and the end of one's own sign-in was forgiven instead)."""
    login_key, addr_key = _keys(login, address)
    with _locked(users) as box:
        box[0].pop(login_key, None)
        times = box[0].get(addr_key)
        if times and at is not None and at in times:
            times.remove(at)
        elif times and at is None:
            times.pop()


def unlock(users: Path, login: str) -> bool:
    """Forget a login's failures (the administrator's way back in); False when there were none."""
    with _locked(users) as box:
        return box[0].pop(_keys(login, None)[0], None) is not None


def unlock_address(users: Path, address: str) -> bool:
    """Forget a client address's failures (everyone behind one proxy or NAT locked out by someone's guessing);
    False when there were none."""
    with _locked(users) as box:
        return box[0].pop(_keys("", address)[1], None) is not None
