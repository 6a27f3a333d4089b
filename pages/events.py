"""«Мероприятия»: participants by event, event level and municipality; per 100 pupils; over time."""
import streamlit as st

from app import filters, specs, ui

f = filters.current()
ui.page_header("Мероприятия", f)
ui.show_chart(specs.events_by_event(f))
c1, c2 = st.columns(2)
with c1:
    ui.show_chart(specs.events_by_level(f))
with c2:
    ui.show_chart(specs.events_trend(f))
ui.show_chart(specs.events_per100(f))
ui.show_chart(specs.events_municipalities(f))
