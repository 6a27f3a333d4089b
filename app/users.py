"""The users file: logins, names, roles and bcrypt password hashes, kept outside the repository.

Path from the environment variable `MONITORING_USERS` (JSON, or CSV when the name ends in `.csv`).
No variable → local single-user mode (see `app.auth`). Next to the users file live the per-installation
secret that signs sessions (`<users>.secret`), the failed-login counter (`<users>.failures.json`, app.login_guard)
and the open sessions (`<users>.sessions.json`, app.sessions).

CLI (Russian messages):
    python -m app.users add LOGIN --role analyst --name "Иванова И. И."   # asks for the password
    python -m app.users list
    python -m app.users remove LOGIN
    python -m app.users passwd LOGIN [--password-stdin]
    python -m app.users role LOGIN viewer
    python -m app.users unlock LOGIN            # after too many failed sign-ins (--address ADDR: a client address)
    python -m app.users sessions [--revoke LOGIN]
"""
from __future__ import annotations

import argparse
import csv
import getpass
import hashlib
import io
import json
import os
import secrets
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import bcrypt

from app import login_guard, sessions

ROLES = ("viewer", "municipality", "analyst", "admin")
ROLE_LABELS_RU = {"viewer": "руководство (просмотр)", "municipality": "муниципальный координатор",
                  "analyst": "аналитик", "admin": "администратор"}
MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 72  # bcrypt uses only the first 72 bytes; longer passwords are refused, not cut
CSV_FIELDS = ["login", "name", "role", "password_hash", "created_at", "municipalities"]



class UsersError(Exception):
    """A user-management error; str(e) is Russian."""


def municipality_names() -> list[str]:
    """The active municipalities of every region, as a coordinator's scope keeps them (the choice of a scope):
    the name, or «код:название» for a name several regions have (`scope_label` shows it)."""
    from etl.registry import get_registry

    reg = get_registry()
    return sorted(_entry(reg, r["code"], m) for r in reg.regions() for m in reg.names(r["code"]))


def _entry(reg, region: str, name: str) -> str:
    """A unit as a scope keeps it: its name when the name alone means it, else with its region."""
    found = reg.match(name)
    return name if found is not None and (found.region_code, found.municipality) == (region, name) else \
        f"{region}:{name}"


def split_entry(entry: str) -> tuple[str | None, str]:
    """(region code or None, municipality) of a scope entry («52:Богородский» → ("52", "Богородский"))."""
    code, sep, name = entry.partition(":")
    return (code, name.strip()) if sep and code.strip().isdigit() else (None, entry.strip())


def scope_label(entry: str) -> str:
    """A scope entry as people read it: «Богородский (Нижегородская область)» for «52:Богородский»."""
    from etl.registry import get_registry

    code, name = split_entry(entry)
    region = get_registry().region(code) if code else None
    return f"{name} ({region['name']})" if region else name


def _scope_text(role: str, municipalities: list[str] | None, region: str | None = None) -> str:
    """The municipalities of a coordinator as canonical names («г.о. Химки» → «Химки»), joined by «;»; a name that
    units of several regions have is kept with its region («52:Богородский»), given by `region` or in the entry."""
    if role != "municipality":
        return ""
    from etl.registry import get_registry

    reg, names = get_registry(), []
    code = reg.region_code(region) if region else None
    if region and code is None:
        raise UsersError(f"Регион «{region}» не найден в справочнике")
    for m in municipalities or []:
        given, text = split_entry(m)
        if not text:
            continue
        where = given or code
        found = reg.match(text, where)
        if found is None:
            regions = [r for r in reg.regions() if (x := reg.match(text, r["code"])) and x.region_code == r["code"]]
            if len(regions) > 1:
                raise UsersError(f"Муниципалитет «{text}» есть в нескольких регионах ("
                                 + ", ".join(f"{r['name']} — {r['code']}" for r in regions)
                                 + f"): укажите регион, например --region {regions[0]['code']}")
            raise UsersError(f"Муниципалитет «{text}» не найден в справочнике")
        if where and found.region_code != where:
            raise UsersError(f"«{text}» — муниципалитет региона «{reg.region(found.region_code)['name']}», "
                             f"а не «{reg.region(where)['name']}»")
        names.append(_entry(reg, found.region_code, found.municipality))
    if not names:
        raise UsersError("Для муниципального координатора укажите его муниципалитеты (--municipality)")
    return ";".join(dict.fromkeys(names))


def users_path() -> Path | None:
    v = os.environ.get("MONITORING_USERS", "").strip()
    return Path(v).expanduser() if v else None


_STORES: dict[str, UserStore] = {}


def display_name(login: str) -> str | None:
    """The name the users file gives a login («Иванова И. И.»), None when there is none (no users file, a login
    removed since, a name never given): the history and the acceptance list say who by name."""
    path = users_path()
    if path is None:
        return None
    store = _STORES.setdefault(str(path), UserStore(path))  # (one per file: its reads are cached by mtime)
    try:
        rec = store.get(login)
    except UsersError:
        return None
    return rec.name if rec is not None and rec.name and rec.name != rec.login else None


def _rounds() -> int:
    return int(os.environ.get("MONITORING_BCRYPT_ROUNDS", "12"))


def normalize_login(login: str) -> str:
    return (login or "").strip().lower()


def hash_password(password: str) -> str:
    check_password_rules(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=_rounds())).decode("ascii")


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UsersError(f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD} символов")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise UsersError("Пароль слишком длинный: не больше 72 байт (около 36 русских букв)")


_DUMMY_HASH = None


def _check(password: str, pw_hash: str | None) -> bool:
    """bcrypt check; an unknown login costs the same time as a known one."""
    global _DUMMY_HASH
    pw = (password or "").encode("utf-8")
    if len(pw) > MAX_PASSWORD_BYTES:
        return False
    if not pw_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = bcrypt.hashpw(b"dummy-password", bcrypt.gensalt(rounds=_rounds()))
        bcrypt.checkpw(pw, _DUMMY_HASH)
        return False
    try:
        return bcrypt.checkpw(pw, pw_hash.encode("ascii"))
    except ValueError:
        return False


@dataclass(frozen=True)
class UserRecord:
    login: str
    name: str
    role: str
    password_hash: str
    created_at: str = ""
    municipalities: str = ""  # «Химки;Мытищи;52:Богородский»: the only municipalities a municipal coordinator sees

    @property
    def scope(self) -> tuple[str, ...]:
        return tuple(m.strip() for m in self.municipalities.split(";") if m.strip())

    @property
    def fingerprint(self) -> str:
        """Changes when the password changes: sessions signed before a password reset stop working.
        (The role is not part of it: it is re-read from the file on every run and applies at once.)"""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


def _atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class UserStore:
    """The users file. Every read goes to disk (cached by mtime), so role changes apply at the next rerun."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._cache: tuple[float, int, dict[str, UserRecord]] | None = None

    # -- reading / writing
    @property
    def is_csv(self) -> bool:
        return self.path.suffix.lower() == ".csv"

    def load(self) -> dict[str, UserRecord]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        if self._cache and self._cache[:2] == (st.st_mtime, st.st_size):
            return self._cache[2]
        out: dict[str, UserRecord] = {}
        try:
            text = self.path.read_text(encoding="utf-8-sig")
            if self.is_csv:
                rows = list(csv.DictReader(io.StringIO(text)))
            else:
                data = json.loads(text) if text.strip() else {}
                rows = data.get("users", []) if isinstance(data, dict) else data
            rows = [r for r in rows if isinstance(r, dict)]
        except (OSError, ValueError, csv.Error) as e:
            raise UsersError(f"Файл пользователей «{self.path}» не читается или повреждён. "
                             "Администратору: проверьте файл или восстановите его из резервной копии") from e
        for r in rows:
            login = normalize_login(r.get("login", ""))
            role = (r.get("role") or "").strip()
            if not login or role not in ROLES:
                continue
            raw = r.get("municipalities") or ""
            names = raw if isinstance(raw, list) else str(raw).split(";")  # a hand-written list is read too
            scope = ";".join(m.strip() for m in names if isinstance(m, str) and m.strip())
            if role == "municipality" and not scope:
                continue  # a coordinator without municipalities would see nothing (or, worse, everything)
            out[login] = UserRecord(login, (r.get("name") or login).strip(), role,
                                    (r.get("password_hash") or "").strip(), r.get("created_at") or "", scope)
        self._cache = (st.st_mtime, st.st_size, out)
        return out

    def save(self, users: dict[str, UserRecord]) -> None:
        recs = [asdict(u) for u in sorted(users.values(), key=lambda u: u.login)]
        if self.is_csv:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
            w.writeheader()
            w.writerows(recs)
            text = buf.getvalue()
        else:
            text = json.dumps({"version": 1, "users": recs}, ensure_ascii=False, indent=1) + "\n"
        _atomic_write(self.path, text)
        self._cache = None

    # -- queries
    def get(self, login: str) -> UserRecord | None:
        return self.load().get(normalize_login(login))

    def list(self) -> list[UserRecord]:
        return sorted(self.load().values(), key=lambda u: u.login)

    def verify(self, login: str, password: str) -> UserRecord | None:
        u = self.get(login)
        ok = _check(password, u.password_hash if u else None)
        return u if (u and ok) else None

    # -- changes
    def add(self, login: str, name: str, role: str, password: str, municipalities: list[str] | None = None,
            region: str | None = None) -> UserRecord:
        login = normalize_login(login)
        if not login or any(c in login for c in " |,;\t\n\"'"):
            raise UsersError("Логин не может быть пустым и не может содержать пробелы, кавычки и знаки , ; |")
        if role not in ROLES:
            raise UsersError(f"Неизвестная роль «{role}»: допустимы {', '.join(ROLES)}")
        users = dict(self.load())
        if login in users:
            raise UsersError(f"Пользователь «{login}» уже есть")
        rec = UserRecord(login, (name or login).strip(), role, hash_password(password),
                         datetime.now().isoformat(timespec="seconds"), _scope_text(role, municipalities, region))
        users[login] = rec
        self.save(users)
        return rec

    def _replace(self, login: str, **changes) -> UserRecord:
        login = normalize_login(login)
        users = dict(self.load())
        if login not in users:
            raise UsersError(f"Пользователь «{login}» не найден")
        old = users[login]
        rec = UserRecord(**{**asdict(old), **changes})
        users[login] = rec
        self.save(users)
        return rec

    def set_password(self, login: str, password: str) -> UserRecord:
        """A new password ends every open session of the user."""
        rec = self._replace(login, password_hash=hash_password(password))
        sessions.revoke(self.path, rec.login)
        return rec

    def set_role(self, login: str, role: str, municipalities: list[str] | None = None,
                 region: str | None = None) -> UserRecord:
        if role not in ROLES:
            raise UsersError(f"Неизвестная роль «{role}»: допустимы {', '.join(ROLES)}")
        if role != "admin":
            self._ensure_other_admin(login)
        return self._replace(login, role=role, municipalities=_scope_text(role, municipalities, region))

    def remove(self, login: str) -> None:
        login = normalize_login(login)
        users = dict(self.load())
        if login not in users:
            raise UsersError(f"Пользователь «{login}» не найден")
        self._ensure_other_admin(login)
        del users[login]
        self.save(users)

    def _ensure_other_admin(self, login: str) -> None:
        users = self.load()
        u = users.get(normalize_login(login))
        if u and u.role == "admin" and not any(x.role == "admin" and x.login != u.login for x in users.values()):
            raise UsersError("Нельзя убрать последнего администратора: сначала назначьте другого")


# ---------------------------------------------------------------------------------------------
# The per-installation secret and the failed-login counter, next to the users file

def secret_path(users: Path) -> Path:
    return users.with_name(users.name + ".secret")


def installation_secret(users: Path) -> bytes:
    """32 random bytes created once (mode 0600); signs the session tokens of this installation."""
    p = secret_path(users)
    try:
        data = p.read_bytes().strip()
        if len(data) >= 32:
            return data
        # an empty or cut secret would sign sessions with a key anyone can guess: nobody signs in until it is fixed
        raise UsersError(f"Файл секрета сеансов «{p}» пуст или повреждён: вход невозможен. Администратору: удалите "
                         "этот файл — программа создаст новый (все пользователи войдут заново).")
    except FileNotFoundError:
        pass
    p.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it meanwhile
        time.sleep(0.05)
        return installation_secret(users)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_hex(32).encode("ascii"))
    return p.read_bytes().strip()


# ---------------------------------------------------------------------------------------------
# CLI

def _read_password(a, confirm: bool = True) -> str:
    if a.password_stdin:
        pw = sys.stdin.readline().rstrip("\r\n")
    else:
        pw = getpass.getpass("Пароль: ")
        if confirm and getpass.getpass("Повторите пароль: ") != pw:
            raise UsersError("Пароли не совпадают")
    return pw


REGION_HELP = "регион муниципалитетов (код или название), если такое название есть в нескольких регионах"


def main(argv: list[str] | None = None) -> int:
    from etl.cli_ru import russian_argparse

    russian_argparse()
    ap = argparse.ArgumentParser(prog="python -m app.users",
                                 description="Пользователи панели мониторинга (файл из MONITORING_USERS)")
    ap.add_argument("--file", help="файл пользователей (по умолчанию $MONITORING_USERS)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("add", help="добавить пользователя (пароль спрашивается)")
    p.add_argument("login")
    p.add_argument("--role", required=True, choices=ROLES, help="viewer — руководство, municipality — "
                   "муниципальный координатор (видит только свои муниципалитеты), analyst — аналитик, "
                   "admin — администратор")
    p.add_argument("--municipality", action="append", default=[],
                   help="муниципалитет координатора (можно повторить)")
    p.add_argument("--region", help=REGION_HELP)
    p.add_argument("--name", default="", help="имя для отображения")
    p.add_argument("--password-stdin", action="store_true", help="прочитать пароль из стандартного ввода")
    sub.add_parser("list", help="список пользователей")
    p = sub.add_parser("remove", help="удалить пользователя")
    p.add_argument("login")
    p = sub.add_parser("passwd", help="сменить пароль")
    p.add_argument("login")
    p.add_argument("--password-stdin", action="store_true", help="прочитать пароль из стандартного ввода")
    p = sub.add_parser("unlock", help="разблокировать вход после неудачных попыток (например, администратора)")
    p.add_argument("login", nargs="?")
    p.add_argument("--address", help="разблокировать адрес клиента (все, кто входит через один прокси или NAT)")
    p = sub.add_parser("sessions", help="открытые сеансы; --revoke ЛОГИН завершает все сеансы пользователя")
    p.add_argument("--revoke", metavar="ЛОГИН")
    p = sub.add_parser("role", help="сменить роль")
    p.add_argument("login")
    p.add_argument("role", choices=ROLES)
    p.add_argument("--municipality", action="append", default=[], help="муниципалитет координатора")
    p.add_argument("--region", help=REGION_HELP)
    a = ap.parse_args(argv)
    path = Path(a.file) if a.file else users_path()
    if path is None:
        print("Не задан файл пользователей: укажите --file или переменную окружения MONITORING_USERS",
              file=sys.stderr)
        return 2
    store = UserStore(path)
    try:
        if a.cmd == "add":
            if store.get(a.login):
                raise UsersError(f"Пользователь «{normalize_login(a.login)}» уже есть")
            rec = store.add(a.login, a.name, a.role, _read_password(a), a.municipality, a.region)
            installation_secret(path)
            print(f"Добавлен пользователь «{rec.login}» ({ROLE_LABELS_RU[rec.role]})")
        elif a.cmd == "list":
            users = store.list()
            if not users:
                print("Пользователей нет")
            for u in users:
                scope = ", ".join(map(scope_label, u.scope))
                print(f"{u.login}\t{u.role}\t{u.name}" + (f"\t{scope}" if scope else ""))
        elif a.cmd == "remove":
            store.remove(a.login)
            print(f"Пользователь «{normalize_login(a.login)}» удалён")
        elif a.cmd == "passwd":
            if not store.get(a.login):
                raise UsersError(f"Пользователь «{normalize_login(a.login)}» не найден")
            store.set_password(a.login, _read_password(a))
            print(f"Пароль пользователя «{normalize_login(a.login)}» изменён; его сеансы завершены")
        elif a.cmd == "unlock":
            if not a.login and not a.address:
                raise UsersError("Укажите логин или --address АДРЕС")
            if a.address:
                done = login_guard.unlock_address(path, a.address.strip())
                print(f"Вход с адреса {a.address.strip()} разблокирован" if done else
                      f"С адреса {a.address.strip()} не было неудачных попыток входа")
            if a.login:
                done = login_guard.unlock(path, normalize_login(a.login))
                print(f"Вход для «{normalize_login(a.login)}» разблокирован" if done else
                      f"У «{normalize_login(a.login)}» не было неудачных попыток входа")
        elif a.cmd == "sessions":
            if a.revoke:
                n = sessions.revoke(path, normalize_login(a.revoke))
                print(f"Завершено сеансов пользователя «{normalize_login(a.revoke)}»: {n}")
            else:
                rows = sessions.listing(path)
                if not rows:
                    print("Открытых сеансов нет")
                for r in rows:
                    print(f"{r['login']}\tвход {time.strftime('%d.%m.%Y %H:%M', time.localtime(r['issued']))}")
        elif a.cmd == "role":
            store.set_role(a.login, a.role, a.municipality, a.region)
            print(f"Роль пользователя «{normalize_login(a.login)}»: {ROLE_LABELS_RU[a.role]}")
    except UsersError as e:
        print(f"✗ {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
