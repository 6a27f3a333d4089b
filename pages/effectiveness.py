"""«Эффективность»: indicators over periods against targets, by municipality and level, change to previous."""
import streamlit as st

from app import filters, shell, specs, ui

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py

f = filters.current()
ui.page_header("Эффективность", f, "Доли пересчитываются из сумм числителей и знаменателей, а не усредняются.",
               form="effectiveness")
t_trend, t_muni, t_table = ui.tabs(["Динамика показателей", "Показатель по муниципалитетам и уровням",
                                    "Все показатели"], key="tab_effectiveness")
if t_trend.open:
    with t_trend:
        ui.show_chart(specs.effectiveness_shares(f))
        ui.show_chart(specs.effectiveness_counts(f))
        ui.show_chart(specs.effectiveness_national(f))
if t_muni.open:
    with t_muni:
        cat = specs.indicator_catalogue()
        if cat.empty:
            st.info("Справочник показателей (indicators.csv) не загружен.")
        else:
            codes = list(cat["code"])
            names = dict(zip(cat["code"], cat["name"]))
            if st.session_state.get("indicator") not in codes:
                st.session_state["indicator"] = specs.default_indicator(filters=f)
            code = st.selectbox("Показатель", codes, format_func=lambda c: names.get(c, c), key="indicator")
            c1, c2 = st.columns(2)
            with c1:
                ui.show_chart(specs.effectiveness_by_municipality(f, indicator=code))
            with c2:
                ui.show_chart(specs.effectiveness_by_level(f, indicator=code))
                ui.show_chart(specs.effectiveness_change(f, indicator=code))
if t_table.open:
    with t_table:
        table = specs.effectiveness_table(f)
        if not table.empty:
            st.caption(table.attrs["compared"])
        ui.show_table(specs.signed_change(table), f, "Показатели эффективности", download=table,
                      empty_message="Нет данных о показателях эффективности для выбранных фильтров",
                      source=specs.table_source(f, ["effectiveness"]) if not table.empty else None)
