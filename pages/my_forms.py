"""«Мои формы» (a municipal coordinator): the state of each form of their municipalities for a period, and their
readiness form pre-filled with their schools — read-only, their municipalities only."""
from __future__ import annotations

import streamlit as st

from app import auth, shell
from app import filters as F
from app import tracker as tr
from app.fmt import fmt_date
from etl import config, periods

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
user = auth.current_user()  # (dashboard.py signed the user in and drew the sidebar)
if user is None or user.role != "municipality" or not user.municipalities:
    st.error("Страница для муниципальных координаторов.", icon=":material/block:")
    st.stop()
DB = config.db_path()
f = F.current()  # clamped to the coordinator's municipalities

st.title("Мои формы")
st.caption("Какие формы ваших муниципалитетов приняты за период и когда; предзаполненная форма готовности — "
           "ваши школы из прошлой формы уже вписаны, остаётся заполнить числа.")
opts = tr.period_options(DB, f.region)  # up to the current period
period = st.selectbox("Период", opts, format_func=periods.period_label_ru, key="my_forms_period")
if not period:
    st.info("Периодов пока нет.")
    st.stop()
texts, states, deadline = tr.matrix(DB, f.region, period)
mine = texts.loc[[m for m in texts.index if m in f.municipalities]]
st.markdown(f"**{periods.period_label_ru(period)}**: срок сдачи — {fmt_date(deadline)}")
st.dataframe(tr.styled(mine, states.loc[mine.index]), key="my_forms_matrix")
for muni in f.municipalities:
    data, fname, n = tr.prefilled_form(DB, f.region, muni, period)
    st.download_button(f"Скачать форму готовности «{muni}» за {periods.period_label_ru(period)} ({n} ОО)",
                       data=data, file_name=fname, key=f"my_forms_dl_{muni}", icon=":material/download:",
                       on_click="ignore", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption("Заполненную форму отправьте аналитику региона: загрузка формы координатором и приёмка её аналитиком "
           "появятся в следующей версии.")
