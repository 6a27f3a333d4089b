"""Step «locate and map»: the sheets that hold a table of records, the kind of form, each table's columns mapped to
fields (the analyst's choices for the layout applied), value samples for the mapping and the accounting.

Instructions and lists («Инструкция», «Справочник») are skipped, summary sheets beside detail sheets too, and a
file that is only a summary of municipalities is refused with what to send instead."""
from __future__ import annotations

import re

import numpy as np

from etl import (bvb, evidence, kinds, learned, legend, locate, mapping, names, periods, summary_form, summary_sheets,
                 transposed)
from etl.header_facts import header_span
from etl.model import KIND_LABELS_RU, FileRejected, Problem
from etl.names import SUMMARY_SHEET_RE
from etl.staged import SheetReport, Staged

R_SUMMARY_SHEET = "сводный лист: повторяет итоги других листов, не загружается"
R_HELP_SHEET = "инструкция или справочник, а не данные: не загружается"
# sheets that explain the form or hold its lists, not data (a sample row in an instruction is no school)
HELP_SHEET_RE = re.compile(r"^\s*(инструкц|пояснени|образец|пример|памятк|справочн|списки|перечни|лист\s+справоч|"
                           r"методическ|readme|help)", re.IGNORECASE)


def decoded(values: list, header: str) -> list:
    """A column's sample with the codes its header explains read as their meaning."""
    lg = legend.legend_of(header)
    return legend.decode(values, lg)[0] if lg else values


def find(st: Staged) -> None:
    """Fill st.used with (sheet, table, column map, samples) and st.kind; report the sheets left out."""
    sheets = st.wb.sheets
    tables = []
    for name in st.wb.hidden:  # (last year's copy, a helper list: never read without a word)
        st.reports.append(SheetReport(name, False, R_HELP_SHEET if HELP_SHEET_RE.match(name) else  # (the blanks' lists)
                                      "лист скрыт в файле: не загружается (если на нём данные формы, покажите лист в "
                                      "Excel и загрузите файл снова)"))
    for sheet in sheets:
        if len(sheets) > 1 and HELP_SHEET_RE.match(sheet.name):
            st.reports.append(SheetReport(sheet.name, False, R_HELP_SHEET))
            continue
        t = locate.find_table(sheet, st.cat)
        if t is None:  # (a «Свод» beside the lists, its header not read: left out as a summary, as any other)
            summary = len(sheets) > 1 and SUMMARY_SHEET_RE.match(sheet.name)
            st.reports.append(SheetReport(sheet.name, False, R_SUMMARY_SHEET if summary else
                                          "на листе не найдена таблица с заголовками"))
            continue
        tables.append((sheet, t))
    exports = {sheet.name: cols for sheet, t in tables if st.kind in (None, "effectiveness")
               for cols in [bvb.columns(t)] if cols}
    if exports:  # the «Билет в будущее» platform's exports: counted or summed per school (etl/bvb.py)
        st.kind, st.bvb = "effectiveness", exports
        st.used = [(sheet, t, None, {}) for sheet, t in tables if sheet.name in exports]
        return
    summaries = [(sheet, t) for sheet, t in tables if st.kind != "effectiveness"  # (by municipality: a figure)
                 and summary_form.is_summary(t, st.cat)]
    if summaries and len(summaries) == len(tables):
        raise FileRejected([summary_form.problem(st.name, sheet.name, t, st.cat) for sheet, t in summaries[:1]])
    for sheet, t in summaries:  # beside lists of records: the summary repeats them (compared: etl/summary_check.py)
        st.reports.append(SheetReport(sheet.name, False, R_SUMMARY_SHEET))
        tables.remove((sheet, t))
        st.summaries.append((sheet, t, None, None))
    if not tables:
        _refuse_if_turned(st)
        raise FileRejected(Problem(st.name, None, None, None, None, "no_table",
                                   "В файле не найдена таблица с данными мониторинга",
                                   "Проверьте, что в файле есть строка заголовков (например, «Наименование ОО», "
                                   "«Муниципальное образование») и строки с данными под ней; "
                                   "используйте бланк формы со страницы «Загрузка данных»"))
    # each table's score per kind, once: for the file's kind and for a sheet of another form
    scores = [kinds.table_scores(t, st.cat) for _, t in tables] if st.kind is None or len(tables) > 1 else None
    if st.kind is None:
        st.kind, _score = kinds.detect_kind([t for _, t in tables], st.cat, scores)
        if st.kind is None:
            _refuse_if_turned(st)
            odd = [f"«{h}»" for h in kinds.unrecognised_headers([t for _, t in tables], st.cat)[:5]]
            totals = {k: sum(s[k] for s in scores) for k in kinds.KINDS}
            nearest = max(totals, key=totals.get)  # named in the hint
            near = (f" — похоже, это «{KIND_LABELS_RU[nearest]}» (параметр --kind {nearest}" if totals[nearest] > 0
                    else " (параметр --kind")
            raise FileRejected(Problem(st.name, None, None, None, None, "unknown_kind",
                                       "Не удалось определить вид формы по заголовкам столбцов" +
                                       (f": не распознаны {', '.join(odd)}" if odd else ""),
                                       f"Выберите вид формы вручную{near} или поле «Вид формы»)" +
                                       ("; затем укажите, что в нераспознанных столбцах (--map \"заголовок=поле\" "
                                        "или «-» — не загружать)" if odd else "")))
    _one_kind(st, tables, scores)
    maps = []
    for sheet, t in tables + [(sheet, t) for sheet, t, _c, _s in st.summaries]:
        # The analyst's confirmed mapping for this layout applies by itself; explicit overrides win.
        sig = learned.layout_signature(t)
        remembered = learned.get(sig) or {}
        sheet_overrides = {**remembered, **(st.overrides or {})}
        # rows of a long effectiveness form given their indicator (their texts, by key: those remembered named so)
        answers = learned.row_answers(sheet_overrides, t, st.cat) if st.kind == "effectiveness" and sheet_overrides \
            else {}
        said = learned.notice(st.name, sheet.name, sig, remembered, st.overrides, st.kind, set(answers))
        if said is not None:
            st.problems.append(said)
            st.remembered.append(sig)
        rows = np.asarray(t.data_rows, dtype=np.int64)
        samples = {c.index: decoded(evidence.column_sample(sheet, rows, c.index), c.header) for c in t.columns}
        cmap = mapping.map_columns(t, st.cat, kind=st.kind, overrides=sheet_overrides or None, samples=samples,
                                   form_span=_form_span(st, t))
        st.row_answers.update(answers)
        if any(t is s[1] for s in st.summaries):  # (a summary form: read only to be compared)
            st.summaries = [(sheet, t, cmap, samples) if t is s[1] else s for s in st.summaries]
        else:
            maps.append((sheet, t, cmap, samples))
    # Summary sheets beside detail sheets repeat the totals: never count them twice.
    detail = [m for m in maps if not SUMMARY_SHEET_RE.match(m[0].name) and m[1].data_rows]
    if detail and len(maps) > 1:  # (a «Свод» left out must hold nothing the detail sheets lack)
        summary_sheets.more_than_details(st, [m for m in maps if SUMMARY_SHEET_RE.match(m[0].name)], detail)
    for sheet, t, cmap, samples in maps:
        if detail and len(maps) > 1 and SUMMARY_SHEET_RE.match(sheet.name):
            st.reports.append(SheetReport(sheet.name, False, R_SUMMARY_SHEET))
            st.summaries.append((sheet, t, cmap, samples))
            continue
        st.used.append((sheet, t, cmap, samples))


def _form_span(st: Staged, t) -> tuple | None:
    """The form's period as the load will take it: given (--period, the upload page), else the title's, else the file
    name's."""
    if st.period and periods.is_valid(st.period):
        return periods.period_bounds(st.period)
    titled = header_span(str(t.title_text or ""))
    if titled:
        return titled
    label = names.period_from_texts([st.name], None, any_date=False)
    return periods.period_bounds(label) if label else None


def _one_kind(st: Staged, tables: list, scores: list | None) -> None:
    """A file holds one form: a sheet that reads as a form of another kind (effectiveness beside events, agreements
    beside readiness) would be read as this one — its figures lost or misread — so the file is refused, each sheet
    named with its kind."""
    if len(tables) < 2:
        return
    detail = any(not SUMMARY_SHEET_RE.match(sheet.name) for sheet, _t in tables)
    other = [(sheet.name, k) for (sheet, t), s in zip(tables, scores)
             if not (detail and SUMMARY_SHEET_RE.match(sheet.name))  # («Свод» beside the lists: left out below)
             for k in [kinds.detect_kind([t], st.cat, [s])[0]] if k not in (None, st.kind)]
    if other:
        name, k = other[0]
        raise FileRejected(Problem(
            st.name, name, None, None, None, "mixed_forms",
            f"В файле формы разных видов: лист «{name}» — {KIND_LABELS_RU.get(k, k)}, а файл читается как "
            f"«{KIND_LABELS_RU.get(st.kind, st.kind)}»",
            f"Загрузите каждую форму отдельным файлом: перенесите лист «{name}» в новый файл (или удалите его, если "
            "он не нужен)"))


def _refuse_if_turned(st: Staged) -> None:
    """No form found: a table turned on its side is said as such (etl/transposed.py)."""
    turned = transposed.problem(st.name, st.wb.sheets, st.cat)
    if turned is not None:
        raise FileRejected(turned)
