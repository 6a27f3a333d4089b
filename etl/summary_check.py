"""A «Свод» sheet left out beside the municipalities' sheets (etl/tables.py) against what they give: it repeats their
totals, so a «Свод» figure of a municipality that differs from the sum of that municipality's records means one of
the two is wrong — a school row missing or mistyped on a sheet, or a «Свод» not updated (tester round t83: «Свод»
5 000 pupils, the Химки sheet 2 000). The sheets are loaded, as for a total row that differs from its schools
(etl/total_checks.py); the difference is said with both figures.

The «Свод» cells are taken while the sheets are still read (`stage`: per row its municipality as written and its
counts), then compared once the file's records, its region and its municipalities are parsed (`compare`)."""
from __future__ import annotations

from etl import normalize
from etl.model import Problem
from etl.schema import FIELD_TYPES
from etl.sheets import column_label
from etl.staged import Staged
from etl.textru import number_ru

SHOWN = 5  # differences said per «Свод» sheet, the rest counted


def stage(st: Staged) -> list[tuple[str, list]]:
    """Per left-out «Свод» with a municipality column: [(Excel row, municipality as written, figure, column, value)]."""
    out = []
    for sheet, t, cmap, _samples in st.summaries:
        if cmap is None or "municipality" not in cmap.fields:
            continue
        figures = [(f, i) for f, i in cmap.fields.items() if FIELD_TYPES.get(f) in ("int", "number")]
        if st.kind == "effectiveness":  # (a share is no sum of its schools' shares)
            figures += [(code, i) for code, i in cmap.wide_groups
                        if isinstance(code, str) and isinstance(i, int) and code not in st.cat.shares]
        if not figures:
            continue
        label = column_label(t)
        rows = list(t.data_rows)
        munis = sheet.cells(cmap.fields["municipality"], rows).values()
        cells = [(f, label(i), sheet.cells(i, rows).values()) for f, i in figures]
        got = [(r + 1, m, f, lab, v[k]) for k, (r, m) in enumerate(zip(rows, munis)) if isinstance(m, str)
               for f, lab, v in cells if v[k] is not None]
        if got:
            out.append((sheet.name, got))
    return out


def compare(st: Staged, staged: list[tuple[str, list]]) -> None:
    """Say each «Свод» figure of a municipality that differs from the sum of its records on the other sheets."""
    if not staged or not st.n:
        return
    mine = _sums(st)
    for sheet, got in staged:
        theirs: dict[tuple[str, str], tuple[float, int, str]] = {}
        for row, written, figure, label, raw in got:
            unit = st.reg.match(written, st.region)
            value, _err = normalize.parse_number(raw)
            if unit is None or value is None:  # (a total row, a text): not a municipality's figure
                continue
            key = (unit.municipality, figure)
            s, first, lab = theirs.get(key, (0.0, row, label))
            theirs[key] = (s + value, first, lab)
        differ = [(k, v, mine[k][0]) for k, v in theirs.items() if k in mine and abs(mine[k][0] - v[0]) > 1e-6]
        for (muni, _figure), (said, row, label), have in differ[:SHOWN]:
            st.problems.append(Problem(
                st.name, sheet, row, label, number_ru(said), "summary_sheet_differs",
                f"На листе «{sheet}» у муниципалитета {muni} в столбце {label} — {number_ru(said)}, а на его "
                f"листах в сумме {number_ru(have)}: загружены листы муниципалитетов, лист «{sheet}» — нет",
                "Проверьте, не пропущена ли строка ОО на листе муниципалитета и обновлён ли свод", "warning"))
        if len(differ) > SHOWN:
            st.problems.append(Problem(
                st.name, sheet, None, None, None, "summary_sheet_differs",
                f"На листе «{sheet}» не совпадают с суммой листов муниципалитетов ещё {len(differ) - SHOWN} чисел",
                "Проверьте свод и листы муниципалитетов", "warning"))


def _sums(st: Staged) -> dict[tuple[str, str], list[float]]:
    """(municipality, figure) -> [the sum of its records' values]."""
    out: dict[tuple[str, str], list[float]] = {}
    munis_ = st.out.get("municipality") or []
    if st.kind == "effectiveness":
        figures = [("value", st.out.get("indicator_code") or [])]
    else:
        figures = [(f, None) for f in st.out if FIELD_TYPES.get(f) in ("int", "number")]
    for f, codes in figures:
        vals = st.out.get(f) or []
        for i, (m, v) in enumerate(zip(munis_, vals)):
            if m is None or v is None or isinstance(v, bool):
                continue
            key = (m, codes[i] if codes is not None else f)
            if key[1] is None:
                continue
            out.setdefault(key, [0.0])[0] += float(v)
    return out

