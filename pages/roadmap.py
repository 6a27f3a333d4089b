"""«Дорожная карта»: the region's roadmap items by deadline, status and executor; what is overdue."""
import streamlit as st

from app import filters, queries, shell, specs, ui
from app.filters import region_name
from app.fmt import fmt_date, fmt_int, plural

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py

f = filters.current()
ui.page_header("Дорожная карта", None)
db, v, ff = specs.context(f)
rm = queries.roadmap(db, v, ff.region)
if rm.empty:
    st.caption(region_name(f.region))
    st.info("Дорожная карта региона не загружена. Аналитик может загрузить её на странице «Загрузка данных».")
    st.stop()
day = specs.roadmap_day(db, v, ff.region)  # the report's «по состоянию на», today for a plan
st.caption(f"{region_name(f.region)} · "
           + (f"сведения об исполнении на {fmt_date(day)}" if queries.roadmap_as_of(db, v, ff.region) else
              f"сведения на {fmt_date(day)} (дата отчёта в файле не указана)")
           + " · период, муниципалитеты и уровень к дорожной карте не применяются")
n, od, done = len(rm), int(rm["overdue"].sum()), int((rm["status"] == "выполнено").sum())
late, dated = int(rm["late"].sum()), int(rm["done_on"].notna().sum())
c = st.columns(3)
c[0].metric("Мероприятий в дорожной карте", fmt_int(n), border=True)
c[1].metric("Выполнено", fmt_int(done), border=True,
            help=f"Дата фактического исполнения указана в отчёте у {fmt_int(dated)} "
                 f"{plural(dated, 'мероприятия', 'мероприятий', 'мероприятий')}" if dated else
            "Дат фактического исполнения в отчёте нет: выполнено ли в срок, не известно")
if dated:
    c[1].caption(f"из них позже срока: {fmt_int(late)}")
c[2].metric("Просрочено", fmt_int(od), border=True,
             help=f"Срок прошёл к {fmt_date(day)}, а статус не «выполнено»")

t_charts, t_exec, t_all = ui.tabs(["Просроченные, статусы и сроки", "Исполнители", "Все мероприятия"],
                                  key="tab_roadmap")
if t_charts.open:
    with t_charts:
        st.markdown("##### Просроченные мероприятия")
        st.caption("Срок прошёл, а статус не «выполнено».")
        ui.show_table(specs.overdue_table(rm), region_name(f.region), "Просроченные мероприятия", static=True,
                      empty_message="Просроченных мероприятий нет.", source=specs.table_source(f, ["roadmap"]))
        c1, c2 = st.columns(2)
        with c1:
            ui.show_chart(specs.roadmap_status(f))
        with c2:
            ui.show_chart(specs.roadmap_timeline(f))
if t_exec.open:
    with t_exec:
        ui.show_chart(specs.roadmap_executors(f))
if t_all.open:
    with t_all:
        status = st.multiselect("Статус", sorted(rm["status"].unique()), placeholder="все статусы", key="rm_status")
        view = rm if not status else rm[rm["status"].isin(status)]
        if not dated:  # a plan, or a report without the days things were done
            view = view.drop(columns=["done_on", "late"])
        table = view.rename(columns={
            "section": "Раздел", "item_no": "№", "measure": "Мероприятие", "deadline_text": "Срок",
            "deadline": "Срок (дата)", "executors": "Исполнители", "planned_result": "Результат", "status": "Статус",
            "status_text": "Отметка об исполнении (как в файле)", "done_on": "Исполнено (дата)",
            "late": "Позже срока",
            "evidence": "Подтверждение", "overdue": "Просрочено", "load_id": "Загрузка №", "source_file": "Файл",
            "source_sheet": "Лист", "source_row": "Строка"})
        ui.show_table(table, region_name(f.region), "Дорожная карта", source=specs.table_source(f, ["roadmap"]))
