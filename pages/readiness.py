"""«Готовность ОО»: schools by level, readiness criteria heatmap, coverage; drill-down to a municipality's schools."""
from dataclasses import replace

import streamlit as st

from app import filters, queries, shell, specs, ui

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py

f = filters.current()
ui.page_header("Готовность ОО", f)
# Tabs render only the open one (each chart of a federal-size region is a tall figure); the tab is in the URL.
t_levels, t_criteria, t_coverage = ui.tabs(["Уровни и школы", "Критерии готовности", "Охват обучающихся"],
                                           key="tab_readiness")

if t_criteria.open:
    with t_criteria:
        ui.show_chart(specs.readiness_criteria(f))
if t_coverage.open:
    with t_coverage:
        ui.show_chart(specs.readiness_coverage(f))
if t_levels.open:
    with t_levels:
        levels = specs.readiness_levels(f)
        event = ui.show_chart(levels, on_select="rerun", key="readiness_levels_chart")
        st.subheader("Школы муниципалитета")
        db, v, ff = specs.context(f)
        munis = list(dict.fromkeys(levels.data["municipality"])) if not levels.empty else []
        if not munis:
            st.info("Нет школ для выбранных фильтров.")
        else:
            # a click on a bar of the levels chart chooses the municipality too
            picked = None
            if event is not None:
                pts = (event.get("selection") or {}).get("points") or []
                if pts:
                    picked = pts[0].get("y") or pts[0].get("label")
            if picked in munis and st.session_state.get("_drill_from_chart") != picked:
                st.session_state["drill_muni"] = picked
                st.session_state["_drill_from_chart"] = picked
            if st.session_state.get("drill_muni") not in munis:
                st.session_state["drill_muni"] = None  # the list appears when asked for, not for an arbitrary one
            muni = st.selectbox("Муниципалитет (или щёлкните столбец на графике уровней)", munis, key="drill_muni",
                                placeholder="выберите муниципалитет")
            if muni is None:
                st.caption("Выберите муниципалитет в списке или щёлкните его столбец на графике: появится список "
                           "его школ, и у каждой цифры — файл, лист и строка, откуда она взята.")
            else:
                schools = queries.readiness_schools(db, v, ff.region, ff.period, muni, ff.level)
                st.caption("Каждая строка — школа из формы; столбцы «Файл», «Лист», «Строка» показывают, "
                           "откуда взята цифра.")
                table = schools.rename(columns={
                    "school_name": "Школа", "school_inn": "ИНН", "level": "Уровень",
                    "responsible_appointed": "Ответственный", "plan_approved": "План", "navigators": "Навигаторы",
                    "bvb_registered": "«Билет в будущее»", "ready": "Готова", "students_total": "Обучающихся 6–11 кл.",
                    "students_covered": "Охвачено", "coverage": "Доля охвата", "load_id": "Загрузка №",
                    "source_file": "Файл", "source_sheet": "Лист", "source_row": "Строка"})
                # in view without scrolling sideways: the school, its figures, and where they come from
                first = ["Школа", "Обучающихся 6–11 кл.", "Охвачено", "Доля охвата", "Файл", "Лист", "Строка"]
                table = table[first + [c for c in table.columns if c not in first]]
                ui.show_table(table, ff, f"Школы_{muni}", percent_cols=("Доля охвата",), title=f"Школы: {muni}",
                              pinned=("Школа",),
                              source=specs.source_text(db, v, ["readiness"], replace(ff, municipalities=(muni,))))
