"""Entry point: `streamlit run dashboard.py`. Sign-in, role-based navigation, global filters, the page."""
from __future__ import annotations

import streamlit as st

from app import auth, filters, nav, queries, server_guard, shell, ui
from etl import config

config.private_files()  # the database, archive and exports it writes: not readable by other accounts

server_guard.install()  # uploads and «clear cache» only for signed-in analysts (Streamlit's own endpoints)

with shell.running():
    st.set_page_config(page_title="Мониторинг профминимума", page_icon="📊", layout="wide")
    ui.app_style()
    shell.upgrade_schema()  # a database of an older version: its new views and tables, once

    user = auth.require_user()
    if user.role == "municipality" and not user.municipalities:  # never «no scope = everything»
        st.error("Для вашей учётной записи не указаны муниципалитеты: обратитесь к администратору панели.")
        st.stop()
    unknown = [m for r, m in filters.scope_units(user.municipalities) if r == "?"]
    if unknown:  # a name the reference no longer knows, or that a region added since shares: never guessed
        text = ("Муниципалитет вашей учётной записи не определён однозначно: «" + "», «".join(map(ui.md_text, unknown))
                + "» (такого названия нет в справочнике или оно есть в нескольких регионах). Обратитесь к "
                "администратору панели: он укажет регион муниципалитета.")
        if len(unknown) == len(user.municipalities):
            st.error(text)
            st.stop()
        st.warning(text)
    filters.set_scope(user.municipalities)  # a municipal coordinator reads their municipalities only
    filters.allow_pending(user.can("analyst"))  # «включая непринятые»: analysts only
    sections: dict[str, list] = {}
    read_only: list = []
    for i, p in enumerate(nav.pages_for(user.role)):
        # the first page is served at the root; its own address (/overview, in links and bookmarks) opens it too,
        # by a page hidden from the menu (the root's page reserves a name of its own, unused)
        paths = [(nav.ROOT_PAGE_PATH, "visible"), (p.url_path, "hidden")] if i == 0 and p.url_path else \
            [(p.url_path, "visible")]
        for url_path, visibility in paths:
            sp = st.Page(p.path, title=p.title, icon=p.icon, url_path=url_path, visibility=visibility)
            sections.setdefault(p.section, []).append(sp)
            if p.section == "Мониторинг":
                read_only.append(sp)
    page = st.navigation(sections)
    # by identity: st.navigation resets the default page's url_path to "" after the pages are built
    if any(page is sp for sp in read_only):
        # The global filters (region, period, municipalities, level) live in the sidebar and in the URL of the
        # monitoring pages. The monitoring pages only read: their queries share one connection, opened on the
        # first cache miss.
        with queries.batch():
            filters.sidebar()
        with queries.batch():
            page.run()
    else:
        # The export and the data pages have their own choices (the export starts from the filters): the
        # filters are only kept here, for the way back.
        filters.keep()
        page.run()
