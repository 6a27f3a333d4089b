"""Codes explained by a legend: «Уровень (1 – базовый, 2 – основной, 3 – продвинутый)», «Назначен ответственный
(1 – да, 0 – нет)». A column whose header (or a note under the table) defines two codes or more holds codes: each
is read as the word the legend gives it, and a code the legend does not define is an error, never a guess."""
from __future__ import annotations

import re

# «1 – базовый», «Б – базовый»: a code (one or two digits, or one capital letter) and its meaning
_PAIR = re.compile(r"(?<![\w.,])(\d{1,2}|[А-ЯЁA-Z])\s*(?:[-–—=:]|это)\s*([^\d,;()\n/|]+?)\s*"
                   r"(?=[,;()\n/|]|\s(?:\d{1,2}|[А-ЯЁA-Z])\s*[-–—=:]|$)")


def legend_of(text: str | None) -> dict[str, str]:
    """code → meaning, when a text defines two codes or more; {} otherwise."""
    if not text:
        return {}
    found = {code: meaning.strip(" .«»\"") for code, meaning in _PAIR.findall(str(text))}
    found = {c: m for c, m in found.items() if m and any(ch.isalpha() for ch in m)}
    return found if len(found) >= 2 else {}


def _code(v) -> str | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
        return str(int(v))
    if isinstance(v, str):
        s = v.strip().rstrip(".")
        if s.isdigit() and len(s) <= 2:
            return s
        return s.upper() if len(s) == 1 and s.isalpha() else None
    return None


def decode(values: list, legend: dict[str, str]) -> tuple[list, dict[int, str]]:
    """The values with their codes read by the legend, and {index: code} of codes the legend does not define."""
    out, undefined = [], {}
    for i, v in enumerate(values):
        c = _code(v)
        if c is None:
            out.append(v)
        elif c in legend:
            out.append(legend[c])
        else:
            out.append(None)  # (the error names the code; no second error for the same cell)
            undefined[i] = c
    return out, undefined


def shown(legend: dict[str, str]) -> str:
    return ", ".join(f"{c} – {m}" for c, m in legend.items())
