"""«Мои формы» (a municipal coordinator): the state of each form of their municipalities for a period, their
readiness form pre-filled with their schools, and their own submissions: upload a filled form, see at once what is
wrong with it, submit it for the analyst's acceptance, read the analyst's comment — their municipalities only."""
from __future__ import annotations

import streamlit as st

from app import auth, shell
from app import filters as F
from app import submission as sub
from app import tracker as tr
from app import upload as up
from app.fmt import fmt_datetime, lower_first
from app import ui
from etl import acceptance, config, periods
from etl.model import KIND_LABELS_RU

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
user = auth.current_user()  # (dashboard.py signed the user in and drew the sidebar)
if user is None or user.role != "municipality" or not user.municipalities:
    st.error("Страница для муниципальных координаторов.", icon=":material/block:")
    st.stop()
DB = config.db_path()
f = F.current()  # clamped to the coordinator's municipalities

st.title("Мои формы")
st.caption("Какие формы ваших муниципалитетов приняты за период и когда; предзаполненная форма готовности — "
           "ваши школы из прошлой формы уже вписаны, остаётся заполнить числа; бланки остальных форм — с "
           "выпадающими списками.")
opts = tr.period_options(DB, f.region)  # up to the current period
if st.session_state.get("my_forms_period") not in opts:  # the current period, not one yet to begin
    st.session_state["my_forms_period"] = next(iter(tr.started(opts)), opts[0] if opts else None)
period = st.selectbox("Период", opts, format_func=periods.period_label_ru, key="my_forms_period")
if not period:
    st.info("Периодов пока нет.")
    st.stop()
texts, states, _deadline = tr.matrix(DB, f.region, period)
mine = texts.loc[[m for m in texts.index if m in f.municipalities]]
st.markdown(f"**{periods.period_label_ru(period)}**: " + tr.deadlines_text(DB, f.region, period))
st.dataframe(tr.styled(mine, states.loc[mine.index]), key="my_forms_matrix")
mine_subs = acceptance.submissions(DB, f.region, municipalities=list(f.municipalities), rolled_back=True)
for r in acceptance.to_correct(mine_subs).itertuples(index=False):  # the analyst's word in full, where it is seen
    st.warning(f"Сдача № {int(r.load_id)} ({KIND_LABELS_RU.get(r.kind, r.kind)}, {periods.period_label_ru(r.period)})"
               f": {acceptance.state_text(r.state, r.last_action, analyst=True)} — сдайте исправленную форму. "
               "Комментарий аналитика: "
               + ui.md_text(r.comment or "—"), icon=":material/edit_note:")
for muni in f.municipalities:
    data, fname, n = tr.prefilled_form(DB, f.region, muni, period)
    st.download_button(f"Скачать форму готовности «{muni}» за {periods.period_label_ru(period)} ({n} ОО)",
                       data=data, file_name=fname, key=f"my_forms_dl_{muni}", icon=":material/download:",
                       on_click="ignore", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# the other forms a coordinator sends (agreements, events, effectiveness): blanks with the region's drop-down lists
st.download_button("Скачать пустые бланки всех форм: договоры, мероприятия, показатели эффективности (ZIP)",
                   data=lambda: tr.blank_forms_zip(f.region), file_name=f"бланки_форм_{tr.stamp()}.zip",
                   key="my_forms_blanks", icon=":material/download:", on_click="ignore", mime="application/zip")

st.subheader("Сдать форму", anchor=False)
st.caption("Загрузите заполненную форму: она сразу проверяется, ошибки показываются по ячейкам. Форма без ошибок "
           "сдаётся на проверку аналитику региона; на страницах мониторинга она появится, когда аналитик её примет.")
ss = st.session_state
if "my_forms_workdir" not in ss:
    ss["my_forms_workdir"] = str(up.new_workdir())
browser_mb = up.russian_uploader()
got = st.file_uploader("Заполненная форма", type=up.UPLOAD_TYPES, key="my_forms_file", max_upload_size=browser_mb)
if got is not None and ss.get("my_forms_file_id") != got.file_id:  # a new file: check it once
    problem = up.size_problem(got.name, got.size)
    if problem:
        st.error(ui.md_text(problem))
        st.stop()
    with st.spinner("Проверка формы…"):
        staged = up.run_prepare(up.restage(ss.get("my_forms_staged"), got.name, got.getvalue(),
                                           ss["my_forms_workdir"]))
        if staged.prepared is not None and any(x.rule == "no_period" for x in staged.prepared.file_errors):
            staged.period = period  # no period in the form: the one chosen above (the verdict names it)
            up.run_prepare(staged)
    # a form refused for its errors: kept as a rejected load (the analyst sees the attempt; no data of it is used)
    ss["my_forms_refused"] = sub.record_refused(
        staged, sub.judge(staged, tuple(f.municipalities), f.region, DB, selected=period), tuple(f.municipalities),
        DB, user.login)
    ss["my_forms_staged"], ss["my_forms_file_id"] = staged, got.file_id
if got is None and ss.get("my_forms_staged") is not None:  # the file taken out of the uploader: off the disk too
    up.discard(ss.pop("my_forms_staged"))
    ss.pop("my_forms_file_id", None)
staged = ss.get("my_forms_staged") if got is not None else None
if staged is not None:
    verdict = sub.judge(staged, tuple(f.municipalities), f.region, DB, selected=period)
    if staged.result is not None:
        st.success(f"«{ui.md_text(staged.name)}»: {ui.md_text(lower_first(staged.result.message))}. Форма на "
                   "проверке у аналитика региона.", icon=":material/check_circle:")
    elif verdict.ok:
        st.info(ui.md_text(verdict.message), icon=":material/task:")
        if staged.problems:
            ui.problems_table(up.problems_frame(sub.for_coordinator(staged.problems)),
                              key="my_forms_warnings")
        if st.button("Сдать на проверку", type="primary", key="my_forms_submit"):
            try:
                sub.submit(staged, tuple(f.municipalities), f.region, DB, user.login)
            except ValueError as e:
                st.error(ui.md_text(e))
            else:
                st.rerun()
    else:
        st.error(ui.md_text(verdict.message), icon=":material/error:")
        if ss.get("my_forms_refused"):
            st.caption(f"Попытка сдачи записана (загрузка № {ss['my_forms_refused']}, отклонена): аналитик региона "
                       "видит, что форма пришла с ошибками. Данные из неё не используются.")
        if verdict.fix and staged.problems:
            ui.problems_table(up.problems_frame(sub.for_coordinator(staged.problems)),
                              key="my_forms_problems")
            st.download_button("Скачать отчёт об ошибках (xlsx)", data=lambda: sub.report(staged),
                               file_name=sub.report_name(staged), key="my_forms_report",
                               icon=":material/download:", on_click="ignore",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("Мои сдачи", anchor=False)
if mine_subs.empty:
    st.caption("Сданных форм пока нет.")
else:
    st.dataframe({
        "№": mine_subs["load_id"].astype(int).tolist(),
        "Форма": [KIND_LABELS_RU.get(k, k) for k in mine_subs["kind"]],
        "Период": [periods.period_label_ru(p) if p else "—" for p in mine_subs["period"]],
        "Файл": mine_subs["file_name"].tolist(),
        "Сдано": [fmt_datetime(t) for t in mine_subs["loaded_at"]],
        "Состояние": [acceptance.state_text(s, a, t) for s, a, t in
                      zip(mine_subs["state"], mine_subs["last_action"], mine_subs["rolled_back_at"])],
        "Комментарий аналитика": [c or "" for c in mine_subs["comment"].fillna("")],
    }, hide_index=True, key="my_forms_submissions",  # (the state whole: it was cut «…— с о…», t82)
        column_config={"Состояние": st.column_config.TextColumn(width="large")})
