"""The page list, one place: dashboard.py builds `st.navigation` from it for the signed-in user's role.

A page a role may not use is left out of the navigation altogether (a hidden page stays reachable by URL).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ROLE_RANK = {"viewer": 0, "municipality": 0, "analyst": 1, "admin": 2}  # a coordinator reads as a viewer does,
# only their own municipalities (app/filters.clamp)


@dataclass(frozen=True)
class PageDef:
    path: str  # file under pages/
    title: str  # Russian
    icon: str
    min_role: str = "viewer"
    section: str = "Мониторинг"
    url_path: str | None = None
    only_roles: tuple[str, ...] = ()  # a page for these roles only (not by rank)


# Streamlit still treats a folder called `pages/` in its legacy way for the first script run of a process (and
# in every AppTest run): a URL equal to a file name runs that file directly, without dashboard.py. Every page
# starts with `app.shell.ensure()`, which then runs dashboard.py (sign-in, navigation, filters) first.
PAGES: list[PageDef] = [
    PageDef("pages/overview.py", "Обзор", ":material/dashboard:", url_path="overview"),
    PageDef("pages/readiness.py", "Готовность ОО", ":material/school:", url_path="readiness"),
    PageDef("pages/agreements.py", "Сетевое взаимодействие", ":material/handshake:", url_path="agreements"),
    PageDef("pages/events.py", "Мероприятия", ":material/event:", url_path="events"),
    PageDef("pages/effectiveness.py", "Эффективность", ":material/trending_up:", url_path="effectiveness"),
    PageDef("pages/roadmap.py", "Дорожная карта", ":material/timeline:", url_path="roadmap"),
    PageDef("pages/export.py", "Экспорт", ":material/download:", "viewer", "Отчёты", "export"),
    # Exports (issue 5), upload / history / tracker (issue 4) and users (admin) are appended by their owners.
    PageDef("pages/upload.py", "Загрузка данных", ":material/upload_file:", "analyst", "Работа с данными", "upload"),
    PageDef("pages/history.py", "История загрузок", ":material/history:", "analyst", "Работа с данными", "history"),
    PageDef("pages/tracker.py", "Сдача форм", ":material/fact_check:", "analyst", "Работа с данными", "tracker"),
    PageDef("pages/users.py", "Пользователи", ":material/group:", "admin", "Администрирование", "users"),
    PageDef("pages/my_forms.py", "Мои формы", ":material/assignment:", "viewer", "Мой муниципалитет", "my-forms",
            only_roles=("municipality",)),
]


ROOT_PAGE_PATH = "start"  # the pathname the first page reserves (it is served at the root, "/")


def allowed(role: str, page: PageDef) -> bool:
    if page.only_roles:
        return role in page.only_roles
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[page.min_role]


def pages_for(role: str) -> list[PageDef]:
    return [p for p in PAGES if allowed(role, p)]
