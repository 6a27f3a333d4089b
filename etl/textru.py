"""Russian text helpers shared by the ETL messages, the dashboard and the reports."""
from __future__ import annotations

NBSP = "\u00a0"


def group_digits(int_part: str) -> str:
    """'1234567' → '1 234 567' (non-breaking spaces, as Russian typography wants; minus as «−»); a decimal part after
    a comma is kept as it is ('1234,5' → '1 234,5')."""
    int_part, comma, frac = int_part.partition(",")
    neg = int_part.startswith("-")
    digits = int_part.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ("−" if neg else "") + NBSP.join(groups or ["0"]) + comma + frac


def number_ru(v: float) -> str:
    """1250.0 → «1 250», 1234.5 → «1 234,5» (up to 15 significant digits, no «.0»)."""
    v = float(v)
    return group_digits(str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.15g}".replace(".", ","))


def some_of(items: list[str], limit: int, quoted: bool = False) -> str:
    """The first `limit` items joined by commas (in «» when `quoted`), «и ещё N» for the rest: «Химки, Мытищи и ещё 3»;
    one left over is named, never «и ещё 1» (its name is no longer than that)."""
    if len(items) == limit + 1:
        limit += 1
    shown = ", ".join(f"«{x}»" if quoted else str(x) for x in items[:limit])
    return shown + (f" и ещё {group_digits(str(len(items) - limit))}" if len(items) > limit else "")


def plural(n: int | float, one: str, few: str, many: str) -> str:
    """The Russian plural form for n: 1 школа, 2 школы, 5 школ, 21 школа, 11 школ."""
    if n != int(n):
        return few  # fractions: «1,5 школы»
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
