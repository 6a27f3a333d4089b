"""Russian number, date and plural formatting for everything a user sees (pages, images, slides, notes)."""
from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from etl.textru import NBSP, group_digits as _group, plural  # noqa: F401  (one rule for the whole product)


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def lower_first(text: str) -> str:
    """A message continued after a colon: «в файле нет данных», not «В файле …»; an abbreviation it starts with stays
    («XML-часть …», «ОО …»)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def fmt_int(x, empty: str = "—") -> str:
    """fmt_int(1234) == '1 234' (NBSP between groups)."""
    if _missing(x):
        return empty
    return _group(_half_up(x, 0))


def _half_up(x, digits: int) -> str:
    """x rounded as Excel and a person round: a half away from zero (81,25 → «81,3», 2,5 → «3»; Python's own
    rounding gives «81,2» and «2»), from the shortest decimal that reads as x."""
    if not math.isfinite(float(x)):
        return f"{float(x):.{digits}f}"
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{q:.{digits}f}"


def round_half_up(x, digits: int) -> float:
    """x rounded as every figure is written (`fmt_num`): 81,25 → 81,3."""
    return float(_half_up(x, digits))


def fmt_num(x, digits: int = 1, empty: str = "—") -> str:
    """fmt_num(1234.5, 1) == '1 234,5'; trailing ',0' is kept so columns line up."""
    if _missing(x):
        return empty
    s = _half_up(x, digits)
    if "." in s:
        ip, fp = s.split(".")
        return _group(ip) + "," + fp
    return _group(s)


def fmt_pct(share, digits: int = 1, empty: str = "—") -> str:
    """A share 0..1 as percent: fmt_pct(0.853) == '85,3 %' (NBSP before %)."""
    if _missing(share):
        return empty
    return fmt_num(share * 100, digits) + NBSP + "%"


def municipalities(n, genitive: bool = False) -> str:
    """«21 муниципалитет», «3 муниципалитета»; genitive (after «из», «для»): «21 муниципалитета», «3 муниципалитетов»."""
    forms = ("муниципалитета", "муниципалитетов", "муниципалитетов") if genitive else \
        ("муниципалитет", "муниципалитета", "муниципалитетов")
    return f"{fmt_int(n)} {plural(n, *forms)}"


def of_municipalities(n, m) -> str:
    """«12 из 56 муниципалитетов» — how many of the expected sent a form (the genitive after «из»: «1 из 21
    муниципалитета»)."""
    return f"{fmt_int(n)} из {municipalities(m, genitive=True)}"


def fmt_delta(x, digits: int = 0, pct_points: bool = False) -> str:
    """A signed change: '+12', '−3,5 п. п.'."""
    if _missing(x):
        return "—"
    body = fmt_int(abs(x)) if digits == 0 else fmt_num(abs(x), digits)
    shown = round(x, digits)  # («−0,0 п. п.» for 98,98 → 98,97 %: no change at the digits shown — t82)
    sign = "+" if shown > 0 else ("−" if shown < 0 else "±")
    return sign + body + (NBSP + "п.\u202fп." if pct_points else "")


def fmt_datetime(t, empty: str = "—") -> str:
    """fmt_datetime(datetime(2023, 9, 15, 10, 5)) == '15.09.2023 10:05'; None, NaN, NaT → `empty`."""
    import pandas as pd

    try:
        return empty if t is None or pd.isna(t) else pd.Timestamp(t).strftime("%d.%m.%Y %H:%M")
    except (TypeError, ValueError):
        return empty


def fmt_date(d, empty: str = "—") -> str:
    """fmt_date(date(2023, 9, 15)) == '15.09.2023'."""
    if d is None or (isinstance(d, float) and math.isnan(d)):
        return empty
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if isinstance(d, datetime):
        d = d.date()
    if hasattr(d, "to_pydatetime"):
        d = d.to_pydatetime().date()
    return d.strftime("%d.%m.%Y")


def not_accepted(waiting: dict[str, str]) -> str:
    """«ещё не приняты: на проверке у аналитика — 2, возвращена на исправление — 1» of the forms sent but not
    accepted ({municipality: state}, `queries.unaccepted_municipalities`); "" when there are none."""
    counts: dict[str, int] = {}
    for state in waiting.values():
        counts[state] = counts.get(state, 0) + 1
    return ("ещё не приняты: " + ", ".join(f"{s} — {fmt_int(n)}" for s, n in counts.items())) if counts else ""
