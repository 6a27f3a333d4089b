"""«Сдача форм» — the campaign page: campaigns of the period (deadline, lock date), which municipalities have
submitted each form and which have not, the coordinators' submissions to accept or return with a comment, blank
and pre-filled forms."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from app import auth, shell
from app import filters as F
from app import tracker as tr
from app import upload as up
from app.fmt import fmt_date, fmt_datetime, fmt_int, fmt_pct, plural
from app import ui
from etl import acceptance, config, periods
from etl.db import ensure_database
from etl.model import KIND_LABELS_RU
from reports import images

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
if ss.get("tracker_region") not in names:  # at first the region the monitoring pages show (else one with data)
    start = F.current().region
    ss["tracker_region"] = start if start in names else next(iter(names))
region = c1.selectbox("Регион", list(names), format_func=names.get, key="tracker_region")
opts = tr.period_options(DB, region)
if ss.get("tracker_period") not in opts or ss.get("tracker_region_seen") != region:
    ss["tracker_period"] = tr.default_period(DB, region, opts)  # newest period with submissions
    ss["tracker_region_seen"] = region
period = c2.selectbox("Период", opts, format_func=periods.period_label_ru, key="tracker_period")
if not period:
    st.stop()

for note in ss.pop("tracker_notice", []):
    st.success(ui.md_text(note), icon=":material/check_circle:")  # (it names the coordinator's file)
texts, states, deadline = tr.matrix(DB, region, period)
due = tr.deadlines(DB, region, period)
today = date.today()
days = (deadline - today).days
when = (f"срок сдачи — {fmt_date(deadline)}"
        + (f" (осталось {fmt_int(days)} {plural(days, 'день', 'дня', 'дней')})" if days > 0 else
           " (сегодня)" if days == 0 else " — срок прошёл"))
other = {tr.SHORT_RU[k]: d for k, d in due.items() if d != deadline}
st.markdown(f"**{periods.period_label_ru(period)}**, {names[region]}: {when}"
            + ("; по кампаниям: " + ", ".join(f"{k} — до {fmt_date(d)}" for k, d in other.items()) if other else ""))

opened = acceptance.campaigns(DB, region, period)
with st.expander(f"Кампании периода: открыто {fmt_int(len(opened))} из {len(tr.TRACKED_KINDS)}"):
    st.caption("Кампания — форма региона за период со сроком сдачи и, при необходимости, датой закрытия приёма: "
               "после неё муниципальные координаторы не могут сдать форму, пока вы не перенесёте дату. Без кампании "
               "срок — дата «по состоянию на» после окончания периода.")
    if opened:
        st.dataframe({"Форма": [KIND_LABELS_RU.get(k, k) for k in opened],
                      "Срок сдачи": [fmt_date(c["deadline"]) for c in opened.values()],
                      "Приём закрывается": [fmt_date(c["lock_date"]) for c in opened.values()],
                      "Открыл": [up.who_ru(c["opened_by"]) for c in opened.values()],
                      "Когда": [fmt_datetime(c["opened_at"]) for c in opened.values()]},
                     hide_index=True, key="tracker_campaigns")
    chosen = ss.get("campaign_kind", tr.TRACKED_KINDS[0])
    if ss.get("campaign_seen") != (period, chosen):  # another period or form: its campaign's dates, else the
        was = opened.get(chosen)  # period's defaults (not the last ones shown: pressing the button moved an open
        # campaign's deadline back to them, making everyone late — a tester's round)
        ss["campaign_deadline"] = was["deadline"] if was else periods.deadline_for(period)  # (set here: the widget
        ss["campaign_lock"] = (was or {}).get("lock_date") or ss["campaign_deadline"] + timedelta(days=7)  # keeps
        ss["campaign_lock_on"] = bool((was or {}).get("lock_date"))  # what it was given)
        ss["campaign_seen"] = (period, chosen)
    c1, c2, c3 = st.columns(3)
    kind = c1.selectbox("Форма", tr.TRACKED_KINDS, format_func=KIND_LABELS_RU.get, key="campaign_kind")
    dl = c2.date_input("Срок сдачи", format="DD.MM.YYYY", key="campaign_deadline")
    lock = None
    if c3.checkbox("Закрыть приём после даты", key="campaign_lock_on",
                   help="После этой даты координаторы не смогут сдать форму, пока вы не перенесёте дату"):
        lock = c3.date_input("Приём закрывается", format="DD.MM.YYYY", key="campaign_lock",
                             label_visibility="collapsed")
    # dates already past: said before the campaign opens (the defaults are the period's own)
    if lock is not None and lock < today:
        st.warning(f"Дата закрытия приёма ({fmt_date(lock)}) уже прошла: координаторы не смогут сдать форму — "
                   "перенесите дату или снимите отметку «Закрыть приём после даты»", icon=":material/event_busy:")
    elif dl < today:
        st.warning(f"Срок сдачи ({fmt_date(dl)}) уже прошёл: не сдавшие сразу будут отмечены как просрочившие",
                   icon=":material/event_busy:")
    if st.button("Открыть кампанию (или изменить сроки)", key="campaign_open"):
        try:
            ss["tracker_notice"] = [acceptance.open_campaign(DB, kind, region, period, dl, user.login, lock)]
        except acceptance.AcceptanceError as e:
            st.error(ui.md_text(e))
        else:
            st.rerun()

summ = tr.summary(states)
cols = st.columns(len(summ))
for c, (label, (done, total, overdue, on_time)) in zip(cols, summ.items()):
    c.metric(label, f"{fmt_int(done)} из {fmt_int(total)}",
             delta=(f"просрочено: {fmt_int(overdue)}" if overdue else None), delta_color="red",
             delta_arrow="off")
    c.caption(f"сдали {fmt_pct(done / total if total else 0)}, в срок — {fmt_pct(on_time / total if total else 0)}")

st.dataframe(tr.styled(texts, states), key="tracker_matrix", height=min(40 + 35 * len(texts), 900),
             # (a cell's whole text: «07.12.2026, без ошибок — с опозданием» was cut at its column's default width)
             column_config={c: st.column_config.TextColumn(width="large") for c in texts.columns})
st.caption("Цвет: зелёный — сдано в срок, жёлтый — сдано с опозданием, красный — просрочено, серый — срок ещё "
           "не наступил, оранжевый — файл прислан, но отклонён (причины — в списке отклонённых файлов ниже), "
           "голубой — сдано координатором и ждёт приёмки, сиреневый — возвращено на доработку. "
           "«Строк с ошибками» — в действующей версии файла (ошибочные строки отложены в карантин).")

form = st.radio("Карта сдачи формы", list(states.columns), horizontal=True, key="tracker_map_form")
st.plotly_chart(tr.state_map_dict(region, tuple(states.index), tuple(states[form]), form), key="tracker_map",
                config={"displayModeBar": False}, theme=None)
st.download_button("Скачать таблицу сдачи (xlsx)", data=lambda: tr.matrix_xlsx(
                       texts, names[region], periods.period_label_ru(period), states,
                       tr.deadlines_text(DB, region, period)),
                   file_name=images.russian_name("Сдача форм", f"{names[region]} {periods.period_label_ru(period)}",
                                                 "xlsx", "sdacha_form"),
                   key="tracker_xlsx", icon=":material/download:", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("Приёмка форм муниципалитетов", anchor=False)
st.caption("Формы, сданные муниципальными координаторами. Принятая форма появляется на страницах мониторинга; "
           "возвращённая — с вашим комментарием на странице координатора, он исправит и сдаст снова.")
every = acceptance.submissions(DB, region)  # (of every period: the period's, and those waiting in others)
subs = every[every["period"] == period].reset_index(drop=True)
if subs.empty:
    st.caption("За этот период координаторы форм не сдавали.")
# forms waiting in other periods: never out of sight (t82: a correction of IV кв. 2024 waited unseen under I кв. 2025)
waiting = tr.waiting_elsewhere(every, period)
if waiting:
    st.info("Ждут приёмки в других периодах: " + waiting + " — выберите период вверху страницы",
            icon=":material/pending_actions:")
figures = tr.submission_figures(DB, subs, region, period)  # for every submission at once: three queries per form
warnings = up.warnings_of(DB, [int(r.load_id) for r in subs.itertuples(index=False) if r.warning_rows])
for r in subs.itertuples(index=False):
    label = (f"№ {int(r.load_id)} · {KIND_LABELS_RU.get(r.kind, r.kind)} · {r.municipalities or '—'} · "
             f"{acceptance.state_text(r.state, r.last_action, analyst=True)}")
    with st.expander(label, expanded=r.state == "pending"):
        late = tr.late_text(r.loaded_at.date(), due[r.kind]) if r.kind in due else ""
        st.markdown(f"Файл «{ui.md_text(r.file_name)}», сдал {ui.md_text(up.who_ru(r.loaded_by))} "
                    f"{fmt_datetime(r.loaded_at)}" + (f" — {late} (срок — {fmt_date(due[r.kind])})" if late else "")
                    + f"; строк: {fmt_int(r.rows_loaded)}, строк с предупреждениями: {fmt_int(r.warning_rows)}")
        if r.comment:
            st.caption(f"Комментарий ({ui.md_text(up.who_ru(r.decided_by))}, {fmt_datetime(r.decided_at)}): "
                       f"{ui.md_text(r.comment)}")
        key = f"accept_{int(r.load_id)}"
        # what to check before deciding: the form's counts beside the accepted ones, its warnings, the file itself
        st.dataframe(figures[int(r.load_id)], hide_index=True, key=key + "_figures")
        warned = warnings.get(int(r.load_id))
        if warned:
            ui.problems_table(up.problems_frame(warned), key=key + "_warnings")
        original = acceptance.original_file(r.archive_path)
        if original is not None:
            st.download_button("Скачать сданный файл", data=lambda p=original: p.read_bytes(), file_name=r.file_name,
                               key=key + "_original", icon=":material/download:", on_click="ignore")
        actions = acceptance.ALLOWED.get(r.state, ())
        comment = st.text_input("Комментарий для координатора", key=key + "_comment",
                                disabled=not actions) if actions else ""
        cols = st.columns(3)
        for col, action, text in zip(cols, ("accepted", "returned", "reopened"),
                                     ("Принять", "Вернуть на доработку", "Открыть для исправления")):
            if action in actions and col.button(text, key=f"{key}_{action}", help=tr.REOPEN_HELP
                                                if action == "reopened" else None):
                try:
                    ss["tracker_notice"] = [acceptance.decide(DB, int(r.load_id), action, user.login, comment)]
                except acceptance.AcceptanceError as e:
                    st.error(ui.md_text(e))
                else:
                    up.data_changed()
                    st.rerun()

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
