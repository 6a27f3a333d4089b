"""Types shared by every ETL step."""
from __future__ import annotations

import re
from dataclasses import dataclass, asdict
from datetime import date, datetime, time
from typing import Any

KINDS = ("readiness", "agreements", "events", "effectiveness", "roadmap")

# a load's status (load_log.status) as the pages and messages say it
LOAD_STATUS_RU = {
    "loaded": "загружено", "replaced": "заменено новой версией", "rejected": "отклонено",
    "duplicate": "повтор (уже загружен)", "rolled_back": "отменено откатом",
}
KIND_LABELS_RU = {
    "readiness": "готовность ОО",
    "agreements": "договоры о сетевом взаимодействии",
    "events": "участие в мероприятиях",
    "effectiveness": "показатели эффективности",
    "roadmap": "дорожная карта",
}


# The checks' codes and their severities, declared once in data/reference/rules.csv (as KOSTRA keeps them):
# «критическая» — the file cannot be loaded; «ошибка» — the row cannot be loaded until fixed (or loaded without
# its bad rows); «предупреждение» — loaded and shown.
LEVELS = ("критическая", "ошибка", "предупреждение")
UNDECLARED: set[str] = set()  # codes raised that the catalogue does not declare (a test keeps this empty)
MISMATCHED: set[str] = set()  # codes raised with a severity their declared level contradicts


def rules() -> dict[str, tuple[str, str]]:
    """code -> (level, Russian description), from data/reference/rules.csv (read once per process: every Problem
    looks its rule up)."""
    global _RULES
    if _RULES is None:
        from etl import reference

        _RULES = {r["code"]: (r["level"], r["description"]) for r in reference.rows("rules.csv")}
    return _RULES


_RULES: dict | None = None


@dataclass
class Problem:
    """One problem found in a file. Texts (message, hint) are Russian. Without a severity, the rule's declared
    level gives it."""

    file: str
    sheet: str | None
    row: int | None  # 1-based Excel row number
    column: str | None  # Excel letter plus header, e.g. 'D «Уровень»'
    value: Any
    rule: str  # machine code, e.g. 'unknown_municipality'
    message: str
    hint: str = ""
    severity: str | None = None  # 'error' or 'warning'; None: from the rule's declared level

    def __post_init__(self):
        declared = rules().get(self.rule)
        if declared is None:
            self.severity = self.severity or "error"
            UNDECLARED.add(f"{self.rule}|{self.severity}|{'file' if self.row is None else 'row'}")
            return
        warn = declared[0] == "предупреждение"
        if self.severity is None:
            self.severity = "warning" if warn else "error"
        elif (self.severity == "warning") != warn:
            MISMATCHED.add(f"{self.rule}: {self.severity} / {declared[0]}")

    @property
    def level(self) -> str:
        """«критическая» (the file cannot be loaded), «ошибка» (the row), «предупреждение»."""
        if self.severity == "warning":
            return "предупреждение"
        return "критическая" if self.row is None else "ошибка"

    @property
    def shown_value(self) -> str | None:
        """The cell's value as a Russian Excel shows it (40, not 40.0; 85,3; 15.09.2023; ИСТИНА)."""
        return cell_text(self.value)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["value"] = self.shown_value
        return d

    def text(self) -> str:
        """A one-line Russian description naming file, sheet, row and column."""
        where = [f"файл «{self.file}»"]
        if self.sheet:
            where.append(f"лист «{self.sheet}»")
        if self.row:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец {self.column}")
        s = ", ".join(where) + ": " + self.message
        shown = self.shown_value
        if shown:
            s += f" (значение: «{shown}»)"
        if self.hint:
            s += ". " + self.hint
        return s


class FileRejected(Exception):
    """The file cannot be loaded at all. str(e) is a Russian message naming the file."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("; ".join(p.text() for p in problems))


def cell_text(v: Any) -> str | None:
    """A raw cell value for messages and the quarantine, as a Russian Excel displays it: integral numbers without
    «.0», a decimal comma, dates as DD.MM.YYYY, booleans as ИСТИНА / ЛОЖЬ. None stays None."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "ИСТИНА" if v else "ЛОЖЬ"
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return str(v)
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.15g}".replace(".", ",")
    if isinstance(v, datetime):
        return v.strftime("%d.%m.%Y") if v.time() == time() else v.strftime("%d.%m.%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d.%m.%Y")
    if isinstance(v, time):
        return v.strftime("%H:%M")
    s = str(v)
    # control characters (ESC would drive a terminal, NUL breaks a download) are not shown; the cell keeps them
    return CONTROL.sub("", s) if CONTROL.search(s) else s


# control characters (C0 but tab and line breaks, DEL, C1) and bidirectional overrides: dropped from what a person
# reads (normalize.clean_text, file names, messages) and reported where a file carried them
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")


def once(problems: list[Problem]) -> list[Problem]:
    """Each problem said once: a cell read into several records (a municipality beside three indicators of a wide
    form) gives one line, not one per record."""
    seen: dict[tuple, Problem] = {}
    for p in problems:
        seen.setdefault((p.sheet, p.row, p.column, repr(p.value), p.rule, p.message, p.severity), p)
    return list(seen.values())


def col_letter(idx: int) -> str:
    """0-based column index → Excel letter (0 → A, 26 → AA)."""
    s = ""
    idx += 1
    while idx:
        idx, r = divmod(idx - 1, 26)
        s = chr(65 + r) + s
    return s


class DatabaseBusy(Exception):
    """Another process is writing; str(e) is Russian. (Here, not in etl.db, so that catching it does not
    import duckdb.)"""
