"""Rows of a school list broken down by class under a school — «6 класс», «10-11 классы», «6А», «Параллель 7-х
классов» (tester round t76, F09): parts of the school above, never schools of their own. Read as schools, two
schools' «6 класс» were «указан дважды», and a form whose schools had no figures on their own rows would have
loaded their classes as schools. Found by the school column's distinct texts (one RE2 pass), said once per school;
a school whose own row holds no figure while its classes do is refused: its total is not guessed."""
from __future__ import annotations

import numpy as np

from etl import arrow_ops
from etl.model import Problem
from etl.row_rules import clean, empty
from etl.school_rows import PER_SCHOOL, _leave
from etl.sheet import np_bool
from etl.textru import plural

R_CLASS = "класс ОО строкой выше («6 класс», «10-11 классы»)"
_KL = r"(?:кл(?:асс[а-яё]*)?\.?)"
_GRADE = r"(?:[1-9]|1[01])"
# a label that is only a grade or a class: «6 класс», «10-11 кл.», «9-е классы», «6А», «6 «Б»», «Параллель 7-х классов»
GRADE_ROW = (r"(?i)^\s*(?:" + _GRADE + r"(?:\s*[-–—]\s*" + _GRADE + r")?\s*(?:-?[ехы]{1,2})?\s*" + _KL +
             r"|" + _GRADE + r"\s*[«\"]?[а-яё][»\"]?(?:\s*" + _KL + r")?"
             r"|паралл[а-яё]*\s+" + _GRADE + r"(?:\s*-?[ехы]{1,2})?(?:\s*" + _KL + r")?)\s*$")


def drop(st, sheet, t, cmap, label) -> None:
    """The class rows under each school: taken out of the records (said once per school); a school with no figure
    of its own above its classes: an error of its row."""
    c = cmap.fields.get("school_name")
    if st.kind not in PER_SCHOOL or c is None or c >= sheet.width or len(t.data_rows) < 2:
        return
    distinct, codes = sheet.encoding(c)
    hit = np.append(np_bool(arrow_ops.match(distinct, GRADE_ROW), null=False), False)
    if not hit.any():
        return
    rows = np.asarray(t.data_rows, dtype=np.int64)
    graded = set(rows[hit[codes[rows]]].tolist())
    data, gone = set(t.data_rows), {}
    figures = [j for f, j in cmap.fields.items() if f not in ("school_name", "municipality", "level")] + \
        [j for _code, j in cmap.wide_groups]
    for r in sorted(graded):
        if r - 1 in graded or r - 1 not in data:
            continue  # (inside a run, or no school just above: a one-school form by class stays as it is)
        run = [r]
        while run[-1] + 1 in graded:
            run.append(run[-1] + 1)
        school = sheet.take([r - 1])[0]
        gone.update(dict.fromkeys(run, R_CLASS))
        rows_text = f"{run[0] + 1}–{run[-1] + 1}" if len(run) > 1 else str(run[0] + 1)
        name = clean(school[c])
        if figures and all(empty(school[j]) for j in figures if j < len(school)):
            st.problems.append(Problem(
                st.name, sheet.name, r, label(c), name, "school_only_by_classes",
                f"У ОО строки {r} «{name}» в её строке чисел нет, а в строках {rows_text} под ней — числа по "
                "классам: итог ОО по ним не угадывается, файл не загружен",
                "Впишите числа ОО (сумму по классам) в её строку — строки классов тогда не загружаются — и загрузите "
                "файл снова"))
            continue
        st.problems.append(Problem(
            st.name, sheet.name, run[0] + 1, label(c), clean(sheet.take([run[0]])[0][c]), "school_class_rows",
            f"{plural(len(run), 'Строка', 'Строки', 'Строки')} {rows_text} («{clean(sheet.take([run[0]])[0][c])}» …) — "
            f"классы ОО строки {r} «{name}»: их числа входят в числа ОО, отдельными ОО не загружены",
            "Если это отдельные ОО, впишите в этих строках их наименования", "warning"))
    _leave(t, gone)
