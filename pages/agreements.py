"""«Сетевое взаимодействие»: agreements by partner type and municipality, coverage by type, partners."""
import streamlit as st

from app import filters, queries, shell, specs, ui

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py

f = filters.current()
ui.page_header("Сетевое взаимодействие", f, form="agreements")
t_types, t_munis, t_cover, t_partners = ui.tabs(
    ["По типам партнёров", "По муниципалитетам", "Доля ОО с договорами", "Партнёры"], key="tab_agreements")
if t_types.open:
    with t_types:
        c1, c2 = st.columns(2)
        with c1:
            ui.show_chart(specs.agreements_types(f))
        with c2:
            ui.show_chart(specs.agreements_coverage(f))
if t_munis.open:
    with t_munis:
        ui.show_chart(specs.agreements_municipalities(f))
if t_cover.open:
    with t_cover:
        ui.show_chart(specs.agreements_coverage_map(f))
if t_partners.open:
    with t_partners:
        db, v, ff = specs.context(f)
        partners = queries.agreements_partners(db, v, ff.region, ff.period, tuple(ff.municipalities), ff.level) \
            if ff.period else None
        if partners is not None and not partners.empty:
            partners = partners.rename(columns={"partner_name": "Партнёр", "partner_type": "Тип партнёра",
                                                "agreements": "Договоры", "schools": "Школы",
                                                "municipalities": "Муниципалитеты"})
        ui.show_table(partners, ff, "Партнёры", empty_message="Нет договоров для выбранных фильтров",
                      source=specs.source_text(db, v, ["agreements"], ff))
