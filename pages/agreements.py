"""«Сетевое взаимодействие»: agreements by partner type and municipality, coverage by type, partners."""
import streamlit as st

from app import filters, queries, specs, ui

f = filters.current()
ui.page_header("Сетевое взаимодействие", f)
c1, c2 = st.columns(2)
with c1:
    ui.show_chart(specs.agreements_types(f))
with c2:
    ui.show_chart(specs.agreements_coverage(f))
ui.show_chart(specs.agreements_municipalities(f))
ui.show_chart(specs.agreements_coverage_map(f))

st.subheader("Партнёры")
db, v, ff = specs.context(f)
partners = queries.agreements_partners(db, v, ff.region, ff.period, tuple(ff.municipalities), ff.level) \
    if ff.period else None
if partners is not None and not partners.empty:
    partners = partners.rename(columns={"partner_name": "Партнёр", "partner_type": "Тип партнёра",
                                        "agreements": "Договоры", "schools": "Школы",
                                        "municipalities": "Муниципалитеты"})
ui.show_table(partners, ff, "Партнёры", empty_message="Нет договоров для выбранных фильтров")
