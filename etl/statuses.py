"""A roadmap item's status from the executor's words («исполнено в срок», «вып.», «на контроле», «70%»): one of the
four statuses. The words are data (`data/reference/statuses.csv`: a status and a pattern on the comparison key,
tried in the file's order — negations before the words they negate); marks, shares and parts counted are read here."""
from __future__ import annotations

import re

from etl import reference
from etl.normalize import DASHES, _empty, clean_text, norm_key

STATUSES = ("выполнено", "в работе", "не выполнено", "не начато")
UNKNOWN = "Неизвестный статус исполнения"

_PART_DONE = re.compile(r"^\s*(вы|ис)полнен\w*\s*(на\s*)?\(?\s*\d{1,2}([.,]\d+)?\s*%", re.IGNORECASE)
_PART_ALONE = re.compile(r"^\s*(\d{1,4})\s*из\s*(\d{1,4})\s*$")  # «4 из 6» and nothing else
_PART_OF = re.compile(r"(?<![\d.,])(\d{1,4})\s+(?:[^\W\d]+\s+){0,3}из\s+(\d{1,4})(?![\d.,])")  # «4 вебинара из 6»
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*%$")  # «100%», «70 %»: how much of the measure is done
_DONE_MARKS = {"+", "✓", "✔", "☑", "v", "V"}


_compiled: list = [None, ()]  # the rows of statuses.csv compiled, and their patterns


def rules() -> tuple[tuple[str, re.Pattern], ...]:
    """(status, pattern) of statuses.csv, in its order (compiled again when the file changes)."""
    rows = reference.rows("statuses.csv")  # (one object per version of the file)
    if _compiled[0] is not rows:
        _compiled[:] = [rows, tuple((r["status"], re.compile(r["pattern"])) for r in rows if r.get("pattern"))]
    return _compiled[1]


def parse(v) -> tuple[str | None, str | None]:
    """(status, error): 'выполнено' | 'в работе' | 'не выполнено' | 'не начато'; a dash or an empty cell is none."""
    if _empty(v):
        return None, None
    if isinstance(v, bool):
        return ("выполнено" if v else "не выполнено"), None
    if isinstance(v, (int, float)):  # a mark 1 / 0, or a share of a «%» cell (0,7 for «70 %»)
        return (("выполнено" if v == 1 else "не выполнено" if v == 0 else "в работе" if 0 < v < 1 else None),
                None if 0 <= v <= 1 else UNKNOWN)
    if not isinstance(v, str):
        return None, UNKNOWN
    s = clean_text(v)
    if s in DASHES:
        return None, None
    several = [x.strip() for x in s.split(",")]
    if len(several) > 1 and set(several) <= set(STATUSES) and len(set(several)) > 1:  # marks in two status columns
        return None, f"Отмечено несколько статусов исполнения ({', '.join(several)})"
    m = _PERCENT.match(s)
    if m:
        share = float(m[1].replace(",", "."))
        return ("выполнено" if share == 100 else "не начато" if share == 0 else "в работе" if share < 100 else None,
                None if share <= 100 else UNKNOWN)
    if _PART_DONE.search(s):  # «выполнено на 60 %», «выполнено (80 %)»: a part, not done
        return "в работе", None
    m = _PART_ALONE.match(s)
    if m and int(m[2]):  # «4 из 6» alone: what was done of what was due (README, statuses.csv)
        done, due = int(m[1]), int(m[2])
        return ("выполнено" if done >= due else "не начато" if done == 0 else "в работе"), None
    if s in _DONE_MARKS:  # a plus or a tick in the status column
        return "выполнено", None
    key = norm_key(s)
    for label, rx in rules():
        if rx.search(key):
            part = _PART_OF.search(s) if label == "выполнено" else None
            # «проведено 4 вебинара из 6»: a part of what was due, not done
            return ("в работе" if part and int(part[1]) < int(part[2]) else label), None
    return None, UNKNOWN
