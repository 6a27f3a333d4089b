"""Rows of an agreements form that hold no agreement: a school's row saying it has none («нет», «-», «не
заключён»: the schools without one are counted from the readiness form), an agreement not signed yet written where
its partner is («в стадии заключения (САХГУ)»). Left out of the load and said once each."""
from __future__ import annotations

import re

from etl.model import Problem
from etl.textru import plural, some_of

_NONE = re.compile(r"^\s*(?:договор\w*\s+)?(?:нет|не\s+заключ\w*|отсутству\w*)(?:\s+договор\w*)?\s*[.!]?\s*$"
                   r"|^\s*[-–—]+\s*$", re.IGNORECASE)


def no_agreement_rows(cols: dict[str, list], n: int) -> list[int]:
    """Rows whose partner cell says there is none («нет», «-», «не заключён») and that hold no agreement's number,
    date or type."""
    return _rows_saying(_NONE, cols, n, ("agreement_no", "signed_on", "partner_type"))


# an agreement not signed yet, written where its partner is («в стадии заключения (САХГУ)», «на подписании»)
_PENDING = re.compile(r"^\W*(?:договор\w*\s+)?(?:(?:в|на)\s+(?:стадии|этапе|процессе)\s+(?:заключ|подпис|соглас|оформл)"
                      r"|на\s+(?:подписании|согласовании|оформлении)|планиру|готовит|заключа[её]тся|будет\s+заключ"
                      r"|не\s+подписан)", re.IGNORECASE)


def pending_rows(cols: dict[str, list], n: int) -> list[int]:
    """Rows whose partner cell says the agreement is not signed yet and that hold no agreement's number or date."""
    return _rows_saying(_PENDING, cols, n, ("agreement_no", "signed_on"))


def _rows_saying(said: re.Pattern, cols: dict[str, list], n: int, others: tuple[str, ...]) -> list[int]:
    """Rows whose partner cell matches `said` and whose cells of the `others` fields are empty or «нет», «-»."""
    rest = [cols[f] for f in others if f in cols and len(cols[f]) == n]
    return [i for i, v in enumerate(cols.get("partner_name") or []) if isinstance(v, str) and said.match(v)
            and all(c[i] is None or (isinstance(c[i], str) and (not c[i].strip() or _NONE.match(c[i])))
                    for c in rest)]


def none_said(st, rows: list[int]) -> None:
    """One warning for the rows that say a school has no agreement."""
    if rows:
        st.problems.append(Problem(
            st.name, None, None, None, None, "no_agreement_rows",
            f"{len(rows)} {plural(len(rows), 'строка', 'строки', 'строк')} без договора («нет», «-»): не загружаются "
            "— ОО без договоров учитываются по форме готовности", "", "warning"))


def pending_said(st, rows: list[int]) -> None:
    """One warning for the rows of agreements not signed yet."""
    if rows:
        shown = some_of([f"{st.source_row[i]} («{str(st.cols['partner_name'][i]).strip()}»)" for i in rows], 5)
        st.problems.append(Problem(
            st.name, st.source_sheet[rows[0]], None, None, None, "agreement_pending",
            f"Договор ещё не заключён: {plural(len(rows), 'строка', 'строки', 'строк')} {shown} — не "
            f"{'загружается' if len(rows) == 1 else 'загружаются'}",
            "Когда договор будет подписан, впишите партнёра, номер и дату в форму следующего периода", "warning"))
