"""«Экспорт»: choose region, period, municipalities and charts; download a ZIP of PNG/SVG, a PowerPoint deck or
the analytical note (DOCX). Files are built on a button press with a progress bar, then offered for download."""
from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from app import auth, queries, shell
from app import filters as F
from etl import config
from etl.textru import plural
from reports import bundle, collect, images, note_docx, note_pdf, pptx_deck

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py
auth.require_role("viewer")
ss = st.session_state
DB = str(config.db_path())
V = queries.version(DB)

st.title("Экспорт")
st.caption("Выберите регион, период, муниципалитеты и графики — и выгрузите их архивом изображений, "
           "презентацией PowerPoint (графики в ней редактируются) или аналитической справкой Word.")

scope = F.user_scope()  # a municipal coordinator exports their municipalities only
regions = F.region_choices(DB, V)
if not regions:
    st.info("В базе пока нет данных. Загрузите формы мониторинга на странице «Загрузка данных».")
    st.stop()

def _on_region_change() -> None:
    """Another region has other periods and municipalities: its latest period, all municipalities."""
    ss.pop("export_period", None)
    ss["export_mun"] = []


# The choices start from the filters of the monitoring pages — region, period, municipalities, level — and start
# from them again whenever they were changed there; what is chosen here stays while they do not change.
# A direct link to this page («…/export?region=…&period=…») names the filters itself.
link = F.from_link() if "export_from" not in ss else None
cur = link or F.current()
start = (cur.region, cur.chosen_period, cur.municipalities if link else tuple(ss.get(F.K_MUN) or ()), cur.level)
if ss.get("export_from") != start:
    ss["export_from"] = start
    ss["export_region"] = cur.region if cur.region in regions else regions[0]
    ss["export_period"] = cur.chosen_period
    ss["export_level"] = cur.level or F.ALL_LEVELS
    ss["export_mun"] = list(start[2])
if ss.get("export_region") not in regions:
    ss["export_region"] = regions[0]
c1, c2, c3 = st.columns([1, 1, 1])
region = c1.selectbox("Регион", regions, format_func=F.region_name, key="export_region",
                      on_change=_on_region_change)
# a school year first, then its periods: the newest is second
periods = F.period_choices(DB, V, region, F.scope_in(scope, region) if scope else ())
if not periods:
    st.info("По этому региону нет данных ни за один период.")
    st.stop()
if ss.get("export_period") not in periods:
    ss["export_period"] = periods[1] if len(periods) > 1 else periods[0]
period = c2.selectbox("Отчётный период", periods, format_func=F.period_label, key="export_period")
if link is not None and (unknown := F.unknown_link_period(periods)):  # a link's period with no data: said
    st.warning(f"{unknown} из ссылки в данных нет: открыт «{F.period_label(period)}»",
               icon=":material/link_off:")
level = c3.selectbox("Уровень профминимума", F.LEVEL_OPTIONS, key="export_level",
                     format_func=lambda x: "все уровни" if x == F.ALL_LEVELS else x)
choices = F.municipality_choices(DB, V, region)
ss["export_mun"] = [m for m in ss.get("export_mun") or [] if m in choices]
munis = st.multiselect("Муниципалитеты", choices, key="export_mun",
                       placeholder="все ваши муниципалитеты" if scope else "все муниципалитеты")
filters = F.clamp(F.Filters(region, period, tuple(munis), None if level == F.ALL_LEVELS else level))

defs = collect.chart_defs()
st.markdown("**Графики**")


def _set_all(value: bool) -> None:
    for d in defs:
        ss[f"export_chart__{d.key}"] = value


b1, b2, _ = st.columns([1, 1, 4])
b1.button("Выбрать все", on_click=_set_all, args=(True,), key="export_all", width="stretch")
b2.button("Снять все", on_click=_set_all, args=(False,), key="export_none", width="stretch")
by_page: dict[str, list] = {}
for d in defs:
    by_page.setdefault(d.page, []).append(d)
cols = st.columns(3)
keys = []
# pages in their menu order, filled column by column
col_of, filled, per_col = {}, 0, (len(defs) + 2) // 3
for page_title, items in by_page.items():
    col_of[page_title] = min(2, filled // max(per_col, 1))
    filled += len(items)
for page_title, items in by_page.items():
    with cols[col_of[page_title]]:
        st.caption(page_title)
        for d in items:
            ss.setdefault(f"export_chart__{d.key}", True)
            if st.checkbox(d.title, key=f"export_chart__{d.key}"):
                keys.append(d.key)
st.caption(f"Выбрано графиков: {len(keys)} из {len(defs)}. {filters.describe()}")
if not keys:
    st.warning("Выберите хотя бы один график.")
    st.stop()


def _signature(*parts) -> str:
    return hashlib.sha1(repr((filters, tuple(keys), V) + parts).encode()).hexdigest()


def _progress_callback(bar, what: str):
    def cb(done, total, message: str | None = None):
        bar.progress(min(1.0, done / max(total, 1)), text=f"{what}: {message or ''} ({done} из {total})")

    return cb


def _failed(e: Exception) -> None:
    import logging

    logging.getLogger(__name__).exception("export failed")
    # (an ExportError's own Russian text; any other failure only in the log — no class name of Python to a user)
    from reports.images import ExportError

    st.error(str(e) if isinstance(e, ExportError) else "Не удалось сформировать файл. Повторите попытку; если ошибка "
             "повторится, сообщите администратору (подробности — в журнале панели).", icon=":material/error:")


def _offer(slot: str, sig: str, label: str, file_name: str, mime: str):
    ready = ss.get(slot)
    if ready and ready[0] == sig:
        st.download_button(label, data=ready[1], file_name=file_name, mime=mime, key=f"{slot}_dl",
                           type="primary", icon=":material/download:", on_click="ignore", width="stretch")


def _build_on_press(slot: str, sig: str, go_label: str, first_text: str, make, done_text) -> None:
    """The «Сформировать …» button of one file: `make(bar)` → (collected data, file bytes) under a progress bar,
    kept in session state for `_offer`; a Russian message when it fails."""
    if st.button(go_label, key=f"{slot}_go", width="stretch"):
        bar = st.progress(0.0, text=first_text)
        try:
            data, blob = make(bar)
        except images.ExportError as e:
            st.error(str(e))
        except Exception as e:  # noqa: BLE001 - the user sees a Russian message, the log keeps the details
            _failed(e)
        else:
            ss[slot] = (sig, blob)
            bar.progress(1.0, text=done_text(data, blob))


def _zip(bar):
    data = collect.collect(filters, keys, DB, with_figures=False, progress=_progress_callback(bar, "Данные"))
    draw = _progress_callback(bar, "Изображения")
    return data, bundle.build_zip(data.specs, fmt, size, progress=lambda done, total: draw(done, total, ""))


def _deck(bar):
    data = collect.collect(filters, keys, DB, progress=_progress_callback(bar, "Данные"))
    return data, pptx_deck.deck_for(data, progress=_progress_callback(bar, "Слайды"))


def _note(bar):
    data = collect.collect(filters, keys, DB, progress=_progress_callback(bar, "Данные"))
    build = note_pdf.build_pdf if note_fmt == "pdf" else note_docx.build_note
    return data, build(data, progress=_progress_callback(bar, "Справка"))


z, p, d = st.columns(3, border=True)

with z:
    st.markdown("#### Архив изображений")
    fmt = st.radio("Формат", ["png", "svg"], format_func=str.upper, horizontal=True, key="export_zip_fmt")
    size = st.selectbox("Размер", list(images.SIZES), format_func=lambda k: images.SIZES[k].label,
                        key="export_zip_size")
    if fmt == "png":  # (the size is the picture's layout; a PNG has twice its points each way, to stay sharp)
        px = images.SIZES[size]
        st.caption(f"PNG — с удвоенной чёткостью: {px.width * images.DEFAULT_SCALE}×{px.height * images.DEFAULT_SCALE} "
                   "точек (на слайде или в документе — в размер выбранного)")
    sig = _signature("zip", fmt, size)
    _build_on_press("export_zip", sig, "Сформировать ZIP", "Подготовка данных графиков", _zip,
                    lambda data, _blob: f"Готово: {len(data.specs)} "
                                        f"{plural(len(data.specs), 'файл', 'файла', 'файлов')} {fmt.upper()}")
    _offer("export_zip", sig, "Скачать ZIP", images.document_name("zip", filters.describe(), fmt), "application/zip")

with p:
    st.markdown("#### Презентация")
    tpl = pptx_deck.template_path()
    st.caption(f"Шаблон министерства: {tpl.name}" if tpl else "Оформление по умолчанию (16:9).")
    sig = _signature("pptx")
    _build_on_press("export_pptx", sig, "Сформировать презентацию", "Подготовка данных", _deck,
                    lambda _data, blob: f"Готово: {(n := pptx_deck.slide_count(blob))} "
                                        f"{plural(n, 'слайд', 'слайда', 'слайдов')}")
    _offer("export_pptx", sig, "Скачать PPTX", images.document_name("pptx", filters.describe()),
           "application/vnd.openxmlformats-officedocument.presentationml.presentation")

with d:
    st.markdown("#### Аналитическая справка")
    st.caption("Цели, показатели с динамикой, результаты мониторинга с графиками и таблицами, анализ и прогноз, "
               "рекомендации отстающим муниципалитетам, предлагаемые решения, источники.")
    note_fmt = st.radio("Формат", ["docx", "pdf"], format_func=lambda x: "Word (DOCX)" if x == "docx" else "PDF",
                        horizontal=True, key="export_note_fmt")
    sig = _signature("note", note_fmt)
    _build_on_press("export_note", sig, "Сформировать справку", "Подготовка данных", _note,
                    lambda _data, _blob: f"Готово: справка от {date.today():%d.%m.%Y}")
    _offer("export_note", sig, f"Скачать {note_fmt.upper()}", images.document_name(note_fmt, filters.describe()),
           "application/pdf" if note_fmt == "pdf" else
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
