"""«Мероприятия»: participants by event, event level and municipality; per 100 pupils; over time."""
import streamlit as st

from app import filters, shell, specs, ui

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py

f = filters.current()
ui.page_header("Мероприятия", f, form="events")
t_events, t_munis, t_trend = ui.tabs(["По мероприятиям и уровням", "По муниципалитетам", "Динамика"],
                                     key="tab_events")
if t_events.open:
    with t_events:
        ui.show_chart(specs.events_by_event(f))
        ui.show_chart(specs.events_by_level(f))
if t_munis.open:
    with t_munis:
        c1, c2 = st.columns(2)
        with c1:
            ui.show_chart(specs.events_per100(f))
        with c2:
            ui.show_chart(specs.events_municipalities(f))
if t_trend.open:
    with t_trend:
        ui.show_chart(specs.events_trend(f))
