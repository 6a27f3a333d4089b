"""«Сдача форм»: which municipalities have submitted each form for a period, and which have not; blank forms."""
from __future__ import annotations

from datetime import date

import streamlit as st

from app import auth, shell
from app import tracker as tr
from app.fmt import fmt_date, fmt_int, fmt_pct, plural
from etl import config, periods
from etl.db import ensure_database

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
user = auth.require_role("analyst")
DB = config.db_path()
ss = st.session_state
ensure_database(DB)

st.title("Сдача форм")
st.caption("По каждому муниципалитету: какие формы сданы за период, когда и с каким числом ошибок, и какие ещё "
           "не сданы. Срок сдачи — дата «по состоянию на» после окончания периода (по периодичности мониторинга "
           "региона).")

regs = tr.regions(DB)
if regs.empty:
    st.warning("Справочник регионов пуст")
    st.stop()
names = dict(zip(regs["code"], regs["name"]))
c1, c2 = st.columns(2)
region = c1.selectbox("Регион", list(names), format_func=names.get, key="tracker_region")
opts = tr.period_options(DB, region)
if ss.get("tracker_period") not in opts or ss.get("tracker_region_seen") != region:
    ss["tracker_period"] = tr.default_period(DB, region, opts)  # newest period with submissions
    ss["tracker_region_seen"] = region
period = c2.selectbox("Период", opts, format_func=periods.period_label_ru, key="tracker_period")
if not period:
    st.stop()

texts, states, deadline = tr.matrix(DB, region, period)
today = date.today()
days = (deadline - today).days
when = (f"срок сдачи — {fmt_date(deadline)}"
        + (f" (через {fmt_int(days)} {plural(days, 'день', 'дня', 'дней')})" if days > 0 else
           " (сегодня)" if days == 0 else " — срок прошёл"))
st.markdown(f"**{periods.period_label_ru(period)}**, {names[region]}: {when}")

summ = tr.summary(states)
cols = st.columns(len(summ))
for c, (label, (done, total, overdue, on_time)) in zip(cols, summ.items()):
    c.metric(label, f"{fmt_int(done)} из {fmt_int(total)}",
             delta=(f"просрочено: {fmt_int(overdue)}" if overdue else None), delta_color="red",
             delta_arrow="off")
    c.caption(f"сдали {fmt_pct(done / total if total else 0, 0)}, в срок — {fmt_pct(on_time / total if total else 0, 0)}")

st.dataframe(tr.styled(texts, states), key="tracker_matrix", height=min(40 + 35 * len(texts), 900))
st.caption("Цвет: зелёный — сдано в срок, жёлтый — сдано с опозданием, красный — просрочено, серый — срок ещё "
           "не наступил, оранжевый — файл прислан, но отклонён (причины — в списке отклонённых файлов ниже). "
           "«Строк с ошибками» — в действующей версии файла (ошибочные строки отложены в карантин).")

form = st.radio("Карта сдачи формы", list(states.columns), horizontal=True, key="tracker_map_form")
st.plotly_chart(tr.state_map(region, states, form), key="tracker_map", config={"displayModeBar": False},
                theme=None)
st.download_button("Скачать таблицу сдачи (xlsx)", data=lambda: tr.matrix_xlsx(texts, names[region],
                                                                              periods.period_label_ru(period)),
                   file_name=f"Сдача_форм_{names[region]}_{periods.period_label_ru(period)}.xlsx".replace(" ", "_"),
                   key="tracker_xlsx", icon=":material/download:", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

rej = tr.rejected_files(DB, region, period)
if not rej.empty:
    with st.expander(f"Отклонённые файлы за период: {fmt_int(len(rej))}"):
        st.dataframe(tr.rejected_table(rej), hide_index=True, key="tracker_rejected")

st.subheader("Бланки форм", anchor=False)
st.caption("Чистые бланки всех видов форм с выпадающими списками (муниципалитеты региона, уровни, да/нет): "
           "разошлите их муниципальным координаторам — заполненные по бланку файлы распознаются без исправлений.")
st.download_button(f"Скачать бланки форм ({names[region]}, ZIP)", data=lambda: tr.blank_forms_zip(region),
                   file_name=f"бланки_форм_{region}.zip", mime="application/zip", key="tracker_forms",
                   icon=":material/download:", on_click="ignore")

st.subheader("Предзаполненная форма готовности", anchor=False)
st.caption("Форма одного муниципалитета за выбранный период: его школы (наименование, ИНН, уровень) из последней "
           "сданной формы уже вписаны, числа пустые, период — в заголовке. Координатору остаётся заполнить числа.")
munis = tr.municipalities(DB, region, period)
muni = st.selectbox("Муниципалитет", munis, index=None, placeholder="выберите муниципалитет", key="tracker_prefill")
if muni:
    data, fname, n = tr.prefilled_form(DB, region, muni, period)
    st.download_button(f"Скачать форму «{muni}» ({fmt_int(n)} {plural(n, 'школа', 'школы', 'школ')})", data=data,
                       file_name=fname, key="tracker_prefill_dl", icon=":material/download:", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
