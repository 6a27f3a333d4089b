"""Global filters of the dashboard: region, period, municipalities, level.

`Filters` is what every query, chart spec, KPI and export takes. The sidebar (`sidebar()`, rendered by
dashboard.py on every page) holds them in widgets bound to the URL query parameters (`?region=50&period=2023-Q3
&mun=Химки&mun=Королёв&level=основной`), so a link reproduces the view; `current()` reads them from any page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from etl import config, reference
from etl import periods as etl_periods
from app.fmt import municipalities

ALL_LEVELS = "все"
LEVEL_OPTIONS = (ALL_LEVELS, "базовый", "основной", "продвинутый")
# Query parameter names = widget keys (widgets are bound to the URL).
K_REGION, K_PERIOD, K_MUN, K_LEVEL = "region", "period", "mun", "level"


@dataclass(frozen=True)
class Filters:
    region: str  # '50' | '65'
    period: str | None  # '2024-Q1' / '2023-H2' (the region's cadence); None = latest available
    municipalities: tuple[str, ...] = ()  # empty = all
    level: str | None = None  # 'базовый' | 'основной' | 'продвинутый' | None = all
    scope: tuple[str, ...] = ()  # a municipal coordinator's municipalities: nothing outside them is read
    pending: bool = False  # an analyst's «включая непринятые»: submissions not yet accepted are shown too
    # A school year chosen in the period selector ('2023/24'), once resolved (`resolved`): `period` is then its
    # closing period (the last with data), what the year's figures are as of; events are summed from `since`.
    school_year: str | None = None

    @property
    def since(self) -> str | None:
        """The first period of the chosen school year (events of a school year are summed from it), else None."""
        if not self.school_year or not self.period:
            return None
        return etl_periods.school_year_first(self.school_year, etl_periods.cadence_of(self.period))

    def when(self) -> str:
        """«III квартал 2023 г.»; a school year: «2023/24 учебный год (последний период — 1-е полугодие 2024 г.)»."""
        if self.school_year:
            return period_label(self.school_year) + (
                f" (последний период — {period_label(self.period)})" if self.period else "")
        return period_label(self.period) if self.period else "последний период"

    def describe(self) -> str:
        """Russian subtitle: «Московская область · III квартал 2023 г. · все муниципалитеты · все уровни»;
        a school year: «… · 2023/24 учебный год (последний период — 1-е полугодие 2024 г.) · …»."""
        return " · ".join([region_name(self.region), self.when(), self.whose()])

    def whose(self) -> str:
        """«Зарайск · уровень: продвинутый», «все муниципалитеты · все уровни»: whose data, beside where and when."""
        m = self.municipalities
        parts = ["все муниципалитеты" if not m else ", ".join(m) if len(m) <= 3 else municipalities(len(m)),
                 "все уровни" if not self.level else f"уровень: {self.level}"]
        if self.pending:
            parts.append("включая непринятые данные")
        return " · ".join(parts)

    def with_period(self, period: str | None) -> "Filters":
        return replace(self, period=period)

    @property
    def chosen_period(self) -> str | None:
        """The period as the selector holds it: the school year when one was chosen, else the period."""
        return self.school_year or self.period

    def query_params(self) -> dict:
        """The filters as the URL keeps them — the sidebar's widgets are bound to the URL by the texts they show
        («?region=Сахалинская+область&period=2-е+полугодие+2024+г.»): a link opens a page with the same filters."""
        out: dict = {K_REGION: region_name(self.region)}
        if self.chosen_period:
            out[K_PERIOD] = period_label(self.chosen_period)
        if self.municipalities:
            out[K_MUN] = list(self.municipalities)
        if self.level:
            out[K_LEVEL] = self.level
        return out


# ---------------------------------------------------------------------------------------------
# Reference: region names and cadence (data/reference/regions.csv; municipalities.csv as a fallback)

def _first(row: dict, *names: str) -> str | None:
    for n in names:
        if row.get(n):
            return row[n].strip()
    return None


def regions_reference() -> dict[str, dict]:
    """{code: {'name': 'Московская область', 'cadence': 'quarter'|'half'|None}} from the reference files (read
    again when they change: a region added while the dashboard runs is named at once)."""
    out: dict[str, dict] = {}
    for r in reference.rows("regions.csv"):
        code = _first(r, "code", "region_code", "region")
        if code:
            out[code] = {"name": _first(r, "name", "region_name", "full_name", "title") or code,
                         "cadence": _first(r, "cadence")}
    for r in reference.rows("municipalities.csv"):
        code = _first(r, "region_code")
        if code and code not in out:
            out[code] = {"name": _first(r, "region") or code, "cadence": None}
    return out


def region_name(code: str | None) -> str:
    if not code:
        return "регион не выбран"
    return regions_reference().get(code, {}).get("name") or f"регион {code}"


def region_cadence(code: str) -> str | None:
    return regions_reference().get(code, {}).get("cadence")


# ---------------------------------------------------------------------------------------------
# Periods: canonical labels from etl.periods (one implementation for the whole product)

def period_label(p: str | None) -> str:
    """'2023-Q3' → «III квартал 2023 г.», '2023-H2' → «2-е полугодие 2023 г.» (etl.periods, one rule)."""
    if not p:
        return "—"
    try:
        return etl_periods.period_label_ru(p)
    except (ValueError, KeyError):
        return p


def previous_period(p: str | None) -> str | None:
    """'2024-Q1' → '2023-Q4'; '2024-H1' → '2023-H2'; '2024/25' → '2023/24'."""
    if not p:
        return None
    if etl_periods.is_school_year(p):
        return etl_periods.previous_school_year(p)
    try:
        return etl_periods.previous_period(p)
    except (ValueError, KeyError):
        return None


# ---------------------------------------------------------------------------------------------
# Sidebar and the current filters

def _db_and_version(pending: bool = False):
    """(db, data version): `pending` — an analyst's «включая непринятые» — reads every submission, accepted or not."""
    from app import queries
    db = str(config.db_path())
    return (queries.with_pending(db) if pending else db), queries.version(db)


def _showing_pending() -> bool:
    """The analyst's «Включая непринятые данные» is on (the toggle's value is in the session before it is drawn)."""
    import streamlit as st

    return may_see_pending() and bool(st.session_state.get(K_PENDING))


def default_filters(db_path=None) -> Filters:
    """The view a user gets without choosing anything: first region with data, its latest period."""
    from app import queries
    db = str(db_path or config.db_path())
    v = queries.version(db)
    regions = queries.region_options(db, v)
    region = regions[0] if regions else first_region()
    return Filters(region, queries.complete_period(db, v, region))


def first_region() -> str:
    """The reference's first region: the filters' region while the database holds no data."""
    from etl.registry import get_registry

    regions = get_registry().regions()
    return regions[0]["code"] if regions else "50"


def resolved(f: Filters, db: str, v: int) -> Filters:
    """A school year chosen in the selector ('2023/24') as the period its figures are as of — its closing period
    (the last with data) — with `school_year` set (events are then summed over the year); other filters as they
    are."""
    if not (f.period and etl_periods.is_school_year(f.period)):
        return f
    from app import queries

    closing = queries.closing_period(db, v, f.region, f.period, tuple(f.scope))
    return replace(f, period=closing, school_year=f.period)


def period_choices(db: str, v: int, region: str, scope: tuple = ()) -> list[str]:
    """The selector's periods, newest first, each school year before its periods: «2024/25 учебный год»,
    «II квартал 2025 г.», «I квартал 2025 г.», …, «2023/24 учебный год», …"""
    from app import queries

    out: list[str] = []
    for p in queries.period_options(db, v, region, scope):
        sy = etl_periods.school_year_of(p)
        if sy not in out:
            out.append(sy)
        out.append(p)
    return out


def current() -> Filters:
    """The sidebar's filters (session state / URL); usable by any page and by the export pages."""
    import streamlit as st

    ss = st.session_state
    if K_REGION not in ss:
        return clamp(default_filters())
    level = ss.get(K_LEVEL)
    pending = _showing_pending()
    return resolved(clamp(Filters(region=ss.get(K_REGION) or first_region(),
                                  period=ss.get(K_PERIOD) or None,
                                  municipalities=tuple(ss.get(K_MUN) or ()),
                                  level=None if level in (None, "", ALL_LEVELS) else level,
                                  pending=pending)), *_db_and_version(pending))


def from_link() -> Filters | None:
    """The filters a link names on a page without the sidebar («…/export?region=Сахалинская+область&period=…»),
    read as the sidebar reads them (the texts it shows, or the codes; without a region, of the region the pages
    show); None when the link names no filter or a region with no data. A period, municipality or level the data
    does not have is left out (`unknown_link_period` says the period)."""
    import streamlit as st

    qp = st.query_params
    if not any(k in qp for k in (K_REGION, K_PERIOD, K_MUN, K_LEVEL)):
        return None
    db, v = _db_and_version()
    if K_REGION in qp:
        asked = qp.get(K_REGION)
        region = next((r for r in region_choices(db, v) if asked in (r, region_name(r))), None)
        if region is None:
            return None
    else:  # a link of the period alone («…/export?period=I+квартал+2025+г.»): of the region the pages show
        region = current().region
    scope = user_scope()
    p = qp.get(K_PERIOD)
    period = next((x for x in period_choices(db, v, region, scope_in(scope, region) if scope else ())
                   if p in (x, period_label(x))), None) if p else None
    munis = set(municipality_choices(db, v, region))
    level = qp.get(K_LEVEL)
    return clamp(Filters(region, period, tuple(m for m in qp.get_all(K_MUN) if m in munis),
                         level if level in LEVEL_OPTIONS and level != ALL_LEVELS else None))


def period_short(p: str) -> str:
    """'2023-Q3' → «III кв. 2023», '2023-H2' → «2-е полуг. 2023»."""
    label = period_label(p)
    return label.replace(" квартал ", " кв. ").replace(" полугодие ", " полуг. ").removesuffix(" г.")


def year_periods(db: str, v: int, f: Filters) -> list[str]:
    """The periods with data of a school year up to the chosen one (its events are summed over them), oldest first;
    [] outside a school year."""
    from app import queries

    if not f.since:
        return []
    return [p for p in reversed(queries.period_options(db, v, f.region)) if f.since <= p <= f.period]


def year_events_sent(db: str, v: int, f: Filters) -> str:
    """«мероприятия сдали: I кв. 2025 — 12, II кв. 2025 — 0 из 56 муниципалитетов» — who sent a school year's
    events, period by period (they are summed over its periods), when some period is incomplete; "" otherwise."""
    from app import queries
    from app.fmt import fmt_int

    states = [(p, queries.form_submissions(db, v, "events", f.region, p, tuple(f.municipalities)))
              for p in year_periods(db, v, f)]
    if not any(s and not s["complete"] for _p, s in states):
        return ""
    m = max(s["expected"] for _p, s in states if s)
    said = ", ".join(f"{period_short(p)} — {fmt_int(s['submitted'])}" for p, s in states if s)
    return f"мероприятия сдали: {said} из {municipalities(m, genitive=True)}"


def unknown_link_period(periods: list[str]) -> str | None:
    """The period a link names that is none of `periods`, as the page says it: «Периода «II квартал 2030 г.» …» for
    a period, the link's text never (t91: «?period=Пароль истёк. Войдите на …» was shown inside the product's own
    words) — None if there is none."""
    import streamlit as st

    asked = st.query_params.get(K_PERIOD)
    if not asked or asked in periods or asked in map(period_label, periods):
        return None
    label = asked if etl_periods.is_valid(asked) else etl_periods.parse_period(asked[:60])
    return f"Периода «{period_label(label)}»" if label and etl_periods.is_valid(label) else "Периода"


def _on_region_change() -> None:
    """A new region has other periods and municipalities: start from its latest period, all municipalities."""
    import streamlit as st
    from app import queries

    db, v = _db_and_version(_showing_pending())
    st.session_state[K_PERIOD] = queries.complete_period(db, v, st.session_state.get(K_REGION))
    st.session_state[K_MUN] = []


SCOPE_KEY = "_user_scope"  # set by dashboard.py on every run from the signed-in user (never from the browser)
PENDING_ALLOWED_KEY = "_may_see_pending"  # set by dashboard.py: an analyst or administrator
K_PENDING = "with_pending"


def allow_pending(allowed: bool) -> None:
    import streamlit as st

    st.session_state[PENDING_ALLOWED_KEY] = bool(allowed)


def may_see_pending() -> bool:
    import streamlit as st

    return bool(st.session_state.get(PENDING_ALLOWED_KEY))


def set_scope(municipalities: tuple[str, ...]) -> None:
    import streamlit as st

    st.session_state[SCOPE_KEY] = tuple(municipalities)


def user_scope() -> tuple[str, ...]:
    import streamlit as st

    return tuple(st.session_state.get(SCOPE_KEY) or ())


def clamp(f: Filters, scope: tuple[str, ...] | None = None) -> Filters:
    """Filters within a municipal coordinator's scope: their region, their municipalities only (the chosen ones
    among them, else all of them) — whatever the URL, the widgets or a crafted request asked for. Every page and
    export reads through this; without a scope the filters are as given."""
    s = user_scope() if scope is None else tuple(scope)
    if not s:
        return f
    units = scope_units(s)
    regions = [r for r, _m in units if r != "?"] or ["?"]  # (a name the reference no longer tells: dashboard.py)
    region = f.region if f.region in regions else regions[0]
    here = tuple(m for r, m in units if r == region)  # a coordinator of two regions: one at a time
    chosen = tuple(m for m in f.municipalities if m in here) or here
    return replace(f, region=region, municipalities=chosen, scope=tuple(m for _r, m in units), pending=False)


def scope_units(scope: tuple[str, ...]) -> list[tuple[str, str]]:
    """(region code, municipality) of each entry of a scope: «52:Богородский» names its region; a plain name is the
    unit the registry knows by it (a name it does not know, or that several regions have, counts for no region,
    «?»)."""
    from app.users import split_entry
    from etl.registry import get_registry

    reg = get_registry()
    out = []
    for entry in scope:
        code, name = split_entry(entry)
        out.append((code, name) if code else
                   ((found.region_code, name) if (found := reg.match(name)) is not None else ("?", name)))
    return out


def scope_in(scope: tuple[str, ...], region: str) -> tuple[str, ...]:
    """The municipalities of a scope in one region."""
    return tuple(m for r, m in scope_units(scope) if r == region)


def choose_municipality(name: str | None) -> None:
    """A click on a municipality (a map tile) chooses it in the global filter — a widget callback, so it is set
    before the sidebar draws the filter; every page then shows that municipality (the URL says so too)."""
    import streamlit as st
    from app import queries

    if not name:
        return
    db, v = _db_and_version(_showing_pending())
    if name in queries.municipality_options(db, v, st.session_state.get(K_REGION) or first_region()):
        st.session_state[K_MUN] = [name]


def keep() -> None:
    """On a page without the filters: keep their values for the next page that shows them (Streamlit forgets
    the value of a widget that is not drawn in a run, unless the value is set again)."""
    import streamlit as st

    ss = st.session_state
    for k in (K_REGION, K_PERIOD, K_MUN, K_LEVEL, K_PENDING):
        if k in ss:
            ss[k] = ss[k]


def _default_period(db: str, v: int, region: str, periods: list[str]) -> str | None:
    """The region's latest complete period, if the user's periods hold it; else their newest."""
    from app import queries

    p = queries.complete_period(db, v, region)
    return p if p in periods else (periods[0] if periods else None)


def region_choices(db: str, v: int) -> list[str]:
    """The regions a user may choose: with data, and for a municipal coordinator only their own."""
    from app import queries

    scope = user_scope()
    return [r for r in queries.region_options(db, v) if not scope or r in {r for r, _m in scope_units(scope)}]


LINK_WARNINGS = "_link_warnings"  # what a link asked that the pages could not open: shown on the page too (t93)


def _link_warning(text: str) -> None:
    """A warning about the link's filters, in the sidebar and kept for the page's header (the sidebar's is below
    the fold: the page opened on another period with no word where one looks)."""
    import streamlit as st

    st.warning(text, icon=":material/link_off:")
    st.session_state.setdefault(LINK_WARNINGS, []).append(text)


def known_unit(name: str, region: str | None) -> str | None:
    """The municipality the registry knows by a link's text, else None (the text itself is never shown)."""
    from etl.registry import get_registry

    try:
        m = get_registry().match(name[:200], region)
    except Exception:  # noqa: BLE001 - a help: an odd text is just not known
        return None
    return m.municipality if m is not None else None


def municipality_choices(db: str, v: int, region: str) -> list[str]:
    """The region's municipalities a user may choose (a municipal coordinator: their own)."""
    from app import queries

    scope = user_scope()
    return [m for m in queries.municipality_options(db, v, region) if not scope or m in scope_in(scope, region)]


def sidebar() -> Filters:
    """Render the global filters in the sidebar and return them."""
    import streamlit as st
    from app import queries

    st.session_state[LINK_WARNINGS] = []  # (this run's: `_link_warning`)
    # the choices of regions, periods and municipalities: with «включая непринятые» on, those of every submission
    # (before anything is accepted, a new installation's first round has nothing else to show)
    db, v = _db_and_version(_showing_pending())
    regions = region_choices(db, v)
    scope = user_scope()
    ss = st.session_state
    # values left over from an older data version (a rolled-back period, a renamed municipality) are dropped
    if regions and ss.get(K_REGION) is not None and ss[K_REGION] not in regions:
        ss[K_REGION] = regions[0]
    if regions and ss.get(K_REGION) is not None:
        periods = period_choices(db, v, ss[K_REGION], scope_in(scope, ss[K_REGION]) if scope else ())
        if ss.get(K_PERIOD) is not None and ss[K_PERIOD] not in periods:
            ss[K_PERIOD] = _default_period(db, v, ss[K_REGION], periods)
        munis = set(municipality_choices(db, v, ss[K_REGION]))
        if ss.get(K_MUN) and not set(ss[K_MUN]) <= munis:
            ss[K_MUN] = [m for m in ss[K_MUN] if m in munis]
    with st.sidebar:
        st.markdown("**Фильтры**")
        if not regions:
            if may_see_pending() and region_choices(queries.with_pending(db), v):
                st.info("Принятых данных пока нет: формы муниципалитетов на проверке. Чтобы посмотреть их до "
                        "приёмки, включите «Включая непринятые данные».")
                _pending_toggle()
            else:
                st.info("В базе пока нет данных. Загрузите формы мониторинга на странице «Загрузка данных».")
            return clamp(Filters(first_region(), None), scope)
        region = st.selectbox("Регион", regions, format_func=region_name, key=K_REGION,
                              bind="query-params", on_change=_on_region_change)
        periods = period_choices(db, v, region, scope_in(scope, region) if scope else ())
        cad = region_cadence(region)
        hint = {"quarter": "поквартально", "half": "по полугодиям"}.get(cad or "", "")
        if periods:
            # the default is the latest complete period (not a half-submitted newer one, not the school year
            # listed first): a link leaves the default out, so any other choice — a school year — is in it
            default = _default_period(db, v, region, [p for p in periods if not etl_periods.is_school_year(p)])
            unknown = unknown_link_period(periods)  # a link's period with no data: said, not opened silently
            period = st.selectbox("Отчётный период", periods, format_func=period_label, key=K_PERIOD,
                                  index=periods.index(default) if default in periods else 0, bind="query-params",
                                  help=(f"Мониторинг в регионе ведётся {hint}. " if hint else "") +
                                  "Учебный год (1 сентября – 31 августа) показывает данные на его последний "
                                  "период; участники мероприятий суммируются за весь учебный год.")
            if unknown:
                _link_warning(f"{unknown} из ссылки в данных нет: открыт «{period_label(period)}»")
        else:
            st.caption("Отчётных периодов с данными нет.")
            period = None
        munis = municipality_choices(db, v, region)
        # a link's municipality with no data in the region: said, not dropped silently (a link's text: no markup)
        # (named only if the registry knows it: a link's text is never shown inside the product's words — t91)
        asked = [m for m in st.query_params.get_all(K_MUN) if m not in munis]
        gone = [u for m in asked if (u := known_unit(m, region))]
        chosen = st.multiselect("Муниципалитеты", munis, key=K_MUN, bind="query-params",
                                placeholder="все ваши муниципалитеты" if scope else "все муниципалитеты")
        if len(gone) < len(asked):
            _link_warning("Муниципалитета из ссылки нет в справочнике: "
                          + (f"показаны {', '.join(chosen)}" if chosen else "показаны все ваши муниципалитеты" if scope
                             else "показаны все муниципалитеты"))
        if gone:
            # (a coordinator's link to another municipality of the region: not theirs, not «no data» — t82)
            shown = ", ".join(chosen) if chosen else "все ваши муниципалитеты" if scope else "все муниципалитеты"
            theirs = scope and set(gone) <= set(queries.municipality_options(db, v, region))
            names = ", ".join(f"«{m}»" for m in gone)
            _link_warning(f"{'Муниципалитет' if len(gone) == 1 else 'Муниципалитеты'} {names}"
                          + (" из ссылки вам недоступны" if len(gone) > 1 else " из ссылки вам недоступен")
                          + f": показаны {shown}" if theirs else
                          f"{'Муниципалитета' if len(gone) == 1 else 'Муниципалитетов'} {names} из ссылки в данных "
                          f"региона нет: показаны {shown}")
        level = st.selectbox("Уровень профминимума", LEVEL_OPTIONS, key=K_LEVEL, bind="query-params",
                             format_func=lambda x: "все уровни" if x == ALL_LEVELS else x)
        pending = _pending_toggle()
    return resolved(clamp(Filters(region, period, tuple(chosen), None if level == ALL_LEVELS else level,
                                  pending=pending), scope), db, v)


def _pending_toggle() -> bool:
    """An analyst's «Включая непринятые данные» (with its mark when on); False for everyone else."""
    import streamlit as st

    if not may_see_pending():
        return False
    pending = st.toggle("Включая непринятые данные", key=K_PENDING,
                        help="Показать и формы муниципальных координаторов, которые ещё на проверке или "
                             "возвращены (по умолчанию — только принятые)")
    if pending:
        st.warning("Показаны и непринятые данные", icon=":material/pending:")
    return pending


_FORM_OF_PAGE = {"readiness": "форму готовности", "agreements": "форму договоров", "events": "форму мероприятий",
                 "effectiveness": "форму показателей эффективности"}


def missing_note(f: Filters, form: str = "readiness") -> str | None:
    """«Форму договоров не сдали: Серебряные Пруды» for a period counted complete (90 % sent and more) that still
    misses some municipalities (t93: 55 of 56 said nothing, the one missing vanished from every chart); None
    otherwise — a period not complete says its own (`completeness_note`)."""
    from app import queries
    from etl.textru import some_of

    db, v = _db_and_version(f.pending)
    f = resolved(f, db, v)
    munis = tuple(f.municipalities)
    state = queries.form_submissions(db, v, form, f.region, f.period, munis) if form != "roadmap" else None
    if not state or not state["complete"] or f.since:
        return None
    missing = queries.missing_municipalities(db, v, form, f.region, f.period, munis)
    form_ru = _FORM_OF_PAGE.get(form, _FORM_OF_PAGE["readiness"])
    return f"{form_ru[0].upper()}{form_ru[1:]} за этот период не сдали: {some_of(list(missing), 10)}" if missing \
        else None


def completeness_note(f: Filters, form: str = "readiness") -> str | None:
    """«Данные неполные: форму … сдали 12 из 56 муниципалитетов» for a period below the threshold — of the page's own
    form (`form`: the events page speaks of the events form, not of another one's); «последний полностью сданный
    период» for the one the pages open on (chosen by the readiness form); None when there is nothing to say."""
    from app import queries
    from app.fmt import not_accepted, of_municipalities
    from etl.textru import some_of

    db, v = _db_and_version(f.pending)
    f = resolved(f, db, v)
    munis = tuple(f.municipalities)  # (the chosen ones': one that sent its form is complete — t82)
    state = queries.submission_state(db, v, f.region, f.period, munis)
    if state is None:
        return None
    if form == "events" and f.since:  # a school year's events are summed over its periods: said period by period
        said = year_events_sent(db, v, f)
        return f"Данные неполные: {said}; сравнение и выводы об отставании — с осторожностью" if said else None
    if form != "readiness":
        own = queries.form_submissions(db, v, form, f.region, f.period, munis)
        if own is not None:  # (its own count and completeness; which period is the last complete stays as it is)
            state = {**state, **own}
    # who has not sent it, named — whatever their share (t93: 55 of 56 said nothing, 43 of 56 gave the count alone)
    missing = queries.missing_municipalities(db, v, form, f.region, f.period, munis)
    named = f"не сдали: {some_of(list(missing), 10)}" if missing else ""
    if state["complete"]:
        # the period the pages open on: newer ones are still being sent (an earlier complete one is just a period)
        return "последний полностью сданный период" if state["newer"] and not state["newer_complete"] else None
    waiting = not_accepted(queries.unaccepted_municipalities(db, v, form, f.region, f.period, munis))
    return (f"Данные неполные: {_FORM_OF_PAGE.get(form, _FORM_OF_PAGE['readiness'])} за этот период сдали "
            f"{of_municipalities(state['submitted'], state['expected'])}" + (f" ({waiting})" if waiting else "")
            + (f", {named}" if named else "")
            + "; сравнение с другими периодами и выводы об отставании — с осторожностью")
