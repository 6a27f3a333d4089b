"""Workbooks and app helpers for the upload / history / tracker / concurrency tests."""
from __future__ import annotations

from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD = ["Муниципальное образование", "Наименование ОО", "Уровень профминимума", "Назначен ответственный",
        "Обучающихся 6-11 классов, всего", "Из них охвачено"]
CRITERIA = [("План реализации утверждён", "да", "план"), ("Педагогов-навигаторов", 1, "навигатор"),
            ("Зарегистрирована на платформе «Билет в будущее»", "да", "билет")]


def readiness_xlsx(path: Path, rows: list[tuple], title: str | None = "Мониторинг готовности ОО за III квартал "
                   "2023 года", extra_header: str | None = None, without: str = "") -> Path:
    """A readiness form: an optional title row, one header row, records. Row 3 is the first record. `without`: a
    word of a criterion's header whose column the form has not («навигатор»)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append([title] if title else ["Мониторинг готовности ОО"])
    head = HEAD + ([extra_header] if extra_header else [])
    # every readiness criterion given (a form without one is warned about), unless the extra column is one
    crit = [(h, v) for h, v, word in CRITERIA if word not in (extra_header or "").lower() and word != without]
    width = max([len(head)] + [len(r) for r in rows])  # (a row may hold a value under no header: kept so)
    ws.append(head + [None] * (width - len(head)) + [h for h, _v in crit])
    for r in rows:
        ws.append(list(r) + [None] * (width - len(r)) + [v for _h, v in crit])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def form_xlsx(path: Path, above: list[str], header: list, rows: list[list], sheet: str = "Лист1") -> Path:
    """A form as a coordinator types it: title lines (one cell each), one header row, records."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for line in above:
        ws.append([line] if line else [])
    ws.append(header)
    for r in rows:
        ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def clean_rows(muni: str = "Химки", n: int = 3, total: int = 100) -> list[tuple]:
    return [(muni, f"СОШ № {i + 1}", "базовый", "да", total, total // 2) for i in range(n)]


def set_input_value(at, key: str, value):
    at.text_input(key=key).set_value(value)
    return at


def page_app(page: str, session: dict | None = None, run: bool = True):
    """A page as the app runs it: dashboard.py (sign-in, navigation) with `pages/<page>` open; `session` is set
    in the session state first (a sign-in token, say)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in (session or {}).items():
        at.session_state[k] = v
    at.switch_page(f"pages/{page}")
    return at.run() if run else at


def rows_xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    """A sheet of these rows as they stand (title, header rows, records) with these merged cells."""
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    for m in merges:
        wb.active.merge_cells(m)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path

