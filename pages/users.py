"""«Пользователи» (administrator): add users, change roles, reset passwords, remove users."""
from __future__ import annotations

import streamlit as st

from app import auth, shell
from app import users as um
from app.fmt import fmt_datetime

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
user = auth.require_role("admin")
ss = st.session_state

st.title("Пользователи")
path = um.users_path()
if path is None:
    st.info("Локальный режим: файл пользователей не задан. Укажите его в переменной окружения MONITORING_USERS "
            "и создайте администратора командой `python -m app.users add ЛОГИН --role admin`.")
    st.stop()
store = um.UserStore(path)
st.caption(f"Файл пользователей: `{path}`. Роли: руководство — только просмотр и выгрузка графиков; "
           "аналитик — также загрузка, сопоставления и откат; администратор — также пользователи.")

for msg in ss.pop("users_notice", []):
    st.success(msg)


def _do(action, success: str) -> None:
    """Run one change right after re-checking the role; a Russian message either way."""
    try:
        auth.assert_role("admin")
        action()
    except auth.PermissionDenied as e:
        st.error(str(e))
        st.stop()
    except um.UsersError as e:
        st.error(str(e))
        return
    ss["users_notice"] = [success]
    st.rerun()


users = store.list()
st.dataframe([{"Логин": u.login, "Имя": u.name, "Роль": um.ROLE_LABELS_RU[u.role],
               "Муниципалитеты": ", ".join(map(um.scope_label, u.scope)) or "—",
               "Создан": fmt_datetime(u.created_at)} for u in users],
             hide_index=True, key="users_table")
all_munis = um.municipality_names()

st.subheader("Добавить пользователя", anchor=False)
with st.form("users_add", clear_on_submit=True):
    c1, c2, c3 = st.columns(3)
    login = c1.text_input("Логин")
    name = c2.text_input("Имя (как показывать)")
    role = c3.selectbox("Роль", um.ROLES, index=0, format_func=um.ROLE_LABELS_RU.get)
    scope = st.multiselect("Муниципалитеты координатора", all_munis, format_func=um.scope_label,
                           placeholder="только для роли «муниципальный координатор»: он увидит данные лишь этих "
                                       "муниципалитетов")
    c4, c5 = st.columns(2)
    pw1 = c4.text_input("Пароль", type="password", help=f"Не короче {um.MIN_PASSWORD} символов")
    pw2 = c5.text_input("Пароль ещё раз", type="password")
    if st.form_submit_button("Добавить", type="primary"):
        if pw1 != pw2:
            st.error("Пароли не совпадают")
        else:
            _do(lambda: store.add(login, name, role, pw1, scope),
                f"Добавлен пользователь «{um.normalize_login(login)}» ({um.ROLE_LABELS_RU[role]})")

if users:
    st.subheader("Изменить пользователя", anchor=False)
    logins = [u.login for u in users]
    who = st.selectbox("Пользователь", logins, key="users_pick",
                       format_func=lambda x: f"{x} — {store.get(x).name if store.get(x) else ''}")
    rec = store.get(who)
    t1, t2, t3 = st.tabs(["Роль", "Пароль", "Удаление"])
    with t1:
        new_role = st.selectbox("Новая роль", um.ROLES, index=um.ROLES.index(rec.role),
                                format_func=um.ROLE_LABELS_RU.get, key=f"users_role_{who}")
        # (a name another region's unit now shares is no choice: it is chosen again with its region)
        new_scope = st.multiselect("Муниципалитеты координатора", all_munis, format_func=um.scope_label,
                                   default=[m for m in rec.scope if m in all_munis], key=f"users_scope_{who}",
                                   disabled=new_role != "municipality", placeholder="выберите муниципалитеты")
        if st.button("Сменить роль", key=f"users_role_btn_{who}"):
            _do(lambda: store.set_role(who, new_role, new_scope), f"Роль «{who}»: {um.ROLE_LABELS_RU[new_role]}")
    with t2:
        with st.form(f"users_pw_{who}", clear_on_submit=True):
            p1 = st.text_input("Новый пароль", type="password")
            p2 = st.text_input("Новый пароль ещё раз", type="password")
            if st.form_submit_button("Сменить пароль"):
                if p1 != p2:
                    st.error("Пароли не совпадают")
                else:
                    _do(lambda: store.set_password(who, p1), f"Пароль пользователя «{who}» изменён")
    with t3:
        if who == user.login:
            st.caption("Себя удалить нельзя")
        else:
            sure = st.checkbox(f"Да, удалить пользователя «{who}»", key=f"users_del_sure_{who}")
            if st.button("Удалить", key=f"users_del_{who}", disabled=not sure):
                _do(lambda: store.remove(who), f"Пользователь «{who}» удалён")
