"""Two tables of one events form stacked on a sheet, a column per event in each: «Таблица 1. Участие обучающихся
(чел.)» over the schools, then «Таблица 2. Участие родителей (чел.)» over the same header repeated. The participants
of the columns come from the title above the first table; a row of the sheet naming other participants starts rows
of those (read as the first table's, the parents would be counted as pupils)."""
from __future__ import annotations

from etl import meaning, participants
from etl.model import Problem
from etl.schema import FIELD_LABELS_RU
from etl.textru import some_of


def of_rows(st, p) -> dict[int, str]:
    """Record row -> its participant field, where a title row above it names others than the columns do; said as a
    warning. Only when every event column counts one kind of participants (named once, in the title)."""
    fields = {f for _ev, sub in p.cmap.wide_groups if isinstance(sub, dict) for f in sub}
    if p.cmap.layout != "wide" or len(fields) != 1 or \
            any(len(sub) != 1 for _ev, sub in p.cmap.wide_groups if isinstance(sub, dict)):
        return {}
    first = next(iter(fields))
    titles = {ri: (text, who) for ri in _title_rows(p) for text in [_one_text(p.sheet.rows[ri])]
              for who in [participants.group_of(text)] if who is not None}
    if not any(who != first for _text, who in titles.values()):
        return {}
    out: dict[int, str] = {}
    cur, said = first, {}
    for ri in p.t.data_rows:
        for at in [r for r in titles if r < ri and r not in said]:
            said[at] = titles[at]
            cur = titles[at][1]
        if cur != first:
            out[ri] = cur
    for at, (text, who) in said.items():
        rows = [r + 1 for r, f in out.items() if f == who and r > at and not any(at < a < r for a in said)]
        if rows:
            st.problems.append(Problem(
                st.name, p.sheet.name, at + 1, None, None, "participants_by_title_row",
                f"Строки {some_of([str(r) for r in rows], 6)} загружены как {FIELD_LABELS_RU.get(who, who)}: так "
                f"сказано в строке {at + 1} «{text}» над ними (столбцы мероприятий — по заголовку таблицы выше: "
                f"{FIELD_LABELS_RU.get(first, first)})",
                "Если это не так, разделите таблицы по листам или укажите участников в заголовках столбцов", "warning"))
    return out


def _title_rows(p) -> list[int]:
    """Rows below the header holding one text alone that reads as a table's title (participation, an event)."""
    start = p.t.header_rows[1] + 1
    end = max(p.t.data_rows, default=start)
    out = []
    for ri in range(start, end):
        text = _one_text(p.sheet.rows[ri]) if ri < len(p.sheet.rows) else None
        if text and meaning.read((text,)).concepts & {"participant", "covered", "event"}:
            out.append(ri)
    return out


def _one_text(row) -> str | None:
    said = [v for v in row if v not in (None, "") and not (isinstance(v, str) and not v.strip())]
    return said[0].strip() if len(said) == 1 and isinstance(said[0], str) else None
