"""Rendering helpers shared by the pages: a chart with its title, filters, source and downloads; a table with
its xlsx download; KPI cards; the page header."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from app import theme
from app.charts import ChartSpec, build_figure, format_cell
from app.filters import Filters
from app.xlsx import to_xlsx, to_xlsx_sheets


def page_header(title: str, filters: Filters | None, note: str | None = None, form: str = "readiness") -> None:
    """The title, the filters line and, when the period is not fully sent, a word on the page's own `form`."""
    st.title(title)
    st.session_state["_page_subtitle"] = filters.describe() if filters is not None else None
    if filters is not None:
        st.caption(filters.describe())
        from app.filters import LINK_WARNINGS, completeness_note, missing_note

        for said in st.session_state.get(LINK_WARNINGS) or ():  # (the sidebar's, below the fold: t93)
            st.warning(said, icon=":material/link_off:")
        said = completeness_note(filters, form)
        if said and said.startswith("Данные неполные"):
            st.warning(said, icon=":material/hourglass_top:")
        elif said:
            st.caption(said)
        if (missing := missing_note(filters, form)) is not None:
            st.warning(missing, icon=":material/hourglass_top:")
    if note:
        st.caption(note)


def show_chart(spec: ChartSpec, *, on_select="ignore", key: str | None = None):
    """Title, the filters line, the figure (or a Russian message), the source line, the download buttons.
    Returns the plotly selection state when `on_select="rerun"` (or a callback, run before the next run)."""
    st.markdown(f"##### {md_text(spec.title)}")  # a title may name an event or a school from a file
    if spec.subtitle and spec.subtitle != st.session_state.get("_page_subtitle"):
        st.caption(spec.subtitle)  # the page header already shows the filters when they are the same
    event = None
    if spec.empty:
        st.info(spec.empty_message)
    else:
        fig = figure_dict(_spec_fingerprint(spec), spec)
        # theme=None: the product's own template (fonts, colours) — the page looks like the exported image
        event = st.plotly_chart(fig, config=theme.PLOTLY_CONFIG, key=key or f"chart_{spec.key}", theme=None,
                                on_select=on_select, selection_mode="points" if on_select != "ignore"
                                else ("points", "box", "lasso"))
    st.caption(spec.source)
    if not spec.empty:
        from reports.buttons import chart_downloads
        chart_downloads(spec)
    return event


def _spec_fingerprint(spec: ChartSpec) -> tuple:
    """What a figure depends on: the spec's fields and a hash of its (small, aggregated) data."""
    data_hash = int(pd.util.hash_pandas_object(spec.data, index=False).sum()) if not spec.empty else 0
    return (spec.key, spec.kind, spec.title, spec.subtitle, spec.source, spec.x, spec.y, spec.series, spec.z,
            spec.unit, spec.percent, spec.target, spec.orientation, tuple(spec.data.columns), data_hash,
            repr(sorted(spec.colors.items())), repr(sorted(spec.labels.items())), repr(spec.extra))


@st.cache_data(max_entries=256, show_spinner=False)
def figure_dict(fingerprint: tuple, _spec: ChartSpec) -> dict:
    """build_figure(spec) as a plain dict, cached: plotly's validation costs 20–90 ms per figure."""
    return build_figure(_spec).to_plotly_json()


def _safe_name(name: str) -> str:
    return re.sub(r"[^0-9A-Za-zА-Яа-яЁё_\-]+", "_", name).strip("_") or "таблица"


def display_frame(df: pd.DataFrame, percent_cols=()) -> pd.DataFrame:
    """A copy for the screen: numbers, shares, dates and yes/no as a Russian reader writes them."""
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        out[c] = [format_cell(v, c, tuple(percent_cols)) for v in df[c].tolist()]
    return out


def _longest(col: pd.Series) -> int:
    """The longest text of a column in characters (0 for a column of empty cells: pandas 3 keeps them missing, and
    int(NaN) stopped the school list of a form with no ИНН — tester round t79)."""
    n = col.dropna().astype(str).str.len().max()
    return 0 if pd.isna(n) else int(n)


def show_table(df: pd.DataFrame, filters: Filters | str | None, name: str, *, percent_cols=(),
               title: str | None = None, height: int | str = "auto", empty_message: str | None = None,
               static: bool = False, download: pd.DataFrame | None = None, pinned: tuple[str, ...] = (),
               source: str | None = None) -> None:
    """st.dataframe of the table (or a static table whose long texts wrap) plus «Скачать xlsx»
    (formatted, the filters written at the top; `download` = a fuller frame for the file). `pinned` columns stay
    in view while the table scrolls sideways, wide enough for their longest text. `source`: «Источник: …», under
    the table and in the file."""
    if df is None or df.empty:
        st.info(empty_message or "Нет данных для выбранных фильтров")
        return
    if static:  # st.table renders Markdown in its cells: texts from files are escaped first
        shown = display_frame(df, percent_cols).map(lambda v: md_text(v) if isinstance(v, str) else v)
        st.table(shown.set_index(df.columns[0]))
    else:
        config = {c: st.column_config.TextColumn(c, pinned=True, width=min(420, max(120, 8 * _longest(df[c]))))
                  for c in pinned if c in df.columns}
        for c in df.columns:  # a short text whole («индустриальный партнёр» was cut to «индустриальный партнё…»)
            longest = _longest(df[c]) if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]) else 0
            if c not in config and 12 < longest <= 32:
                config[c] = st.column_config.TextColumn(c, width=8 * max(longest, len(str(c))) + 24)
        st.dataframe(display_frame(df, percent_cols), hide_index=True, height=height, column_config=config or None)
    desc = filters.describe() if isinstance(filters, Filters) else (filters or "")
    if source:
        st.caption(source)
        desc = f"{desc}. {source}" if desc else source
    full = df if download is None else download
    st.download_button("Скачать xlsx", data=lambda: to_xlsx(full, title or name, desc, percent_cols),
                       file_name=f"{_safe_name(name)}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"xlsx_{_safe_name(name)}", icon=":material/download:")


def kpi_cards(figures, per_row: int = 4, filters: Filters | None = None) -> None:
    """The key figures as cards: value, change, base, completeness; each answers «откуда эта цифра?» — its source
    (forms, loads, date) in the tooltip and, in a popover, the page with its charts and the rows it is computed
    from as an xlsx (file, sheet and row of each)."""
    for i in range(0, len(figures), per_row):
        cols = st.columns(per_row)
        for col, k in zip(cols, figures[i:i + per_row]):
            with col, st.container(border=True):
                # fmt_delta writes a real minus sign (−), so the arrow and colour are set from the number
                d = None if (k.delta_text or "").startswith("±") else k.delta  # (no change at the digits shown)
                arrow = "off" if not d else ("up" if d > 0 else "down")
                good = d is not None and ((d > 0) == k.higher_is_better)
                color = "gray" if not d else ("green" if good else "red")
                st.metric(k.label, k.text, delta=k.delta_text or None, delta_color=color, delta_arrow=arrow,
                          help=k.source or None)
                st.caption(k.denominator)
                if k.completeness:  # a partial period: the card says how much of the region it covers
                    st.caption(f":material/hourglass_top: {k.completeness} — данные неполные")
                if filters is not None:
                    _card_sources(k, filters)


def _card_sources(k, filters: Filters) -> None:
    from app import kpi

    with st.popover("Откуда эта цифра?", icon=":material/manage_search:", width="stretch"):
        st.caption(k.source)
        forms = kpi.CARD_FORMS[k.key]
        st.page_link(kpi.CARD_PAGE[forms[-1]], label="Графики и таблицы этой формы", icon=":material/bar_chart:",
                     query_params=filters.query_params())
        st.download_button("Строки форм, из которых посчитана цифра (xlsx)",
                           data=lambda: to_xlsx_sheets(kpi.rows_behind(filters, k.key),
                                                       f"{k.label}: строки форм", filters.describe()),
                           file_name=f"{_safe_name(k.label)}_строки.xlsx", key=f"kpi_rows_{k.key}",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")


def tabs(labels: list[str], key: str):
    """Tabs that report which one is open (`.open`), so a page renders only the open tab's charts; the open
    tab is kept in the URL with the filters."""
    return st.tabs(labels, key=key, on_change="rerun", bind="query-params")


def russian_file_uploader(limit_text: str, types_text: str, browser_limit_text: str) -> None:
    """Streamlit's file uploader writes its button, hint and refusals in English («Upload», «200MB per file • XLSX»,
    «File must be 200.0MB or smaller»): replace them with Russian (a style block; it takes no space on the page).
    File chips lose their English size («2.5MB»): the upload report below shows each file's size in Russian."""
    hint = f"Перетащите файлы сюда или нажмите «Выбрать файлы» · до {limit_text} каждый · {types_text}"
    refused = (f"Файл не принят: он больше {browser_limit_text} или это не таблица ({types_text}). "
               "Удалите его из списка крестиком")
    zone = '[data-testid="stFileUploaderDropzone"]'
    st.html(f"""<style>
{zone} button[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] {{ display: none; }}
{zone} button[data-testid="stBaseButton-secondary"] span[data-has-shortcut]::after {{ content: "Выбрать файлы"; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{hint}"; font-size: 0.875rem; opacity: 0.6; }}
[data-testid="stFileChip"] [data-testid="stFileChipName"] + div {{ display: none; }}
[data-testid="stTooltipErrorContent"] {{ font-size: 0; }}
[data-testid="stTooltipErrorContent"]::after {{ content: "{refused}"; font-size: 0.875rem; }}
</style>""")


# Streamlit's own words (toolbars, tooltips, its status widget), exact text → Russian
STREAMLIT_RU = {
    "Show/hide columns": "Показать или скрыть столбцы", "Search": "Поиск", "Fullscreen": "Во весь экран",
    "Close fullscreen": "Выйти из полноэкранного режима", "Download as CSV": "Скачать CSV",
    "Running...": "Выполняется…", "Stop": "Остановить", "Connecting": "Подключение…", "Please wait": "Подождите",
    "Rerun": "Обновить", "Clear cache": "Очистить кэш", "Close": "Закрыть", "Download": "Скачать",
    "Add row": "Добавить строку", "Delete row": "Удалить строку", "Clear": "Очистить", "Open": "Открыть",
    "Show password text": "Показать пароль", "Hide password text": "Скрыть пароль", "Show password": "Показать пароль",
    "Hide password": "Скрыть пароль",
    "Press Enter to submit form": "Нажмите Enter, чтобы отправить", "Press Enter to apply": "Нажмите Enter",
    "Skip to main content": "Перейти к содержимому", "No results": "Ничего не найдено",
    "Choose an option": "Выберите значение", "Choose options": "Выберите значения",  # (an emptied select box)
    "Select all": "Выбрать все", "Deselect all": "Снять выбор", "Clear all": "Очистить все",
    "Collapse sidebar": "Свернуть боковую панель", "Expand sidebar": "Развернуть боковую панель",
    "Open sidebar": "Развернуть боковую панель", "Close sidebar": "Свернуть боковую панель",
    # the date inputs (baseweb's calendar)
    "Choose date": "Выберите дату", "Choose a date": "Выберите дату", "DD.MM.YYYY": "ДД.ММ.ГГГГ",
    "dd.mm.yyyy": "ДД.ММ.ГГГГ", "Previous month.": "Предыдущий месяц", "Next month.": "Следующий месяц",
    "Previous month": "Предыдущий месяц", "Next month": "Следующий месяц",
}
# labels Streamlit builds around a text of ours: English prefix → Russian prefix
STREAMLIT_PREFIX_RU = {"Help for ": "Подсказка: "}
# Streamlit's system dialogs, by their English title: the Russian title and text (what to do)
SYSTEM_DIALOGS_RU = {
    "Page not found": ("Страница не найдена",
                       "Такой страницы нет или она недоступна для вашей роли. Открыта главная страница."),
    "Connection error": ("Связь с сервером потеряна",
                         "Панель переподключится сама, как только сервер снова станет доступен: страницу "
                         "обновлять не нужно. Если связи нет дольше нескольких минут, обратитесь к "
                         "администратору панели."),
}


def app_style() -> None:
    """Russian for the words Streamlit itself puts on pages: its system dialogs («Page not found», «Connection
    error … streamlit run yourscript.py»), toolbar buttons and tooltips of tables and charts, the status widget
    and the keyboard «Skip to main content» link. A script in an invisible frame (it takes no space) watches the
    page and replaces those exact texts and labels — only Streamlit's own, never text inside the data; a lost
    connection keeps it running, so the dialog saying so is Russian too."""
    import json

    st.html("""<style>
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"],
[data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricDelta"] { height: auto !important; }
</style>""")
    st.html("""<script>(function () {
const P = window; if (P.__monitoringRu) return; P.__monitoringRu = true;
const doc = P.document, WORDS = %s, DIALOGS = %s, PREFIX = %s;
function ru(v) {
  const k = v.trim(); if (WORDS[k]) return WORDS[k];
  for (const p in PREFIX) if (v.startsWith(p)) return PREFIX[p] + v.slice(p.length);
  return null;
}
const UI = '[data-testid="stElementToolbar"], [data-baseweb="tooltip"], [role="tooltip"], ' +
  '[data-testid="stStatusWidget"], [data-testid="stToolbar"], [data-testid="stSkipToContent"], ' +
  '[data-testid="stMainMenuPopover"], [data-testid="stTooltipContent"], [data-testid="stDataFrameTooltipContent"], ' +
  '[data-testid="InputInstructions"], [data-testid="stMultiSelectDropdown"]';
function dialog(sec) {
  const h = sec.querySelector('h2'); if (!h) return;
  const d = DIALOGS[h.textContent.trim()]; if (!d) return;
  h.textContent = d[0];
  const body = h.nextElementSibling;
  if (body) { body.textContent = d[1]; }
  sec.querySelectorAll('pre, code').forEach(e => e.remove());
}
function fix(root) {
  if (!root || root.nodeType !== 1) return;
  root.querySelectorAll('[aria-label], [title], [placeholder]').forEach(e => {
    for (const a of ['aria-label', 'title', 'placeholder']) {
      const v = e.getAttribute(a), r = v && ru(v); if (r) e.setAttribute(a, r);
    }
  });
  const boxes = [...(root.matches(UI) ? [root] : []), ...root.querySelectorAll(UI)];
  if (root.closest && root.closest(UI)) boxes.push(root);
  for (const box of boxes) {
    const w = doc.createTreeWalker(box, 4);
    for (let t = w.nextNode(); t; t = w.nextNode()) {
      const k = t.nodeValue.trim(); if (WORDS[k]) t.nodeValue = WORDS[k];
    }
  }
  const dialogs = [...(root.matches('section[role="dialog"]') ? [root] : []),
                   ...root.querySelectorAll('section[role="dialog"]')];
  if (root.closest && root.closest('section[role="dialog"]')) dialogs.push(root.closest('section[role="dialog"]'));
  dialogs.filter(s => !s.querySelector('[data-testid="stVerticalBlock"]')).forEach(dialog);
  const chips = [...(root.matches(CHIP) ? [root] : []), ...root.querySelectorAll(CHIP)];
  if (root.closest && root.closest(CHIP)) chips.push(root.closest(CHIP));
  chips.forEach(chip);
}
// a file chip of the uploader: its size («2.5MB») and the refusal a screen reader says («Error: File must be
// 50.0MB or smaller.») in Russian
const CHIP = '[data-testid="stFileChip"]';
function size(v) { return v.replace(/(\d+)\.(\d+)\s*([KMG]?)B$/, (m, a, b, u) =>
  a + ',' + b + '\u00a0' + ({K: 'КБ', M: 'МБ', G: 'ГБ'}[u] || 'Б')); }
function chip(c) {
  const label = c.getAttribute('aria-label');
  if (label && /\d[KMG]?B$/.test(label)) c.setAttribute('aria-label', size(label));
  c.querySelectorAll('button[aria-label^="Remove "]').forEach(b =>
    b.setAttribute('aria-label', 'Убрать из списка: ' + b.getAttribute('aria-label').slice(7)));
  c.querySelectorAll('[role="alert"]').forEach(a => {
    const v = a.textContent.trim(); if (!v.startsWith('Error')) return;
    const m = v.match(/([\d.]+[KMG]?B) or smaller/);
    a.textContent = 'Файл не принят: ' + (m ? 'он больше ' + size(m[1]) : 'это не таблица допустимого формата') +
      '. Удалите его из списка крестиком';
  });
}
new P.MutationObserver(ms => { for (const m of ms) {
  if (m.type === 'characterData') { fix(m.target.parentElement); continue; }
  if (m.type === 'attributes') { fix(m.target.parentElement || m.target); continue; }
  m.addedNodes.forEach(n => fix(n.nodeType === 1 ? n : n.parentElement));
} }).observe(doc.body, {childList: true, subtree: true, characterData: true, attributes: true,
                        attributeFilter: ['aria-label', 'title', 'placeholder']});
fix(doc.body);
})();</script>""" % tuple(json.dumps(d, ensure_ascii=False) for d in (STREAMLIT_RU, SYSTEM_DIALOGS_RU, STREAMLIT_PREFIX_RU)),
            unsafe_allow_javascript=True)


# the signs that start Markdown inside a line: emphasis, code, links and images, formulas, HTML, tables,
# strikethrough, and «:» before a word (icons «:material/…:», emoji, «http://» autolinks); «www.» autolinks too
_MD_SPECIAL = re.compile(r"([\\`*_\[\]$<>|~#]|:(?=\S)|(?<=w)\.(?=\S))")


# where the browser's Markdown would make a link or an icon of plain text by itself (an address «http://…»,
# «www.…», an e-mail «a@b.c», «mailto:…»; «:material/warning:», «:smile:» — escaping «:» does not stop these):
# an invisible word joiner there keeps it text
_AUTOLINK = re.compile(r"(?=://)|(?<=www)(?=\.)|(?=@)|(?<=:)(?=\S)", re.IGNORECASE)


def md_text(text) -> str:
    """Text from a file, safe inside st.markdown: no emphasis, link, icon, formula or HTML is made of it."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", str(text)))


def problems_table(frame, **kw) -> None:
    """A file's problems (`app.upload.problems_frame`) as a table whose message and hint have the room: the short
    columns narrow, so «Подсказка» is on the screen at 1366 px too."""
    text = st.column_config.TextColumn
    st.dataframe(frame, hide_index=True, column_config={
        "Лист": text(width="small"), "Строка": text(width="small"), "Столбец": text(width="medium"),
        "Значение": text(width="small"), "Замечание": text(width="large"), "Подсказка": text(width="large"),
        "Важность": text(width="small")}, **kw)
    if len(frame):  # a table cell holds one line: the whole text of each, to read (tester round t79: cut short)
        with st.expander("Замечания полным текстом", icon=":material/subject:"):
            st.markdown("\n\n".join(_problem_text(r) for r in frame.head(200).to_dict("records"))
                        + ("\n\n…" if len(frame) > 200 else ""))


def _problem_text(r: dict) -> str:
    """«**лист «Лист1», строка 5, столбец C «Уровень»:** Неизвестный уровень … *Подсказка: …*» (texts escaped)."""
    where = ", ".join(x for x in (f"лист «{r.get('Лист')}»" if r.get("Лист") else "",
                                  f"строка {r.get('Строка')}" if r.get("Строка") else "",
                                  f"столбец {r.get('Столбец')}" if r.get("Столбец") else "") if x)
    hint = r.get("Подсказка")
    return (f"**{md_text(where)}:** " if where else "") + md_text(r.get("Замечание") or "") + \
        (f" — *{md_text(hint)}*" if hint else "")
