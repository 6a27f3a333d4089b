"""Rows of a school list where the school's name is no school but a figure of the table or the education authority
(step «plan a sheet»): «Среднее по г.о.», «Доля охвата, %», «АППГ (IV кв. 2023 г.)», «План на 2024 год»,
«Справочно: 2023 год», «Целевой показатель» under the total; «Управление образования … (МОУО)» above the schools.
Loaded, each was one school more (with the table's sums, its «да»). Left out, named in a warning."""
from __future__ import annotations

import numpy as np

from etl import arrow_ops
from etl.model import Problem
from etl.row_rules import ANOTHER_TIME, R_SUMMARY, clean
from etl.sheet import indices, np_bool
from etl.textru import some_of

# in both regex dialects (Python's re and Arrow's RE2: no \b for Cyrillic)
_END = r"([^а-яё]|$)"
STAT_PATTERN = (r"^\s*(аппг" + _END + r"|(в\s+)?средн(ее|ий|яя)\s+(по|на|значени|показател|охват|числ|количеств|доля"
                r"|арифмет)|доля" + _END + r"|удельн[а-яё]*\s+вес|процент|%|план\s+на|планов[а-яё]*\s+(значени|"
                r"показател)|" + ANOTHER_TIME + r"|отклонени|динамик|прирост" + _END + r"|темп\s+роста|справочн|целев|"
                r"норматив)")
AUTHORITY_PATTERN = (r"(управлени[а-яё]*|отдел[а-яё]*|комитет[а-яё]*|департамент[а-яё]*|министерств[а-яё]*)\s+(по\s+)?"
                     r"образовани|(^|[^а-яё])моуо" + _END)
# (a figure of another time wherever the name says so: «2023 год (для сравнения)»)
_ANY = "(?i)" + STAT_PATTERN + "|" + AUTHORITY_PATTERN + "|" + ANOTHER_TIME  # (RE2 folds Cyrillic case)
_FIGURES = "(?i)" + STAT_PATTERN + "|" + ANOTHER_TIME
KINDS = ("readiness", "effectiveness", "events")  # lists of schools (an events form's: their events beside)


def drop(st, sheet, t, cmap, label) -> None:
    """Take the rows whose school name is a figure of the table or the authority out of the records, said once; in a
    list of municipalities (no school column), the rows whose municipality is a figure of the table («АППГ (I кв.
    2023)», «План на 2025 год» under the total — tester round t78: refused as unknown municipalities)."""
    c = cmap.fields.get("school_name")
    of_munis = c is None
    if of_munis:
        c = cmap.fields.get("municipality")
    if st.kind not in KINDS or c is None or c >= sheet.width or not t.data_rows:
        return
    d, codes = sheet.encoding(c)
    rows = np.asarray(t.data_rows, dtype=np.int64)
    at = codes[rows]
    bad = np.zeros(len(d) + 1, bool)  # per distinct name (an empty cell last): a figure or the authority
    # (one pass of RE2 over the distinct names; a municipality's authority may be the municipality itself)
    bad[:-1] = np_bool(arrow_ops.match(d, _FIGURES if of_munis else _ANY), null=False)
    bad &= np.bincount(at, minlength=len(d) + 1) > 0
    if not bad.any():
        return
    gone = rows[bad[at]].tolist()
    names = sheet.values(arrow_ops.take(d, indices(at[bad[at]])))
    t.data_rows = [r for r in t.data_rows if not bad[codes[r]]]
    t.skipped.extend((r, R_SUMMARY) for r in gone)
    shown = [f"{r + 1} «{clean(str(v))}»" for r, v in zip(gone, names)]
    st.problems.append(Problem(
        st.name, sheet.name, gone[0] + 1, label(c), None, "summary_rows",
        f"{'Строка' if len(gone) == 1 else 'Строки'} {some_of(shown, 5)} — "
        + ("не муниципалитет (сводная строка таблицы: другой период, план, среднее)" if of_munis else
           "не ОО (сводная строка таблицы или орган управления образованием)")
        + f": не {'загружена' if len(gone) == 1 else 'загружены'}",
        "Если это муниципалитет, запишите его название, как в справочнике" if of_munis else
        "Если это ОО, запишите её наименование полностью (тип и номер: «МБОУ СОШ № 5»)", "warning"))
