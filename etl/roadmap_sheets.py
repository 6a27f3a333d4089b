"""A roadmap workbook of a plan sheet beside a report sheet (the step «the rules»): «План» listing the measures with no
mark of execution, «Исполнение» reporting on the same measures — loaded both, every measure counted twice, once with no
status (tester round t83). The sheet without marks whose measures the report has is the plan: left out, said."""
from __future__ import annotations

from etl.model import Problem

R_PLAN = "план мероприятий: их исполнение — на другом листе"


def plan_beside_report(st) -> dict[int, str]:
    """Records of the sheets with no column of the status whose measures (by number) a sheet with one reports on."""
    sheets = list(dict.fromkeys(st.source_sheet))
    if st.kind != "roadmap" or len(sheets) < 2:
        return {}
    reported = [r.sheet for r in st.reports if r.used and "status" in r.matched and r.sheet in sheets]
    nos = st.cols.get("item_no") or [None] * st.n
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
