"""Entry point: `streamlit run dashboard.py`. Sign-in, role-based navigation, global filters, the page."""
from __future__ import annotations

import streamlit as st

from app import auth, filters, nav

st.set_page_config(page_title="Мониторинг профминимума", page_icon="📊", layout="wide")

user = auth.require_user()
sections: dict[str, list] = {}
for p in nav.pages_for(user.role):
    sections.setdefault(p.section, []).append(st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path))
page = st.navigation(sections)
# The global filters (region, period, municipalities, level) live in the sidebar on every page and in the URL.
filters.sidebar()
page.run()
