"""«Загрузка данных»: upload, see what was recognised, correct, confirm. Nothing is written before confirmation."""
from __future__ import annotations


import duckdb
import streamlit as st

from app import auth, shell
from app import tracker as tr
from app import ui
from app import upload as up
from app.fmt import fmt_int, plural
from etl import config
from etl.db import DatabaseBusy

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
user = auth.require_role("analyst")
ss = st.session_state
ss.setdefault("upload_staged", {})
ss.setdefault("upload_seen", set())
ss.setdefault("upload_too_big", [])
ss.setdefault("upload_gen", 0)
if "upload_workdir" not in ss:
    ss["upload_workdir"] = str(up.new_workdir())
staged: dict[str, up.Staged] = ss["upload_staged"]
DB = config.db_path()
limit_mb = up.max_file_mb()

st.title("Загрузка данных")
st.markdown(
    "Загрузите формы мониторинга: **xlsx, xlsm, xls, csv или ods**, по одному или сразу несколько файлов, "
    f"не больше **{up.fmt_mb(limit_mb * 2**20)}** каждый. Файлы сначала проверяются: вы увидите, что распознано, "
    "и сможете исправить вид формы, период, регион и столбцы. **В базу ничего не записывается, пока вы не "
    "нажмёте «Загрузить».**")
browser_mb = up.russian_uploader()
files = st.file_uploader(
    "Файлы форм мониторинга", type=up.UPLOAD_TYPES, accept_multiple_files=True, key=f"uploader_{ss['upload_gen']}",
    max_upload_size=browser_mb,
    help="Перетащите файлы в поле или нажмите «Выбрать файлы». Можно выбрать несколько файлов сразу. "
         f"Файл, отмеченный красным, браузер не передал: он больше {up.fmt_mb(browser_mb * 2**20)} "
         "или это не таблица.")

# New files in the uploader → stage and check each, with its own progress bar.
new = [f for f in (files or []) if f.file_id not in ss["upload_seen"]]
for f in new:
    ss["upload_seen"].add(f.file_id)
    refusal = up.size_problem(up.safe_name(f.name), f.size)
    if refusal:
        ss["upload_too_big"].append(refusal)
        continue
    s = up.stage(f.name, f.getvalue(), ss["upload_workdir"])
    if s.key in staged and staged[s.key].result is None:
        continue  # the same file is already waiting below
    bar = st.progress(0.0, text=f"«{ui.md_text(s.name)}»: чтение файла")
    up.run_prepare(s, progress=lambda frac, text, bar=bar, name=s.name: bar.progress(
        min(max(frac, 0.0), 1.0), text=f"«{ui.md_text(name)}»: {text}"))
    bar.empty()
    staged[s.key] = s

for msg in ss["upload_too_big"]:
    st.error(ui.md_text(msg), icon=":material/block:")
if ss["upload_too_big"] and st.button("Скрыть сообщения о больших файлах", key="upload_clear_big"):
    ss["upload_too_big"] = []
    st.rerun()

if not staged:
    st.info("Файлов для проверки пока нет. Бланки форм для муниципалитетов — внизу страницы.")


def _recheck(s: up.Staged) -> None:
    bar = st.progress(0.0, text=f"«{ui.md_text(s.name)}»: повторная проверка")
    up.run_prepare(s, progress=lambda frac, text: bar.progress(min(max(frac, 0.0), 1.0),
                                                               text=f"«{ui.md_text(s.name)}»: {text}"))
    bar.empty()


def _corrections(s: up.Staged) -> None:
    """Kind, region, period and unmatched columns chosen by the analyst; applied by re-checking the file."""
    p = s.prepared
    kinds = up.kind_choices()
    regs = {r["code"]: r.get("name") or r["code"] for r in up.regions()}
    cur_kind = s.kind or (p.kind if p else None)
    cur_region = s.region or (p.region if p else None)
    # open while there is something to fix or a choice being made (a choice reruns the page: it must not close)
    choosing = any(k.startswith(f"{s.key}_map_") and v for k, v in st.session_state.items())
    with st.expander("Исправить распознавание",
                     expanded=bool(s.rejected) or bool(p and p.file_errors) or choosing or bool(s.overrides)):
        c1, c2, c3 = st.columns(3)
        kind_opts = [None] + list(kinds)
        kind = c1.selectbox("Вид формы", kind_opts, index=kind_opts.index(cur_kind) if cur_kind in kind_opts else 0,
                            format_func=lambda k: "определить автоматически" if k is None else kinds[k],
                            key=f"{s.key}_kind")
        reg_opts = [None] + list(regs)
        region = c2.selectbox("Регион", reg_opts, index=reg_opts.index(cur_region) if cur_region in reg_opts else 0,
                              format_func=lambda r: "определить автоматически" if r is None else regs[r],
                              key=f"{s.key}_region")
        found = up.period_ru(p.period) if p and p.period and "," not in p.period else ""
        period = c3.text_input("Период", value=s.period or found or "",
                               placeholder="например, «I квартал 2024» или «2-е полугодие 2023»",
                               help=up.period_help(),
                               key=f"{s.key}_period")
        mapping: dict[str, str] = dict(s.overrides)
        columns = up.unmatched_columns(p, s.overrides) if p else []
        fields = up.field_choices(kind or p.kind) if p else {}
        for ignored in (False, True):
            group = [(label, header) for label, header, ign in columns if ign == ignored]
            if not group:
                continue
            if ignored:
                st.caption("Столбцы без данных мониторинга (не загружаются). Если в каком-то из них всё же "
                           "записано поле формы, выберите его:")
            else:
                st.markdown("**Несопоставленные столбцы.** Укажите, какое поле формы в них записано; "
                            "сопоставление запомнится и будет применяться к следующим файлам такого же вида.")
            for label, header in group:
                opts = [None, "-"] + list(fields)
                chosen = st.selectbox(ui.md_text(label), opts, index=opts.index(mapping.get(header))
                                      if mapping.get(header) in opts else 0,
                                      format_func=lambda f: {None: "— не выбрано —",
                                                             "-": "— не загружать этот столбец —"}.get(f) or fields[f],
                                      key=f"{s.key}_map_{header}")
                seen = up.column_values(p, label)
                if seen:  # what is in the column, as the file has it (text, never markup)
                    st.caption(f"В столбце: {ui.md_text(seen)}")
                if chosen:
                    mapping[header] = chosen
                else:
                    mapping.pop(header, None)
        if p and p.remembered and st.button("Забыть запомненное сопоставление", key=f"{s.key}_forget",
                                                   icon=":material/delete:"):
            up.forget_mapping(s)
            _recheck(s)
            st.rerun()
        if st.button("Применить и проверить снова", key=f"{s.key}_apply", icon=":material/refresh:"):
            s.kind, s.region, s.period, s.overrides = kind, region, (period.strip() or None), mapping
            _recheck(s)
            if s.prepared is not None and not s.prepared.errors:
                # as the page promises: the next file of this layout is mapped by itself — a choice the values
                # refute is not kept (it is remembered at the load if the file is loaded with it)
                up.remember_mapping(s)
            st.rerun()


def _municipalities(s: up.Staged) -> None:
    unknown = up.unknown_municipalities(s.prepared)
    if not unknown:
        return
    with st.expander(f"Нераспознанные муниципалитеты: {len(unknown)}", expanded=True):
        st.caption("Подтвердите, какому муниципалитету соответствует написание в файле: оно запомнится "
                   "в справочнике и будет распознаваться в следующих файлах.")
        for i, (written, sug) in enumerate(unknown.items()):
            cols = st.columns([3, 3, 2], vertical_alignment="bottom")
            cols[0].markdown(f"В файле: **«{ui.md_text(written)}»**")
            if not sug:
                cols[1].caption("Похожих названий в справочнике нет: исправьте написание в файле")
                continue
            opts = [(m, r) for m, r, _ in sug]
            choice = cols[1].selectbox("Это муниципалитет", opts, key=f"{s.key}_muni_{i}",
                                       format_func=lambda o: f"{o[0]} ({up.region_name(o[1])})")
            if cols[2].button("Подтвердить", key=f"{s.key}_muni_ok_{i}"):
                try:
                    auth.assert_role("analyst")
                    up.confirm_alias(s, written, choice[0], choice[1])
                except auth.PermissionDenied as e:
                    st.error(ui.md_text(e))
                    st.stop()
                except ValueError as e:  # the registry refuses (e.g. the spelling already means another unit)
                    st.error(ui.md_text(e))
                    continue
                _recheck(s)
                st.rerun()


def _indicators(s: up.Staged) -> None:
    """Rows of a long effectiveness form whose indicator the catalogue does not know: the analyst says which it is
    (remembered for files of this layout, as a column's choice); a row left without one is not loaded."""
    rows = up.unknown_indicators(s.prepared, s.overrides)
    if not rows:
        return
    names = up.indicator_choices()
    opts = [None, *names]
    with st.expander(f"Нераспознанные показатели: {sum(v is None for v in rows.values())}", expanded=True):
        st.caption("Укажите, какой показатель записан в строке: выбор запомнится для следующих файлов такого же "
                   "вида. Строки без выбранного показателя не загружаются (уходят в карантин).")
        chosen = {}
        for i, (written, code) in enumerate(rows.items()):
            cols = st.columns([3, 4], vertical_alignment="bottom")
            cols[0].markdown(f"В файле: **«{ui.md_text(written)}»**")
            chosen[written] = cols[1].selectbox("Показатель", opts, index=opts.index(code) if code in opts else 0,
                                                format_func=lambda c: "— не выбрано —" if c is None else names[c],
                                                key=f"{s.key}_ind_{i}")
        if st.button("Применить и проверить снова", key=f"{s.key}_ind_apply", icon=":material/refresh:"):
            s.overrides = {**{h: f for h, f in s.overrides.items() if h not in chosen},
                           **{h: c for h, c in chosen.items() if c}}
            _recheck(s)
            if s.prepared is not None and not s.prepared.errors:
                up.remember_mapping(s)
            st.rerun()


def _said(x) -> str:
    """A problem of the whole file as the page says it: the column it is about (two unrecognised columns read
    alike otherwise), its message and hint without the command line's parameters, as text."""
    hint = up.page_hint(x.hint)
    return ui.md_text((f"{x.column}: " if x.column else "") + x.message + (f". {hint}" if hint else ""))


def _recognised(s: up.Staged, dup: tuple[int, str, str] | None) -> None:
    """`dup`: the load already holding this very file, if any."""
    p = s.prepared
    n_err = len(p.errors)
    if dup:
        named = f" под именем «{dup[2]}»" if dup[2] != p.file_name else ""  # (a copy renamed: which file it is)
        st.info(ui.md_text(f"Этот файл уже загружен {dup[1]}{named} (загрузка № {dup[0]}): повторная загрузка "
                           "ничего не изменит."), icon=":material/content_copy:")
    elif p.replaces:  # a corrected file, a second roadmap: what goes out of use is said before «Загрузить»
        st.info(ui.md_text(up.replaces_text(p)), icon=":material/swap_horiz:")
    st.markdown(f"**Вид формы:** {up.kind_choices().get(p.kind, '—')} · **Регион:** {up.region_name(p.region)} · "
                f"**Период:** {up.period_ru(p.period)}")
    c = st.columns(3)
    c[0].metric("Строк с данными", fmt_int(p.n_rows))
    c[1].metric("Строк с ошибками", fmt_int(len(p.bad_rows)))
    c[2].metric("Замечаний", fmt_int(len(p.problems)))
    for sh in up.sheet_table(p):
        if not sh["used"]:
            st.caption(f"Лист «{ui.md_text(sh['sheet'])}» не загружается: {ui.md_text(sh['why_left'])}")
            continue
        rows_word = "строках" if "–" in sh["header_rows"] else "строке"
        md = ui.md_text  # names and headers come from the file: shown as text, never as Markdown
        lines = [f"**Лист «{md(sh['sheet'])}»**: заголовок в {rows_word} {sh['header_rows']}, "
                 f"строк с данными — {fmt_int(sh['data_rows'])}"
                 + (f", муниципалитет — {md(sh['municipality'])}" if sh["municipality"] else "")
                 + (", широкая таблица" if sh["layout"] == "wide" else "")]
        if sh["skipped"]:
            lines.append("Пропущено: " + ", ".join(f"{r} — {fmt_int(n)}" for r, n in sh["skipped"].items()))
        if sh["merged_filled"]:
            lines.append(f"Объединённые по строкам ячейки: значение учтено в каждой строке "
                         f"(заполнено ячеек — {fmt_int(sh['merged_filled'])})")
        st.markdown("  \n".join(lines))
        cols = st.columns(2)
        why = sh["why"]
        cols[0].markdown("Сопоставлено:  \n" + ("  \n".join(f"• {fld} ← {md(col)}" + (f" ({md(why[fld])})" if
                                                                                     why.get(fld) else "")
                                                            for fld, col in sh["matched"])
                                                 or "—"))
        cols[1].markdown("Не распознано:  \n" + ("  \n".join(f"• {md(col)}" for col in sh["unmatched"]) or "—")
                         + ("  \nБез данных мониторинга (не загружаются):  \n" +
                            "  \n".join(f"• {md(col)}" for col in sh["ignored"]) if sh["ignored"] else ""))
    if n_err:
        where = [f"в {fmt_int(len(p.bad_rows))} {plural(len(p.bad_rows), 'строке', 'строках', 'строках')}"
                 ] if p.bad_rows else []
        where += ["в файле в целом"] if p.file_errors else []
        st.warning(f"Найдено {fmt_int(n_err)} {plural(n_err, 'ошибка', 'ошибки', 'ошибок')} " + " и ".join(where),
                   icon=":material/warning:")
        for e in p.file_errors[:3]:  # why the whole file waits: said here, not only on the tab below
            st.error(_said(e), icon=":material/block:")
        _report_button(s)
    elif not dup:  # (a file already loaded: nothing to load, said above)
        n_warn = len(p.problems)
        st.success("Ошибок не найдено: файл можно загружать"
                   + (f" ({fmt_int(n_warn)} {plural(n_warn, 'предупреждение', 'предупреждения', 'предупреждений')}"
                      " — на вкладке ниже; они сохранятся вместе с загрузкой)" if n_warn else ""),
                   icon=":material/check_circle:")
    for w in [x for x in p.problems if x.severity != "error" and x.row is None][:5]:
        # a warning about the whole file (a criterion without a column, a shorter roadmap, another period named):
        # shown here, not only on the tab below
        st.warning(_said(w), icon=":material/info:")
    # what changed most against the previous period, and what a correction changes against the version it replaces:
    # the analyst looks before loading
    for title, said in (("Крупнейшие изменения к прошлому периоду", p.digest), ("Изменения к заменяемой версии",
                                                                                 p.changes)):
        if said and not dup:  # (a file already loaded replaces nothing)
            st.markdown(f"**{title}**  \n" + "  \n".join(f"• {ui.md_text(x)}" for x in said))
    t1, t2 = st.tabs([f"Предпросмотр ({fmt_int(min(p.n_rows, 200))} из {fmt_int(p.n_rows)} строк)",
                      f"Ошибки и предупреждения ({fmt_int(len(p.problems))})"])
    with t1:
        st.dataframe(up.styled_preview(up.preview_frame(p)), hide_index=True, key=f"{s.key}_preview")
    with t2:
        _problems(s)


def _problems(s: up.Staged) -> None:
    probs = s.problems
    if not probs:
        st.caption("Замечаний нет")
        return
    ui.problems_table(up.problems_frame(probs[:1000]))
    if len(probs) > 1000:
        st.caption(f"Показаны первые 1 000 из {fmt_int(len(probs))}; все — в отчёте об ошибках")
    if s.rejected is not None:
        _report_button(s)


def _report_button(s: up.Staged) -> None:
    st.download_button("Скачать отчёт об ошибках (ваш файл с выделенными ячейками)",
                       data=lambda s=s: up.error_report(s.path, s.problems), file_name=up.report_file_name(s.name),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{s.key}_report", icon=":material/download:", on_click="ignore",
                       help="Ваш файл, в котором ошибочные ячейки выделены цветом (с примечаниями), и лист «Ошибки» "
                            "со списком: его можно отправить в муниципалитет на исправление")


def _commit(s: up.Staged, skip: bool) -> None:
    try:
        who = auth.assert_role("analyst")
    except auth.PermissionDenied as e:
        st.error(ui.md_text(e))
        st.stop()
    try:
        with st.spinner(f"Запись «{ui.md_text(s.name)}» в базу…"):
            up.commit_staged(s, DB, skip_bad_rows=skip, who=who.login)
    except DatabaseBusy as e:
        st.error(ui.md_text(e))
        return
    except duckdb.Error:  # the database file could not be opened for writing at this moment
        st.error(up.BUSY_RU)
        return
    up.discard(s)
    st.rerun()


def _actions(s: up.Staged, dup: tuple[int, str, str] | None) -> None:
    """`dup`: the load already holding this very file — loading it again would change nothing."""
    p = s.prepared
    cols = st.columns([1.3, 3.4, 1.2])
    if cols[0].button("Загрузить", key=f"{s.key}_load", type="primary", disabled=not s.can_load_all or bool(dup),
                      icon=":material/database_upload:",
                      help="Этот файл уже загружен" if dup else None if s.can_load_all else
                      "В файле есть ошибки: исправьте их или загрузите без ошибочных строк"):
        _commit(s, skip=False)
    # (every row with errors: nothing to load without them; an error of the whole file — an unknown region, a second
    # table — is not left out with the bad rows: the button is not offered)
    if s.can_load_good:
        n = len(p.bad_rows)
        label = f"Загрузить без ошибочных строк ({fmt_int(n)} {plural(n, 'строка', 'строки', 'строк')} — в карантин)"
        if cols[1].button(label, key=f"{s.key}_load_good"):
            _commit(s, skip=True)
    if cols[2].button("Отмена", key=f"{s.key}_cancel", icon=":material/close:"):
        up.discard(s)
        del staged[s.key]
        st.rerun()


for s in list(staged.values()):
    with st.container(border=True, key=f"file_{s.key}"):
        st.subheader(ui.md_text(s.name), anchor=False)
        st.caption(f"Размер: {up.fmt_mb(s.size)}")
        if s.result is not None:
            r = s.result
            box = {"loaded": st.success, "duplicate": st.info}.get(r.status, st.error)
            # (a duplicate's message names the load that holds the file: not the number of this attempt's record)
            box(f"{r.message}" + (f" — загрузка № {r.load_id}" if r.load_id and r.status != "duplicate" else ""))
            if st.button("Убрать из списка", key=f"{s.key}_done"):
                del staged[s.key]
                st.rerun()
            continue
        if s.rejected is not None:
            st.error("Файл не может быть загружен: " + "; ".join(ui.md_text(p.message) for p in s.rejected),
                     icon=":material/error:")
            for p in s.rejected:
                if p.hint:
                    st.caption("Подсказка: " + ui.md_text(p.hint))
            _corrections(s)
            _problems(s)
            if st.button("Отмена", key=f"{s.key}_cancel_rej", icon=":material/close:"):
                up.discard(s)
                del staged[s.key]
                st.rerun()
            continue
        dup = up.already_loaded(DB, s.prepared.sha256)
        _recognised(s, dup)
        _corrections(s)
        _municipalities(s)
        _indicators(s)
        _actions(s, dup)

if staged and st.button("Очистить поле загрузки", key="upload_reset", help="Убирает файлы из поля выше; "
                        "проверенные файлы в списке остаются"):
    ss["upload_gen"] += 1
    ss["upload_seen"] = set()
    st.rerun()

with st.expander("Бланки форм для муниципалитетов"):
    st.caption("Чистые бланки всех видов форм с выпадающими списками для обоих регионов: файлы, заполненные "
               "по бланку, распознаются без исправлений. По одному региону — на странице «Сдача форм».")
    st.download_button("Скачать бланки форм (ZIP)", data=lambda: tr.blank_forms_zip(None),
                       file_name="бланки_форм.zip", mime="application/zip", key="upload_forms",
                       icon=":material/download:", on_click="ignore")
