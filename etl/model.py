"""Types shared by every ETL step."""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any

KINDS = ("readiness", "agreements", "events", "effectiveness", "roadmap")

KIND_LABELS_RU = {
    "readiness": "готовность ОО",
    "agreements": "договоры о сетевом взаимодействии",
    "events": "участие в мероприятиях",
    "effectiveness": "показатели эффективности",
    "roadmap": "дорожная карта",
}


@dataclass
class Problem:
    """One problem found in a file. Texts (message, hint) are Russian."""

    file: str
    sheet: str | None
    row: int | None  # 1-based Excel row number
    column: str | None  # Excel letter plus header, e.g. 'D «Уровень»'
    value: Any
    rule: str  # machine code, e.g. 'unknown_municipality'
    message: str
    hint: str = ""
    severity: str = "error"  # 'error' or 'warning'

    def as_dict(self) -> dict:
        d = asdict(self)
        d["value"] = None if self.value is None else str(self.value)
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
        if self.value not in (None, ""):
            s += f" (значение: «{self.value}»)"
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
