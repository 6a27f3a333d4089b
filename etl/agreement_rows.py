"""Rows of an agreements form that hold no agreement: a school's row saying it has none («нет», «-», «не
заключён»: the schools without one are counted from the readiness form), an agreement not signed yet written where
its partner is («в стадии заключения (САХГУ)»). Left out of the load and said once each."""
from __future__ import annotations

import re

from etl.model import Problem
from etl.normalize import AGREEMENT_PENDING as PENDING, NO_AGREEMENT as _NONE
from etl.textru import plural, some_of


def no_agreement_rows(cols: dict[str, list], n: int) -> list[int]:
    """Rows whose partner cell — or any cell of the agreement (its number: «№ договора: нет», tester round t81) —
    says there is none («нет», «-», «не заключён») and that hold no agreement's partner, number, date or type."""
    fields = ("partner_name", "agreement_no", "signed_on", "partner_type")
    cells = [cols[f] for f in fields if f in cols and len(cols[f]) == n]

    def nothing(v) -> bool:
        return v is None or (isinstance(v, str) and (not v.strip() or bool(_NONE.match(v))))

    said = [i for i in range(n) if any(isinstance(c[i], str) and _NONE.match(c[i]) for c in cells)
            and all(nothing(c[i]) for c in cells)] if cells else []
    return said  # (a partner cell of «нет» over empty cells among them)


def pending_rows(cols: dict[str, list], n: int) -> list[int]:
    """Rows whose partner cell says the agreement is not signed yet and that hold no agreement's number or date, and
    rows whose state says so («на стадии подписания» under «Статус»)."""
    said = set(_rows_saying(PENDING, cols, n, ("agreement_no", "signed_on")))
    state = cols.get("in_force") or []
    said.update(i for i, v in enumerate(state) if len(state) == n and isinstance(v, str) and PENDING.match(v))
    return sorted(said)


def _rows_saying(said: re.Pattern, cols: dict[str, list], n: int, others: tuple[str, ...]) -> list[int]:
    """Rows whose partner cell matches `said` and whose cells of the `others` fields are empty or «нет», «-»."""
    rest = [cols[f] for f in others if f in cols and len(cols[f]) == n]
    return [i for i, v in enumerate(cols.get("partner_name") or []) if isinstance(v, str) and said.match(v)
            and all(c[i] is None or (isinstance(c[i], str) and (not c[i].strip() or _NONE.match(c[i])))
                    for c in rest)]


def municipalities_with_none(st, none: list[int], drop) -> list[str]:
    """The municipalities all of whose rows say there is no agreement (a regional form's «Медынский | нет»): they
    sent the form and have none — counted so, their schools in the share's denominator (tester round t86)."""
    munis = st.out.get("municipality") or []
    if len(munis) != st.n:
        return []
    said = {munis[i] for i in none if munis[i]}
    return sorted(said - {munis[i] for i in range(st.n) if i not in drop})


def none_said(st, rows: list[int]) -> None:
    """One warning for the rows that say a school has no agreement (and whose municipality has none at all)."""
    if rows:
        munis = st.none_reported
        st.problems.append(Problem(
            st.name, None, None, None, None, "no_agreement_rows",
            f"{len(rows)} {plural(len(rows), 'строка', 'строки', 'строк')} без договора («нет», «-»): не "
            f"{plural(len(rows), 'загружается', 'загружаются', 'загружаются')} "
            "— ОО без договоров учитываются по форме готовности"
            + (f"; договоров нет ни у одной ОО: {some_of(munis, 10)} — "
               f"{'считается сдавшим' if len(munis) == 1 else 'считаются сдавшими'} форму с 0 договоров"
               if munis else ""), "", "warning"))


def pending_said(st, rows: list[int]) -> None:
    """One warning for the rows of agreements not signed yet."""
    if rows:
        shown = some_of([f"{st.source_row[i]} («{_pending_text(st.cols, i)}»)" for i in rows], 5)
        st.problems.append(Problem(
            st.name, st.source_sheet[rows[0]], None, None, None, "agreement_pending",
            f"Договор ещё не заключён: {plural(len(rows), 'строка', 'строки', 'строк')} {shown} — не "
            f"{'загружается' if len(rows) == 1 else 'загружаются'}",
            "Когда договор будет подписан, внесите его с номером и датой в форму следующего периода", "warning"))


def _pending_text(cols: dict[str, list], i: int) -> str:
    """What row i says of its agreement not signed yet: its partner cell, else its state."""
    partner = cols.get("partner_name") or []
    said = partner[i] if i < len(partner) and isinstance(partner[i], str) and PENDING.match(partner[i]) else None
    return str(said if said is not None else cols["in_force"][i]).strip()


def not_in_force(st, drop: dict[int, str]) -> dict[int, str]:
    """The rows of an agreements form that hold no agreement in force (record → reason), each kind said once: a
    school's «нет» (its municipality all «нет»: sent, with none — `st.none_reported`), an agreement not signed yet,
    one ended (by its state or its validity before the period's end). `drop`: the rows other rules take out."""
    from etl import agreement_state
    from etl.row_rules import R_ENDED, R_NO_AGREEMENT, R_PENDING

    out: dict[int, str] = {}
    agreement_state.ended_by_validity(st)  # «с 01.09.2022 по 31.08.2024»: not in force in IV кв. 2024
    none = no_agreement_rows(st.cols, st.n)  # «нет», «-»: a school without an agreement
    out.update((i, R_NO_AGREEMENT) for i in none)
    pending = pending_rows(st.cols, st.n)  # «в стадии заключения»: not signed yet
    out.update((i, R_PENDING) for i in pending)
    pending_said(st, pending)
    ended = [i for i, v in enumerate(st.out.get("in_force") or []) if v is False and i not in drop and i not in out]
    out.update((i, R_ENDED) for i in ended)
    if ended:  # not current: no part of the coverage, said once
        rows = some_of([str(st.source_row[i]) for i in ended], 10)
        st.problems.append(Problem(st.name, st.source_sheet[ended[0]], None, None, None, "agreement_not_in_force",
                                   f"Договоров, которые не действуют (расторгнуты, истекли): {len(ended)} (строк"
                                   f"{'а' if len(ended) == 1 else 'и'} {rows}) — не загружаются",
                                   "Если договор действует, исправьте его состояние в файле", "warning"))
    st.none_reported = municipalities_with_none(st, none, {**drop, **out})
    none_said(st, none)
    return out
