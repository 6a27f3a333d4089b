"""«История загрузок»: every load, its original file, its quarantine, and rollback with confirmation."""
from __future__ import annotations

import zlib
from pathlib import Path

import duckdb
import streamlit as st

from app import auth, shell, ui
from app import upload as up
from app.fmt import fmt_int
from etl import config
from etl.db import DatabaseBusy

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
user = auth.require_role("analyst")
DB = config.db_path()
ss = st.session_state

st.title("История загрузок")
st.caption("Кто, когда и какой файл загрузил, с каким результатом. Любую загрузку можно откатить: её данные "
           "уйдут из панели, а предыдущая версия той же сдачи вернётся. Каждый откат записывается в журнал.")

for msg in ss.pop("history_notice", []):
    st.success(ui.md_text(msg), icon=":material/undo:")  # (it names the files)

df = up.history(DB)
if df.empty:
    st.info("Загрузок пока не было. Загрузите формы на странице «Загрузка данных».")
    st.stop()

c1, c2 = st.columns(2)
statuses = c1.multiselect("Статус", list(up.STATUS_RU), format_func=up.STATUS_RU.get, key="history_status",
                          placeholder="все статусы")
kinds = c2.multiselect("Вид формы", list(up.kind_choices()), format_func=up.kind_choices().get,
                       key="history_kind", placeholder="все виды")
view = df
if statuses:
    view = view[view["status"].isin(statuses)]
if kinds:
    view = view[view["kind"].isin(kinds)]
st.dataframe(up.history_display(view), hide_index=True, key="history_table")
st.caption(f"Загрузок: {fmt_int(len(view))} из {fmt_int(len(df))}")

st.subheader("Загрузка подробно", anchor=False)
ids = [int(i) for i in view["load_id"]]
if not ids:
    st.stop()
rows = {int(r.load_id): r for r in df.itertuples(index=False)}
# (the statuses are part of the widget's key: after a rollback the list says «отменено откатом», not the status it
# was drawn with; the load chosen stays chosen)
state = "_".join(f"{i}{rows[i].status[:1]}" for i in ids)
picked = ss.get("history_picked")
load_id = st.selectbox("Загрузка", ids, key=f"history_pick_{zlib.crc32(state.encode())}",
                       index=ids.index(picked) if picked in ids else 0,
                       format_func=lambda i: f"№ {i} — {rows[i].file_name} "
                                             f"({up.STATUS_RU.get(rows[i].status, rows[i].status)})")
ss["history_picked"] = load_id
r = rows[load_id]
st.markdown(f"**{ui.md_text(r.file_name)}** — {up.STATUS_RU.get(r.status, r.status)}.  \n"
            f"{ui.md_text(r.message or '')}  \n"
            f"Контрольная сумма SHA-256: `{r.sha256 or '—'}`")

archive = Path(r.archive_path) if isinstance(r.archive_path, str) and r.archive_path else None
problems = up.quarantine_of(DB, load_id)
if archive is not None and archive.exists():
    if archive.suffix.lower() == ".xlsm" or r.file_name.lower().endswith(".xlsm"):
        st.warning("Исходный файл — книга с макросами (xlsm). Программа макросы не запускала; открывая скачанный "
                   "файл, не разрешайте в Excel выполнение макросов, если не уверены в отправителе.",
                   icon=":material/warning:")
    b1, b2 = st.columns(2)
    b1.download_button("Скачать исходный файл", data=lambda p=archive: p.read_bytes(), file_name=r.file_name,
                       key=f"history_orig_{load_id}", icon=":material/download:", on_click="ignore")
    if problems:  # the municipality gets its own file back with the bad cells marked
        b2.download_button("Скачать отчёт об ошибках", data=lambda p=archive, pr=problems: up.error_report(p, pr),
                           file_name=up.report_file_name(r.file_name), key=f"history_report_{load_id}",
                           icon=":material/download:", on_click="ignore",
                           help="Исходный файл с выделенными ячейками и листом «Ошибки»: его можно отправить "
                                "муниципалитету на исправление")
else:
    st.caption("Исходный файл не сохранён (файл не удалось прочитать, это повтор уже загруженного "
               "или архив недоступен)")

if problems:
    n_err = sum(1 for x in problems if x.severity != "warning")
    n_warn = len(problems) - n_err
    with st.expander("Замечания: " + ", ".join(
            x for x in (f"ошибок — {fmt_int(n_err)}" if n_err else "",
                        f"предупреждений — {fmt_int(n_warn)}" if n_warn else "") if x)):
        ui.problems_table(up.problems_frame(problems[:1000]))

if r.status in ("loaded", "replaced"):
    with st.container(border=True):
        st.markdown("**Откат загрузки.** Данные этой загрузки уйдут из панели; если раньше была загружена другая "
                    "версия той же сдачи, она вернётся." if r.status == "loaded" else
                    "**Откат загрузки.** Данные этой загрузки заменены более новой загрузкой и на панели не "
                    "показываются: откат панель не изменит, загрузка лишь отметится как отменённая.")
        sure = st.checkbox(f"Да, откатить загрузку № {load_id} («{ui.md_text(r.file_name)}»)",
                           key=f"history_sure_{load_id}")
        if st.button("Откатить", key=f"history_rollback_{load_id}", disabled=not sure, type="primary",
                     icon=":material/undo:"):
            try:
                who = auth.assert_role("analyst")
                msg = up.rollback(DB, load_id, who=who.login)
            except auth.PermissionDenied as e:
                st.error(ui.md_text(e))
                st.stop()
            except (ValueError, DatabaseBusy) as e:
                st.error(ui.md_text(e))
                st.stop()
            except duckdb.Error:
                st.error(up.BUSY_RU)
                st.stop()
            ss["history_notice"] = [msg]
            st.rerun()

st.subheader("Журнал действий", anchor=False)
log = up.audit_log(DB)
if log.empty:
    st.caption("Откатов и других действий пока не было")
else:
    st.dataframe(log, hide_index=True, key="history_audit")
