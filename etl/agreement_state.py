"""Whether each agreement is in force: when the form has no column of its state, from its validity («Срок действия:
по 31.08.2024», «бессрочно») or from its notes («расторгнут 01.03.2024») — the rules leave out the ended ones
(`ended_by_validity`); beside a column of its state, a validity that ended is said (`state_against_validity`)."""
from __future__ import annotations

import re

from etl import meaning, normalize, periods
from etl.agreement_fields import dated_requisites
from etl.catalogue import header_key
from etl.model import Problem
from etl.normalize import parse_in_force
from etl.textru import plural, some_of

_UNTIL = re.compile(r"(?:^|\s)по\s+\d|\d\s*[-–—]\s*\d", re.IGNORECASE)  # a validity with its end
VALIDITY_WHY = "срок действия договора: договор, срок которого закончился до конца периода, не действует"


def in_force_from_validity(st, cmap, samples) -> None:
    """Agreements with no «state» column but one of their validity («Срок действия»: «по 31.08.2024», a date, a
    range) beside the agreement's date: the validity says whether the agreement is in force at the period's end
    (`ended_by_validity` below)."""
    if st.kind != "agreements" or "in_force" in cmap.fields or \
            ("signed_on" not in cmap.fields and not dated_requisites(cmap, samples)):
        return
    for c in cmap.unmatched:
        values = [v for v in samples.get(c.index, []) if v is not None and str(v).strip()]
        # dates, terms («5 лет») and «бессрочно» (one other text is asked about as a row's error, never a reason
        # to count every agreement of the file as in force); of «Срок действия | с | по» the end, never the start
        known = sum(1 for v in values if parse_in_force(v)[1] is None)
        if c.index not in cmap.left_out and "validity" in meaning.read(tuple(c.parts)).concepts and values and \
                2 * known > len(values) and not (len(c.parts) > 1 and _START.fullmatch(header_key(c.parts[-1]))):
            cmap.take("in_force", c.index, VALIDITY_WHY)
            return


_START = re.compile(r"с|от|начало|дата начала|начала действия")


def validity_beside_state(st, sheet, t, cmap) -> None:
    """A column of the validity («Срок действия: до 31.08.2023») beside the column of the state («действует»): the
    state is loaded; the validity is kept per row (sheet, Excel row) for the rules to say where the two disagree
    (`state_against_validity` below)."""
    if st.kind != "agreements" or "in_force" not in cmap.fields or cmap.why.get("in_force") == VALIDITY_WHY:
        return
    for c in cmap.unmatched:
        if c.index not in cmap.left_out and "validity" in meaning.read(tuple(c.parts)).concepts and \
                not (len(c.parts) > 1 and _START.fullmatch(header_key(c.parts[-1]))):
            got = sheet.cells(c.index, t.data_rows).values()
            st.validity.update(((sheet.name, r + 1), v) for r, v in zip(t.data_rows, got) if v is not None)
            return


def ended_by_validity(st) -> None:
    """Agreements dated by their validity («с 01.09.2022 по 31.08.2024»: its start is the date) whose end came
    before the period's end: not in force at the reporting date (then left out and said, as «расторгнут»)."""
    end, in_force = st.period_end, st.out.get("in_force")
    if st.kind != "agreements" or end is None or in_force is None:
        return
    # the date column holding the validity («с … по …»: its start is the date), or a column of the validity itself
    # beside the date («по 31.08.2024», a date: its end) — etl/agreement_fields.py
    signed = _signed(st, len(in_force))
    for f, ranges_only in (("signed_on", True), ("in_force", False)):
        raw = st.cols.get(f) or []
        if len(raw) != len(in_force):
            continue
        for i, v in enumerate(raw):
            if in_force[i] is not None or v is None or (ranges_only and not (isinstance(v, str) and _UNTIL.search(v))):
                continue
            until = _validity_end(v, signed[i], ranges_only)
            if until is not None and until < end and not (ranges_only and until == normalize.extract_date(v)):
                in_force[i] = False
    # beside a column of the state, a row whose state is not given: its validity says (t92: «до 31.08.2023» with an
    # empty «Статус договора» was counted in force at 31.12.2023)
    for i, ok in enumerate(in_force):
        v = st.validity.get((st.source_sheet[i], st.source_row[i])) if ok is None and st.validity else None
        until = _validity_end(v, signed[i]) if v is not None else None
        if until is not None and until < end:
            in_force[i] = False


def _signed(st, n: int) -> list:
    """The agreements' dates: their column's, else the one written in their requisites («№ 1 от 01.09.2022»: taken
    to its own field only by the checks that run after the rows are kept — etl/validate.py)."""
    signed = st.out.get("signed_on") or [None] * n
    nos = st.out.get("agreement_no") or [None] * n
    return [s if s is not None or not isinstance(no, str) else normalize.agreement_date(no)[0]
            for s, no in zip(signed, nos)]


def _validity_end(v, signed, ranges_only: bool = False):
    """The last day of an agreement's validity: its date or a range's end («по 31.08.2024»), or a term («5 лет») from
    the agreement's date `signed`; None for none («бессрочно», «до 30.06.2023 (автопролонгация)»: it goes on — t92)
    — `ranges_only`: a term is none."""
    if isinstance(v, str) and normalize.OPEN_ENDED.search(normalize.norm_key(v)):
        return None
    until = periods.deadline_of(v)
    term = None if ranges_only or until is not None else normalize.term_months(v)
    if term and signed is not None:  # «5 лет» from the agreement's date
        until = _months_after(signed, term)
    return until


def state_against_validity(st) -> None:
    """Agreements said to be in force («действует») whose validity, written beside, ended before the period's end
    («до 31.08.2023» in a report at 31.12.2023): loaded as the state says, the rows said."""
    end, state = st.period_end, st.out.get("in_force")
    if not st.validity or end is None or not state:
        return
    signed = st.out.get("signed_on") or [None] * len(state)
    odd = []
    for i, ok in enumerate(state):
        v = st.validity.get((st.source_sheet[i], st.source_row[i])) if ok else None
        until = _validity_end(v, signed[i]) if v is not None else None
        if until is not None and until < end:
            odd.append(f"{st.source_row[i]} («{f'{until:%d.%m.%Y}' if not isinstance(v, str) else v.strip()}»)")
    if odd:
        st.problems.append(Problem(
            st.name, None, None, None, None, "state_vs_validity",
            ("Договор отмечен как действующий, но срок его" if len(odd) == 1 else
             "Договоры отмечены как действующие, но срок их") + f" действия закончился до конца периода "
            f"({end:%d.%m.%Y}): {plural(len(odd), 'строка', 'строки', 'строк')} {some_of(odd, 3)} — "
            f"{'загружен как действующий' if len(odd) == 1 else 'загружены как действующие'}, по столбцу состояния",
            "Если договор продлён, укажите новый срок действия; если он прекратился — исправьте его состояние",
            "warning"))


def _months_after(d, months: int):
    """The last day of a term of `months` from the day `d` (01.09.2022 + 12 months → 31.08.2023)."""
    import calendar
    from datetime import date, timedelta

    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1])) - timedelta(days=1)
