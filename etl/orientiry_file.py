"""A file of «Мои ориентиры» results (the diagnostics' platform: how many pupils passed it and at which level of
readiness) is a source of its own (etl/schema.py SEPARATE_SOURCES): it never replaces the municipality's
effectiveness form. Its «прошли диагностику» is the platform's own count, not the form's «прошли профориентационную
диагностику» — read as such when every other figure of the file is one of the platform's."""
from __future__ import annotations

from etl import schema
from etl.model import Problem
from etl.normalize import norm_key
from etl.textru import plural

_PREFIX = "orientiry_"
_PLATFORM = "мои ориентиры"


def passed_of_results(st) -> None:
    """«Кол-во уч-ся, прошедших диагностику» beside the levels of «Мои ориентиры» (or under a title naming it, with
    no other figure of the form): the platform's «прошли» (orientiry_passed), said once."""
    codes = st.out.get("indicator_code") or []
    present = set(codes) - {None}
    if st.kind != "effectiveness" or "diagnostics_done" not in present:
        return
    others = present - {"diagnostics_done"}
    named = _PLATFORM in norm_key(" ".join([*st.titles, *st.sheet_names, st.name]))
    if not (others or named) or any(not c.startswith(_PREFIX) for c in others):
        return
    n = sum(1 for c in codes if c == "diagnostics_done")
    codes[:] = [f"{_PREFIX}passed" if c == "diagnostics_done" else c for c in codes]
    names = schema.indicator_names()
    st.problems.append(Problem(
        st.name, None, None, None, None, "orientiry_passed_of_results",
        f"Файл — результаты диагностики «Мои ориентиры»: «{names.get('diagnostics_done')}» ({n} "
        f"{plural(n, 'значение', 'значения', 'значений')}) учтено как "
        f"«{names.get(_PREFIX + 'passed')}» — показатели формы эффективности этот файл не заменяет",
        "Если это показатели формы эффективности, загрузите их отдельным файлом без результатов «Мои ориентиры»",
        "warning"))
