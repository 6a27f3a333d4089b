"""Roadmap records that are no measures of their own (the step «the rules», tester round t83): a plan sheet beside a
report sheet — «План» listing the measures with no mark of execution, «Исполнение» reporting on the same ones (loaded
both, every measure counted twice, once with no status): the plan, left out; a measure «11» with no status over its
parts «11.1», «11.2» that carry theirs (counted as one more measure «не указан»): left out. Both said."""
from __future__ import annotations

from etl.model import Problem

R_PLAN = "план мероприятий: их исполнение — на другом листе"
R_PARENT = "мероприятие, разбитое на подпункты: учтены они"


def plan_beside_report(st) -> dict[int, str]:
    """Records of the sheets with no column of the status whose measures (by number) a sheet with one reports on."""
    sheets = list(dict.fromkeys(st.source_sheet))
    if st.kind != "roadmap" or len(sheets) < 2:
        return {}
    reported = [r.sheet for r in st.reports if r.used and "status" in r.matched and r.sheet in sheets]
    nos = st.out.get("item_no") or [None] * st.n
    if not reported or len(nos) != st.n:
        return {}

    def key(v) -> str | None:
        return str(v).strip().rstrip(".") or None if v is not None else None

    done = {key(nos[i]) for i in range(st.n) if st.source_sheet[i] in reported} - {None}
    drop: dict[int, str] = {}
    for sheet in sheets:
        if sheet in reported:
            continue
        recs = [i for i in range(st.n) if st.source_sheet[i] == sheet]
        keys = {key(nos[i]) for i in recs} - {None}
        if keys and len(keys & done) * 2 > len(keys):  # most of its measures are reported on
            drop.update(dict.fromkeys(recs, R_PLAN))
            st.problems.append(Problem(
                st.name, sheet, None, None, None, "roadmap_plan_sheet",
                f"Лист «{sheet}» — план мероприятий без отметок исполнения, а исполнение тех же мероприятий — на листе "
                f"«{reported[0]}»: загружен лист с исполнением (иначе каждое мероприятие посчиталось бы дважды)",
                "Если на листе «" + sheet + "» другие мероприятия, пронумеруйте их иначе или загрузите лист отдельно",
                "warning"))
    return drop


def parents_of_parts(st, gone: dict[int, str]) -> dict[int, str]:
    """Records of a measure with no status whose parts («11.1», «11.2» under «11») follow with their statuses."""
    nos, status = st.out.get("item_no") or [], st.out.get("status") or []  # (as read: 11.0 → «11»)
    if st.kind != "roadmap" or len(nos) != st.n or len(status) != st.n:
        return {}
    keys = [str(v).strip().rstrip(".") if v is not None else "" for v in nos]
    drop = {}
    for i, k in enumerate(keys):
        if not k or status[i] is not None or i in gone:
            continue
        parts = [j for j in range(st.n) if j not in gone and keys[j].startswith(k + ".") and status[j] is not None]
        if parts:
            drop[i] = R_PARENT
    if drop:
        rows = ", ".join(f"{st.source_row[i]} (№ {keys[i]})" for i in sorted(drop))
        st.problems.append(Problem(
            st.name, st.source_sheet[min(drop)], None, None, None, "roadmap_parent_item",
            f"Мероприятия без отметки исполнения, разбитые на подпункты с отметками: строки {rows} — учтены "
            "подпункты, само мероприятие отдельно не считается", "Если это отдельное мероприятие, укажите его статус",
            "warning"))
    return drop

