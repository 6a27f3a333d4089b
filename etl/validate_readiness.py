"""The readiness form's rules (etl/validate.py runs them): coverage half filled or above the pupils, a school with no
data, too many pupils; one school twice — etl/school_repeats.py."""
from __future__ import annotations

import operator
from typing import Callable

from etl import normalize, readiness_gaps, schema, school_repeats
from etl.textru import group_digits

FIELD_LABELS_RU = schema.FIELD_LABELS_RU
Err = Callable[..., None]


def readiness(out: dict[str, list], n: int, err: Err, raw: dict) -> None:
    """`raw`: the cells as read — the municipalities as written (a unit merged into another by its own name,
    «Дзержинский»); a count written as words is an error of its own, not «not filled»."""
    units = raw.get("municipality")
    tot, cov = out["students_total"], out["students_covered"]
    # a column the table lacks (or left empty throughout) is said once for the sheet, not once per school
    whole_gap = tot.count(None) == n or cov.count(None) == n
    gaps = None in tot or None in cov
    if gaps and not whole_gap:
        for i, (t, c) in enumerate(zip(tot, cov)):
            if (t is None) != (c is None):
                given, missing = ("students_total", "students_covered") if c is None else \
                    ("students_covered", "students_total")
                written = raw.get(missing)
                if written is not None and len(written) == n and not normalize._empty(written[i]):
                    continue  # filled but unreadable («девятьсот сорок»): its parser said so
                err(i, missing, None, "coverage_half_filled",
                    f"Заполнено только «{FIELD_LABELS_RU[given]}», нет «{FIELD_LABELS_RU[missing]}»: "
                    "школа не учитывается в доле охвата",
                    "Впишите оба числа (если охвачено 0, поставьте 0)", severity="warning")
    readiness_gaps.without_data(out, n, err)
    readiness_gaps.criteria_blank(out, n, err)
    if gaps:
        over = [i for i, (t, c) in enumerate(zip(tot, cov)) if t is not None and c is not None and c > t]
    else:  # both filled throughout: one C-level comparison of the columns
        flags = list(map(operator.gt, cov, tot))
        over = [i for i, f in enumerate(flags) if f] if True in flags else []
    for i in over:
        err(i, "students_covered", cov[i], "covered_gt_total",
            f"Охвачено ({group_digits(str(cov[i]))}) больше, чем всего обучающихся ({group_digits(str(tot[i]))})",
            "Проверьте оба числа: охваченных не может быть больше, чем всего")
    _too_many(out, err)
    school_repeats.check(out, n, err, units)


# more in one school than a school has: (field, plausibility.csv threshold, rule, what, the hint) — more pupils of
# grades 6–11 (50 000: a typo, a municipality's total in a school's row); more navigators (t90: the pupils registered
# on the platform mapped as navigators — 410 in a school of 702 pupils — loaded with no word)
_TOO_MANY = (("students_total", "school_pupils_max", "implausible_pupils", "Обучающихся 6–11 классов",
              "Проверьте число: не опечатка ли это и не итог ли муниципалитета в строке ОО"),
             ("navigators", "school_navigators_max", "implausible_navigators", "Педагогов-навигаторов",
              "Проверьте, что в столбце педагоги-навигаторы, а не обучающиеся или другое число"))


def _too_many(out: dict[str, list], err: Err) -> None:
    """A count above what a school has (data/reference/plausibility.csv): said, with the number."""
    from etl.plausibility import checks

    for f, key, rule, what, hint in _TOO_MANY:
        most, vals = checks().get(key), out.get(f) or []
        if most is None or not any(v is not None and v > most for v in vals):
            continue
        for i, v in enumerate(vals):
            if v is not None and v > most:
                err(i, f, v, rule, f"{what} в одной ОО — {group_digits(str(v))}: больше, чем бывает в школе "
                    f"(до {group_digits(str(int(most)))})", hint, severity="warning")
