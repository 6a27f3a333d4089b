"""«Эффективность»: indicators over periods against targets, by municipality and level, change to previous."""
import pandas as pd
import streamlit as st

from app import filters, specs, ui
from app.filters import period_label

f = filters.current()
ui.page_header("Эффективность", f, "Доли пересчитываются из сумм числителей и знаменателей, а не усредняются.")
ui.show_chart(specs.effectiveness_shares(f))
ui.show_chart(specs.effectiveness_counts(f))

cat = specs.indicator_catalogue()
if cat.empty:
    st.info("Справочник показателей (indicators.csv) не загружен.")
    st.stop()
codes = list(cat["code"])
names = dict(zip(cat["code"], cat["name"]))
default = specs.default_indicator()
if st.session_state.get("indicator") not in codes:
    st.session_state["indicator"] = default
code = st.selectbox("Показатель", codes, format_func=lambda c: names.get(c, c), key="indicator")
c1, c2 = st.columns(2)
with c1:
    ui.show_chart(specs.effectiveness_by_municipality(f, indicator=code))
with c2:
    ui.show_chart(specs.effectiveness_by_level(f, indicator=code))
    ui.show_chart(specs.effectiveness_change(f, indicator=code))

st.subheader("Все показатели: значение, цель, изменение")
table = specs.effectiveness_table(f)
if not table.empty:
    st.caption(f"Сравнение с периодом «{period_label(table.attrs.get('previous'))}»"
               if table.attrs.get("previous") else "Предыдущего периода с данными нет.")
ui.show_table(table, f, "Показатели эффективности",
              empty_message="Нет данных о показателях эффективности для выбранных фильтров")
