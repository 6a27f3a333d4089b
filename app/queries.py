"""ALL dashboard SQL. Every query aggregates in DuckDB and returns a small DataFrame.

Functions take `(db, v, …filters as plain values)`: `db` is the database path as a string, `v` the data version
(`version(db)`), so `st.cache_data` keys every result by the filters and the data version and a new load
invalidates it. Wrappers that take a `Filters` object live in app/specs.py and app/kpi.py.

Rules: shares are re-aggregated from numerators and denominators (sum/sum, count/count), never averaged;
a school's level for agreements / events / effectiveness comes from the readiness form of the same period.
"""
from __future__ import annotations

import contextlib
import logging
import threading

import duckdb
import pandas as pd
import streamlit as st

from etl import config
from etl import reference as reference_files
from etl import db as edb


_cache = st.cache_data(max_entries=512, show_spinner=False)
if not st.runtime.exists():  # exports CLI, tests: the in-memory cache is right, its warning on every call is noise
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)

KIND_VIEW = {"readiness": "readiness", "agreements": "agreements", "events": "event_participation",
             "effectiveness": "effectiveness", "roadmap": "roadmap_items"}
DATA_VIEWS = ("readiness", "agreements", "event_participation", "effectiveness")


# ---------------------------------------------------------------------------------------------
# Plumbing

def db_str(db_path=None) -> str:
    return str(db_path or config.db_path())


# A database string marked to read every submission, accepted or not (the views of schema «pending»): the
# analyst's «включая непринятые». It travels as the queries' `db` argument, so the cache keeps both apart.
PENDING_MARK = "\x00pending"


def with_pending(db: str) -> str:
    return db if db.endswith(PENDING_MARK) else db + PENDING_MARK


def _split(db: str) -> tuple[str, bool]:
    return (db[:-len(PENDING_MARK)], True) if db.endswith(PENDING_MARK) else (db, False)


def is_pending(db: str) -> bool:
    """The database string reads every submission, accepted or not («включая непринятые»)."""
    return _split(db)[1]


_local = threading.local()


@contextlib.contextmanager
def batch(db_path=None):
    """One short-lived read-only connection for the queries of one page run, opened only on the first cache
    miss (a run served from the cache opens none) and closed when the run ends — never kept across reruns.
    Opening a DuckDB file costs ~30 ms, so a page with fifteen queries saves ~0,4 s on a filter change."""
    outer = getattr(_local, "batch", None)
    if outer is not None:  # nested: reuse the outer batch
        yield
        return
    state = {"db": db_str(db_path), "con": None, "cm": None}
    _local.batch = state
    try:
        yield
    finally:
        _local.batch = None
        if state["cm"] is not None:
            state["cm"].__exit__(None, None, None)


def _df(db: str, sql: str, params: list | None = None) -> pd.DataFrame:
    """One read query, materialised at once; a missing view (old or empty database) gives an empty frame."""
    path, pending = _split(db)
    try:
        b = getattr(_local, "batch", None)
        if b is not None and b["db"] == path:
            if b["con"] is None:
                b["cm"] = edb.read_connection(path)
                b["con"] = b["cm"].__enter__()
            return _run(b["con"], sql, params, pending)
        if not pending:
            return edb.query_df(path, sql, params)
        with edb.read_connection(path) as con:
            return _run(con, sql, params, pending)
    except duckdb.CatalogException:
        return pd.DataFrame()


def _run(con, sql: str, params: list | None, pending: bool) -> pd.DataFrame:
    cur = con.cursor()  # a cursor per query (DuckDB 2.0 results stream), with its own search path
    try:
        if pending:
            cur.execute("SET search_path = 'pending,main'")
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


@st.cache_data(ttl=2, show_spinner=False)
def version(db: str) -> int:
    """The data version (changes with every load and rollback); cached for 2 s to spare connections."""
    try:
        return edb.data_version(_split(db)[0])
    except duckdb.Error:
        return 0


def _scope(t: str, region: str, period: str | None, munis: tuple, level: str | None,
           *, level_direct: bool = False, periods_upto: bool = False, since: str | None = None
           ) -> tuple[str, list]:
    """WHERE clause of the filters for alias `t` (a contract view) and its parameters. `since` (events over a
    school year): every period from `since` to `period`, summed, instead of `period` alone."""
    conds, params = [f"{t}.region = ?"], [region]
    if period and since and not periods_upto:
        conds.append(f"{t}.period BETWEEN ? AND ?")
        params += [since, period]
    elif period:
        conds.append(f"{t}.period {'<=' if periods_upto else '='} ?")
        params.append(period)
    if munis:
        conds.append(f"list_contains(?::VARCHAR[], {t}.municipality)")
        params.append(list(munis))
    if level:
        if level_direct:
            conds.append(f"{t}.level = ?")
        else:  # the school's level in the readiness form of the period, met by the name key
            conds.append(f"""EXISTS (SELECT 1 FROM readiness r_ WHERE r_.region = {t}.region
                AND r_.period = {t}.period AND r_.municipality = {t}.municipality
                AND r_.school_key = {t}.school_key AND r_.level = ?)""")
        params.append(level)
    return " AND ".join(conds), params


# ---------------------------------------------------------------------------------------------
# Reference data (views copied from data/reference; the csv files as a fallback)

def _ref_csv(name: str) -> pd.DataFrame:
    return pd.DataFrame(list(reference_files.rows(name)))


@_cache
def reference(db: str, v: int, view: str) -> pd.DataFrame:
    """A reference catalogue (regions, municipalities, indicators, thresholds) as text columns."""
    assert view in ("regions", "municipalities", "indicators", "thresholds")
    df = _df(db, f"SELECT * FROM {view}")
    if df.empty:
        df = _ref_csv(f"{view}.csv")
    return df


def readiness_criteria() -> list[dict]:
    """Readiness criteria (data/reference/readiness_criteria.csv): code, name, column (a readiness column)."""
    allowed = {n for n, _ in edb.DATA_COLUMNS["readiness"]}
    rows = _ref_csv("readiness_criteria.csv").to_dict("records")
    return [r for r in rows if r.get("column") in allowed]


def _criterion_sql(col: str, t: str = "t") -> str:
    """A criterion as a boolean expression: yes/no columns as they are, counts as «at least one»."""
    typ = dict(edb.DATA_COLUMNS["readiness"])[col]
    return f"coalesce({t}.{col}, false)" if typ == "BOOLEAN" else f"coalesce({t}.{col}, 0) > 0"


def ready_sql(t: str = "t") -> str:
    """A school is ready when it meets every readiness criterion (unknown = not met)."""
    crit = readiness_criteria()
    return " AND ".join(_criterion_sql(c["column"], t) for c in crit) if crit else "true"


def criteria_known_sql(t: str = "t", over: str = "") -> str:
    """Aggregate SQL: whether the rows give every readiness criterion for some school — a form without a criterion's
    column (every row empty) says nothing of its schools' readiness: unknown, not «not ready»."""
    crit = readiness_criteria()
    return " AND ".join(f"count({t}.{c['column']}){over} > 0" for c in crit) if crit else "true"


@_cache
def thresholds(db: str, v: int) -> dict[str, float]:
    df = reference(db, v, "thresholds")
    out = {}
    for r in df.to_dict("records"):
        try:
            out[str(r["key"])] = float(str(r["value"]).replace(",", "."))
        except (KeyError, ValueError):
            continue
    return out


@_cache
def indicators(db: str, v: int) -> pd.DataFrame:
    """Indicator catalogue: code, name, short_name, unit, aggregation, numerator, denominator, target (float)."""
    df = reference(db, v, "indicators")
    if df.empty:
        return pd.DataFrame(columns=["code", "name", "short_name", "unit", "aggregation", "numerator",
                                     "denominator", "target", "higher_is_better"])
    df = df.copy()
    df["target"] = pd.to_numeric(df["target"].astype("string").str.replace(",", "."), errors="coerce")
    for c in ("numerator", "denominator", "short_name"):
        df[c] = df[c].where(df[c].notna() & (df[c].astype("string") != ""), None)
    df["short_name"] = df["short_name"].fillna(df["name"])
    df["higher_is_better"] = df["higher_is_better"].astype("string").str.lower().isin(["true", "1", "да"])
    return df.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Filter options

@_cache
def region_options(db: str, v: int) -> list[str]:
    """Regions that have data (any kind), reference order first."""
    union = " UNION ".join(f"SELECT DISTINCT region FROM {t}" for t in DATA_VIEWS + ("roadmap_items",))
    df = _df(db, f"SELECT DISTINCT region FROM ({union}) WHERE region IS NOT NULL ORDER BY region")
    have = [str(r) for r in df["region"]] if not df.empty else []
    from app.filters import regions_reference
    ref = list(regions_reference())
    return [r for r in ref if r in have] + [r for r in have if r not in ref]


@_cache
def period_options(db: str, v: int, region: str | None, munis: tuple = ()) -> list[str]:
    """Periods with data for the region (for these municipalities, when given), newest first."""
    if not region:
        return []
    cond = " AND list_contains(?::VARCHAR[], municipality)" if munis else ""
    union = " UNION ".join(f"SELECT DISTINCT period FROM {t} WHERE region = ?{cond}" for t in DATA_VIEWS)
    params = [x for _ in DATA_VIEWS for x in ([region, list(munis)] if munis else [region])]
    df = _df(db, f"SELECT DISTINCT period FROM ({union}) WHERE period IS NOT NULL ORDER BY period DESC", params)
    return [] if df.empty else [str(p) for p in df["period"]]


@_cache
def municipality_options(db: str, v: int, region: str | None) -> list[str]:
    if not region:
        return []
    union = " UNION ".join(f"SELECT DISTINCT municipality FROM {t} WHERE region = ?" for t in DATA_VIEWS)
    df = _df(db, f"SELECT DISTINCT municipality FROM ({union}) WHERE municipality IS NOT NULL "
                 "ORDER BY municipality", [region] * len(DATA_VIEWS))
    return [] if df.empty else [str(m) for m in df["municipality"]]


@_cache
def school_year_options(db: str, v: int, region: str | None, munis: tuple = ()) -> list[str]:
    """School years with data for the region ('2023/24'), newest first."""
    from etl import periods as ep

    return list(dict.fromkeys(ep.school_year_of(p) for p in period_options(db, v, region, munis)))


@_cache
def closing_period(db: str, v: int, region: str, school_year: str, munis: tuple = ()) -> str | None:
    """The last period of a school year with data: what the year's figures are as of (None: no data in it)."""
    from etl import periods as ep

    inside = [p for p in period_options(db, v, region, munis) if ep.school_year_of(p) == school_year]
    return inside[0] if inside else None


@_cache
def latest_period(db: str, v: int, region: str) -> str | None:
    p = period_options(db, v, region)
    return p[0] if p else None


@_cache
def previous_period_with_data(db: str, v: int, region: str, period: str | None, munis: tuple = ()) -> str | None:
    """The closest earlier period that has data (of `munis`, when given; the regular previous one if it has)."""
    if not period:
        return None
    earlier = [p for p in period_options(db, v, region, munis) if p < period]
    return earlier[0] if earlier else None


# ---------------------------------------------------------------------------------------------
# Sources: which loads the shown rows come from, as of which date

def _agreement_forms(cols: str, where: str, alias: str = "t") -> str:
    """SELECT `cols` of the current agreements forms under `where` — a form sent with no row (every row «нет»,
    etl/agreement_rows.py) is there too: it was sent and counts, with no agreement (t88)."""
    return f"SELECT {cols} FROM current_scope {alias} WHERE {where} AND {alias}.kind = 'agreements'"


@_cache
def source_loads(db: str, v: int, kind: str, region: str, period: str | None, munis: tuple, level: str | None,
                 periods_upto: bool = False, since: str | None = None
                 ) -> tuple[list[int], object, str | None, str | None]:
    """(sorted load ids, latest loaded_at, latest period, first period) of the rows a chart of `kind` shows under
    the filters (the periods: what a chart of the periods up to the chosen one spans)."""
    view = KIND_VIEW[kind]
    if kind == "roadmap":
        where, params = "t.region = ?", [region]
    else:
        where, params = _scope("t", region, period, munis, level, level_direct=(kind == "readiness"),
                               periods_upto=periods_upto, since=since if kind == "events" else None)
    last, first = ("NULL", "NULL") if kind == "roadmap" else ("max(t.period)", "min(t.period)")
    # (an agreements form of «нет» only has no row, yet it was sent and counts: its load is a source — t88)
    rowless = (f" UNION {_agreement_forms(f't.load_id, {last}, {first}', where)} GROUP BY t.load_id"
               if kind == "agreements" and not level else "")
    df = _df(db, f"""WITH ids AS (SELECT t.load_id, {last} AS last, {first} AS first FROM {view} t WHERE {where}
                                  GROUP BY t.load_id{rowless})
                     SELECT list_sort(list(DISTINCT ids.load_id)) AS ids, max(l.loaded_at) AS asof,
                            max(ids.last) AS last, min(ids.first) AS first
                     FROM ids LEFT JOIN loads l ON l.load_id = ids.load_id""", params * (2 if rowless else 1))
    ids = None if df.empty else df["ids"].iloc[0]
    if ids is None or ids is pd.NA or not hasattr(ids, "__iter__") or len(ids) == 0:
        return [], None, None, None
    last, first = df["last"].iloc[0], df["first"].iloc[0]
    return ([int(i) for i in df["ids"].iloc[0]], df["asof"].iloc[0], None if pd.isna(last) else str(last),
            None if pd.isna(first) else str(first))


@_cache
def source_families(db: str, v: int, load_ids: tuple) -> list[str]:
    """The sources of effectiveness loads (etl/schema.py source_family: «form», «bvb», «course», «orientiry»), in
    that order: a chart's source line names a platform's export as such, not as the municipal form."""
    from etl.schema import SEPARATE_SOURCES, source_family

    if not load_ids:
        return []
    df = _df(db, "SELECT DISTINCT indicator_code FROM effectiveness_rows WHERE list_contains(?, load_id)",
             [list(load_ids)])
    found = {source_family(c) for c in df["indicator_code"] if isinstance(c, str)}
    return [f for f in ("form", *SEPARATE_SOURCES) if f in found]


# ---------------------------------------------------------------------------------------------
# Readiness

def readiness_totals(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None) -> dict:
    """Schools, ready schools, pupils 6–11 and covered pupils, schools with navigators, municipalities —
    summed from the per-municipality aggregate (every figure is additive), so no second scan."""
    by = readiness_by_municipality(db, v, region, period, munis, level)
    keys = ("schools", "ready", "ready_schools", "students_total", "students_covered", "covered_paired",
            "total_paired", "with_navigators", "navigator_schools")
    out = {k: int(by[k].sum()) if not by.empty else 0 for k in keys}
    out["municipalities"] = len(by)
    return out


def _counts_by_municipality(db: str, table: str, where: str, params: list, category: str, expr: str, count: str,
                            order: str) -> pd.DataFrame:
    """municipality, <category>, <count> (rows of `table` counted) — municipalities by total (largest first),
    categories by the SQL `order` (a CASE over `c.<category>`)."""
    return _df(db, f"""
        WITH c AS (SELECT municipality, {expr} AS {category}, count(*) AS {count}
                   FROM {table} t WHERE {where} GROUP BY ALL),
             tot AS (SELECT municipality, sum({count}) AS total FROM c GROUP BY ALL)
        SELECT c.municipality, c.{category}, c.{count}::BIGINT AS {count}
        FROM c JOIN tot USING (municipality)
        ORDER BY tot.total DESC, c.municipality,
                 {order}""", params)


@_cache
def readiness_levels(db: str, v: int, region: str, period: str | None, munis: tuple,
                     level: str | None) -> pd.DataFrame:
    """municipality, level, schools — municipalities by total schools (largest first), levels in fixed order."""
    where, params = _scope("t", region, period, munis, level, level_direct=True)
    return _counts_by_municipality(
        db, "readiness", where, params, "level", "coalesce(level, 'не указан')", "schools",
        "CASE c.level WHEN 'базовый' THEN 1 WHEN 'основной' THEN 2 WHEN 'продвинутый' THEN 3 ELSE 4 END")


@_cache
def readiness_criteria_shares(db: str, v: int, region: str, period: str | None, munis: tuple,
                              level: str | None) -> pd.DataFrame:
    """municipality, criterion, met, known, schools, share (= met / schools; NULL when nothing is known)."""
    crit = readiness_criteria()
    if not crit:
        return pd.DataFrame(columns=["municipality", "criterion", "met", "known", "schools", "share"])
    where, params = _scope("t", region, period, munis, level, level_direct=True)
    parts = []
    for i, c in enumerate(crit):
        col = c["column"]
        parts.append(f"""SELECT municipality, {i} AS ord, ? AS criterion,
                count(*) FILTER (WHERE {_criterion_sql(col)}) AS met,
                count({col}) AS known, count(*) AS schools
            FROM readiness t WHERE {where} GROUP BY municipality""")
    sql = " UNION ALL ".join(parts)
    all_params = []
    for c in crit:
        all_params += [c["name"]] + params
    df = _df(db, f"""SELECT municipality, criterion, met::BIGINT AS met, known::BIGINT AS known,
                            schools::BIGINT AS schools,
                            CASE WHEN known = 0 THEN NULL ELSE met / schools END AS share, ord
                     FROM ({sql}) ORDER BY municipality, ord""", all_params)
    if df.empty:
        return df
    # municipalities ordered by their overall share (lowest first: they need attention)
    order = (df.groupby("municipality")[["met", "schools"]].sum()
             .assign(s=lambda d: d["met"] / d["schools"]).sort_values("s").index)
    df["municipality"] = pd.Categorical(df["municipality"], categories=list(order), ordered=True)
    df = df.sort_values(["municipality", "ord"]).drop(columns="ord")
    df["municipality"] = df["municipality"].astype(str)
    return df.reset_index(drop=True)


@_cache
def readiness_by_municipality(db: str, v: int, region: str, period: str | None, munis: tuple,
                              level: str | None) -> pd.DataFrame:
    """Per municipality: schools, ready, ready_share, students_total, students_covered, coverage,
    with_navigators, navigator_share. A municipality whose form has no column of a readiness criterion (or of the
    navigators) has ready, ready_share (with_navigators, navigator_share) NULL: unknown, not 0 %; ready_schools
    (navigator_schools) are its schools when known, else 0 — the denominators of the region's shares.

    `coverage` = covered_paired / total_paired: both sums over the schools that gave both numbers (a school that
    wrote only one of them would tip the share one way); students_total and students_covered sum every school."""
    where, params = _scope("t", region, period, munis, level, level_direct=True)
    known = criteria_known_sql()
    return _df(db, f"""
        SELECT municipality, count(*)::BIGINT AS schools,
               CASE WHEN {known} THEN count(*) FILTER (WHERE {ready_sql()}) END::BIGINT AS ready,
               CASE WHEN {known} THEN count(*) FILTER (WHERE {ready_sql()}) / count(*) END AS ready_share,
               CASE WHEN {known} THEN count(*) ELSE 0 END::BIGINT AS ready_schools,
               coalesce(sum(students_total), 0)::BIGINT AS students_total,
               coalesce(sum(students_covered), 0)::BIGINT AS students_covered,
               coalesce(sum(students_covered) FILTER (WHERE students_total IS NOT NULL), 0)::BIGINT
                   AS covered_paired,
               coalesce(sum(students_total) FILTER (WHERE students_covered IS NOT NULL), 0)::BIGINT AS total_paired,
               sum(students_covered) FILTER (WHERE students_total IS NOT NULL)
                   / nullif(sum(students_total) FILTER (WHERE students_covered IS NOT NULL), 0) AS coverage,
               CASE WHEN count(navigators) > 0 THEN count(*) FILTER (WHERE coalesce(navigators, 0) > 0) END::BIGINT
                   AS with_navigators,
               CASE WHEN count(navigators) > 0 THEN count(*) FILTER (WHERE coalesce(navigators, 0) > 0) / count(*)
                   END AS navigator_share,
               CASE WHEN count(navigators) > 0 THEN count(*) ELSE 0 END::BIGINT AS navigator_schools
        FROM readiness t WHERE {where} GROUP BY municipality ORDER BY municipality""", params)


# the columns of each form a figure is made of, in the order a person checks them
ROW_COLUMNS = {
    "readiness": ["school_name", "school_inn", "level", "responsible_appointed", "plan_approved", "navigators",
                  "bvb_registered", "students_total", "students_covered"],
    "agreements": ["school_name", "partner_type", "partner_name", "agreement_no", "signed_on"],
    "events": ["school_name", "event", "event_level", "event_date", "students", "parents", "teachers"],
}


def rows_behind(db: str, v: int, kind: str, region: str, period: str | None, munis: tuple, level: str | None
                ) -> pd.DataFrame:
    """Every row of form `kind` a figure under these filters is computed from, with its load, file, sheet and
    row (read when asked for: a card's «Откуда эта цифра?» download)."""
    where, params = _scope("t", region, period, munis, level, level_direct=(kind == "readiness"))
    cols = ", ".join(f"t.{c}" for c in ROW_COLUMNS[kind])
    return _df(db, f"""SELECT t.municipality, {cols}, t.load_id, t.source_file, t.source_sheet, t.source_row
                       FROM {KIND_VIEW[kind]} t WHERE {where}
                       ORDER BY t.municipality, t.source_file, t.source_sheet, t.source_row""", params)


@_cache
def readiness_schools(db: str, v: int, region: str, period: str | None, municipality: str,
                      level: str | None) -> pd.DataFrame:
    """The schools of one municipality (drill-down), with the file, sheet and row each figure comes from."""
    where, params = _scope("t", region, period, (municipality,), level, level_direct=True)
    return _df(db, f"""
        SELECT school_name, school_inn, level, responsible_appointed, plan_approved, navigators, bvb_registered,
               CASE WHEN {criteria_known_sql(over=" OVER ()")} THEN {ready_sql()} END AS ready,
               students_total, students_covered, students_covered / nullif(students_total, 0) AS coverage,
               load_id, source_file, source_sheet, source_row
        FROM readiness t WHERE {where} ORDER BY school_name, source_row""", params)


# ---------------------------------------------------------------------------------------------
# Agreements

def _partner_order(t: str) -> str:
    """SQL: the fixed order of partner types (column `partner_type` of table alias `t`)."""
    return (f"CASE {t}.partner_type WHEN 'ВУЗ' THEN 1 WHEN 'СПО' THEN 2 WHEN 'индустриальный партнёр' THEN 3 "
            "WHEN 'МОУО' THEN 4 WHEN 'ОО' THEN 5 ELSE 6 END")


@_cache
def agreements_by_municipality_type(db: str, v: int, region: str, period: str | None, munis: tuple,
                                    level: str | None) -> pd.DataFrame:
    """One scan of the agreements and one of the readiness form for both the counts by partner type and the
    coverage: per municipality and partner type (plus «любой тип»), agreements, schools (distinct named schools
    with ≥1 agreement of the type) and with_agreement (those of them in the readiness form of the same period);
    plus one row per municipality of the readiness form with partner_type NULL and scope_schools (its schools).
    Schools meet by the name key (`school_key`, written at load): each form writes a name its own way. A level counts
    the agreements of its schools; every municipality that sent the form keeps its «любой тип» row (0 if none, also
    one whose every row said «нет»)."""
    wa, pa = _scope("a", region, period, munis, None)  # (the level: through the keyed schools of the level below)
    wr, pr = _scope("r", region, period, munis, level, level_direct=True)
    keep = "in_r" if level else "true"
    return _df(db, f"""
        WITH rc AS MATERIALIZED (
                 SELECT municipality, school_key AS school_name, count(*) AS c FROM readiness r
                 WHERE {wr} GROUP BY ALL),
             ag AS MATERIALIZED (
                 SELECT a.municipality, a.school_key AS school_name, coalesce(a.partner_type, 'иное') AS partner_type,
                        count(*) AS n FROM agreements a WHERE {wa} GROUP BY ALL),
             j AS MATERIALIZED (
                 SELECT ag.municipality, ag.school_name, ag.partner_type, ag.n, rc.school_name IS NOT NULL AS in_r
                 FROM ag LEFT JOIN rc ON rc.municipality = ag.municipality AND rc.school_name = ag.school_name),
             -- sent with no agreement at all (every row «нет»: etl/agreement_rows.py): 0, not «не сдали»
             none_sent AS ({_agreement_forms('DISTINCT a.municipality', wa, 'a')}
                           AND a.municipality NOT IN (SELECT municipality FROM ag))
        SELECT municipality, partner_type, sum(n)::BIGINT AS agreements, count(school_name)::BIGINT AS schools,
               count(*) FILTER (WHERE in_r)::BIGINT AS with_agreement, 0::BIGINT AS scope_schools
        FROM j WHERE {keep} GROUP BY ALL
        UNION ALL
        SELECT municipality, 'любой тип', coalesce(sum(n) FILTER (WHERE {keep}), 0)::BIGINT,
               count(school_name) FILTER (WHERE {keep})::BIGINT, count(*) FILTER (WHERE in_r)::BIGINT, 0::BIGINT
        FROM (SELECT municipality, school_name, bool_or(in_r) AS in_r, sum(n) AS n FROM j
              GROUP BY municipality, school_name) GROUP BY ALL
        UNION ALL
        SELECT municipality, 'любой тип', 0::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT FROM none_sent
        UNION ALL
        SELECT municipality, NULL, 0::BIGINT, 0::BIGINT, 0::BIGINT, sum(c)::BIGINT FROM rc GROUP BY ALL""",
               pr + pa + pa)


@_cache
def agreements_shared(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None) -> int:
    """Rows of an agreement written again for another school (one agreement with several schools: the same
    partner, number and date — the form asks for a row per school): the rows minus the distinct agreements. The
    partner by its name's key, as in `agreements_partners` («АО «Метровагонмаш»» and «АО "Метровагонмаш"» are one)."""
    from etl.normalize import norm_key

    where, params = _scope("a", region, period, munis, level)
    got = _df(db, f"""
        SELECT partner_name, agreement_no, signed_on, count(*) AS n FROM agreements a
        WHERE {where} AND a.agreement_no IS NOT NULL AND a.signed_on IS NOT NULL GROUP BY ALL""", params)
    if got.empty:
        return 0
    keys = {p: norm_key(p) for p in got["partner_name"].dropna().unique()}
    distinct = {(keys.get(p, ""), no, d) for p, no, d in got[["partner_name", "agreement_no", "signed_on"]]
                .itertuples(index=False)}
    return int(got["n"].sum()) - len(distinct)


def agreements_without_readiness(db: str, v: int, region: str, period: str | None, munis: tuple,
                                 level: str | None) -> list[str]:
    """Municipalities whose agreements form holds agreements while their readiness form of the period is missing:
    their schools are unknown, so their agreements are outside the share of schools (the card says so)."""
    base = agreements_by_municipality_type(db, v, region, period, munis, level)
    if base.empty:
        return []
    with_ag = set(base.loc[(base["partner_type"] == "любой тип") & (base["agreements"] > 0), "municipality"])
    return sorted(with_ag - set(base.loc[base["partner_type"].isna(), "municipality"]))


def _by_type(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of agreements_by_municipality_type of one partner type each, with _o = the fixed type order."""
    out = df[df["partner_type"].notna() & (df["partner_type"] != "любой тип")]
    from app.theme import PARTNER_TYPES
    rank = {t: i for i, t in enumerate(PARTNER_TYPES) if t != "иное"}
    return out.assign(_o=out["partner_type"].map(lambda t: rank.get(t, len(rank))))


@_cache
def agreements_by_type(db: str, v: int, region: str, period: str | None, munis: tuple,
                       level: str | None) -> pd.DataFrame:
    """partner_type, agreements, schools (distinct schools with ≥1 agreement of the type)."""
    base = agreements_by_municipality_type(db, v, region, period, munis, level)
    cols = ["partner_type", "agreements", "schools"]
    if base.empty:
        return pd.DataFrame(columns=cols)
    g = (_by_type(base).groupby(["_o", "partner_type"], as_index=False, sort=True)[["agreements", "schools"]]
         .sum())
    return g[cols].astype({"agreements": "int64", "schools": "int64"}).reset_index(drop=True)


@_cache
def agreements_by_municipality(db: str, v: int, region: str, period: str | None, munis: tuple,
                               level: str | None) -> pd.DataFrame:
    """municipality, partner_type, agreements — municipalities by total (largest first)."""
    where, params = _scope("t", region, period, munis, level)
    return _counts_by_municipality(db, "agreements", where, params, "partner_type", "coalesce(partner_type, 'иное')",
                                   "agreements", _partner_order("c"))


@_cache
def agreements_coverage(db: str, v: int, region: str, period: str | None, munis: tuple,
                        level: str | None) -> pd.DataFrame:
    """Per municipality and partner type (plus «любой тип»): schools with ≥1 agreement, schools in scope,
    share. Schools in scope = schools of the readiness form of the same period, in the municipalities that sent
    the agreements form: one that has not sent it yet is unknown, not 0 % (nor a part of the region's share)."""
    cols = ["municipality", "partner_type", "with_agreement", "schools", "share"]
    base = agreements_by_municipality_type(db, v, region, period, munis, level)
    s = base[base["partner_type"].isna()] if not base.empty else base
    if not s.empty:
        s = s[s["municipality"].isin(set(base.loc[base["partner_type"].notna(), "municipality"]))]
    if s.empty:
        return pd.DataFrame(columns=cols)
    s = s.sort_values("municipality")[["municipality", "scope_schools"]].rename(columns={"scope_schools": "schools"})
    # a municipality that sent the form keeps its «любой тип» row: 0 %, not unknown, when none of its schools has one
    base = base[(base["with_agreement"] > 0) | (base["partner_type"] == "любой тип")]
    if base.empty:
        b = pd.DataFrame({"municipality": pd.Series(dtype=s["municipality"].dtype),
                          "partner_type": pd.Series(dtype="object"), "with_agreement": pd.Series(dtype="int64")})
    else:  # the fixed type order, «любой тип» last
        b = _by_type(base)
        b = pd.concat([b, base[base["partner_type"] == "любой тип"].assign(_o=len(b) + 99)])
        b = b.sort_values(["municipality", "_o", "partner_type"])[["municipality", "partner_type", "with_agreement"]]
    out = s.merge(b, on="municipality", how="left", sort=False)
    out["with_agreement"] = out["with_agreement"].fillna(0).astype("int64")
    out["schools"] = out["schools"].astype("int64")
    out["share"] = out["with_agreement"] / out["schools"]
    return out[cols].reset_index(drop=True)


@_cache
def agreements_partners(db: str, v: int, region: str, period: str | None, munis: tuple,
                        level: str | None) -> pd.DataFrame:
    """partner_name, partner_type, agreements, schools, municipalities — most agreements first. One partner
    written two ways («АО «Метровагонмаш»», «АО "Метровагонмаш"») is one row (by its name's key, under its most
    frequent spelling, of two as frequent the one in «»)."""
    from etl.normalize import norm_key

    where, params = _scope("t", region, period, munis, level)
    rows = _df(db, f"""
        SELECT partner_name, coalesce(partner_type, 'иное') AS partner_type, municipality, school_key,
               count(*)::BIGINT AS n
        FROM agreements t WHERE {where} GROUP BY ALL""", params)
    cols = ["partner_name", "partner_type", "agreements", "schools", "municipalities"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    keys = {p: norm_key(p) for p in rows["partner_name"].dropna().unique()}
    rows["_k"] = rows["partner_name"].map(keys).fillna("")
    spelled = rows.groupby(["_k", "partner_name"], dropna=False)["n"].sum().reset_index()
    spelled["_q"] = spelled["partner_name"].astype(str).str.contains("«")  # (a tie: the Russian quotes)
    spelled = spelled.sort_values(["_k", "n", "_q", "partner_name"], ascending=[True, False, False, True]) \
        .drop_duplicates("_k")
    named = rows[rows["school_key"].notna()]
    out = rows.groupby(["_k", "partner_type"], dropna=False).agg(agreements=("n", "sum"),
                                                                  municipalities=("municipality", "nunique"))
    schools = (named[["_k", "partner_type", "municipality", "school_key"]].drop_duplicates()
               .groupby(["_k", "partner_type"]).size())
    out = out.join(schools.rename("schools")).fillna({"schools": 0}).reset_index()
    out = out.merge(spelled[["_k", "partner_name"]], on="_k")
    out = out.astype({"agreements": "int64", "schools": "int64", "municipalities": "int64"})
    return out.sort_values(["agreements", "partner_name"], ascending=[False, True])[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Events

_PEOPLE = ("coalesce(sum(students), 0)::BIGINT AS students, coalesce(sum(parents), 0)::BIGINT AS parents, "
           "coalesce(sum(teachers), 0)::BIGINT AS teachers")


def events_totals(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
                  since: str | None = None) -> dict:
    """Participants (students, parents, teachers), summed from the per-municipality aggregate."""
    by = events_by_municipality(db, v, region, period, munis, level, since)
    return {k: int(by[k].sum()) if not by.empty else 0 for k in ("students", "parents", "teachers")}


def events_without_levels(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
                          since: str | None = None) -> bool:
    """A level is chosen, no participant is of a school of it, and there are participants in the filters without
    it: the events forms were sent per municipality (or name schools the readiness form does not know) — there is
    no breakdown by level, which is no zero."""
    if not level or any(events_totals(db, v, region, period, munis, level, since).values()):
        return False
    if level_without_schools(db, v, region, period, munis, level):  # its figure is a zero, not a breakdown missing
        return False
    return any(events_totals(db, v, region, period, munis, None, since).values())


@_cache
def events_unlevelled(db: str, v: int, region: str, period: str | None, munis: tuple,
                      since: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """(municipality, period, why) of participants (of the filters) whose school's level the readiness form of the
    period does not give — why: «без ОО» (a form of municipal totals), «нет формы готовности» (none sent for the
    period), «ОО нет в форме готовности» (named otherwise): a figure of a level goes without them."""
    we, pe = _scope("e", region, period, munis, None, since=since)
    df = _df(db, f"""
        SELECT municipality, period, CASE
            WHEN school_key IS NULL THEN 'без ОО'
            WHEN NOT EXISTS (SELECT 1 FROM readiness r_ WHERE r_.region = e.region AND r_.period = e.period
                             AND r_.municipality = e.municipality) THEN 'нет формы готовности'
            ELSE 'ОО нет в форме готовности' END AS why
        FROM event_participation e WHERE {we}
          AND NOT EXISTS (SELECT 1 FROM readiness r_ WHERE r_.region = e.region AND r_.period = e.period
                          AND r_.municipality = e.municipality AND r_.school_key = e.school_key)
        GROUP BY ALL ORDER BY municipality, period, why""", pe)
    return tuple(df.itertuples(index=False, name=None)) if not df.empty else ()


def level_without_schools(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None) -> bool:
    """A level is chosen and the readiness form gives schools, none of that level: the level has no schools."""
    return bool(level) and not readiness_totals(db, v, region, period, munis, level)["schools"] and \
        bool(readiness_totals(db, v, region, period, munis, None)["schools"])


EVENTS_NO_LEVELS = ("Разбивка по уровням недоступна: мероприятия сданы по муниципалитетам, а не по школам (или школы "
                    "не найдены в форме готовности ОО)")


@_cache
def events_by_event(db: str, v: int, region: str, period: str | None, munis: tuple,
                    level: str | None, since: str | None = None) -> pd.DataFrame:
    """event, event_level, students, parents, teachers — biggest first (summed from `since`, a school year)."""
    where, params = _scope("t", region, period, munis, level, since=since)
    return _df(db, f"""
        SELECT event, coalesce(event_level, 'не указан') AS event_level, {_PEOPLE}
        FROM event_participation t WHERE {where} GROUP BY ALL
        ORDER BY coalesce(sum(students), 0) + coalesce(sum(parents), 0) + coalesce(sum(teachers), 0) DESC,
                 event""", params)


@_cache
def events_by_level(db: str, v: int, region: str, period: str | None, munis: tuple,
                    level: str | None, since: str | None = None) -> pd.DataFrame:
    where, params = _scope("t", region, period, munis, level, since=since)
    return _df(db, f"""
        SELECT * FROM (
        SELECT coalesce(event_level, 'не указан') AS event_level, {_PEOPLE}
        FROM event_participation t WHERE {where} GROUP BY ALL) q
        ORDER BY CASE q.event_level WHEN 'федеральный' THEN 1 WHEN 'региональный' THEN 2
                 WHEN 'муниципальный' THEN 3 WHEN 'школьный' THEN 4 ELSE 5 END""", params)


@_cache
def events_by_municipality(db: str, v: int, region: str, period: str | None, munis: tuple,
                           level: str | None, since: str | None = None) -> pd.DataFrame:
    """municipality, students, parents, teachers, pupils (grades 6–11 from the readiness form of the same
    period; over a school year — participants summed from `since` — of its closing period), per100 = students
    participants per 100 pupils."""
    we, pe = _scope("e", region, period, munis, level, since=since)
    wr, pr = _scope("r", region, period, munis, level, level_direct=True)
    # a level chosen: a municipality whose form names its schools, none of them of that level, took part 0 times (it
    # did send the form); one whose form names no school, or with no readiness form of the period, is not counted
    # (its participants' level is not known: tester round t88 saw Коломна's 438 participations as 0)
    ws, ps = _scope("e", region, period, munis, None, since=since) if level else ("", [])
    sent = (f"""SELECT DISTINCT municipality FROM event_participation e WHERE {ws} AND e.school_key IS NOT NULL
                AND EXISTS (SELECT 1 FROM readiness r_ WHERE r_.region = e.region AND r_.period = e.period
                            AND r_.municipality = e.municipality)""" if level else "SELECT municipality FROM e")
    return _df(db, f"""
        WITH e AS (SELECT municipality, coalesce(sum(students), 0) AS students,
                          coalesce(sum(parents), 0) AS parents, coalesce(sum(teachers), 0) AS teachers
                   FROM event_participation e WHERE {we} GROUP BY ALL),
             m AS (SELECT municipality FROM e UNION {sent}),
             r AS (SELECT municipality, sum(students_total) AS pupils FROM readiness r WHERE {wr} GROUP BY ALL)
        SELECT m.municipality, coalesce(e.students, 0)::BIGINT AS students,
               coalesce(e.parents, 0)::BIGINT AS parents, coalesce(e.teachers, 0)::BIGINT AS teachers,
               r.pupils::BIGINT AS pupils, 100.0 * coalesce(e.students, 0) / nullif(r.pupils, 0) AS per100
        FROM m LEFT JOIN e USING (municipality) LEFT JOIN r USING (municipality)
        ORDER BY per100 DESC NULLS LAST, m.municipality""", pe + ps + pr)


@_cache
def events_over_time(db: str, v: int, region: str, period: str | None, munis: tuple,
                     level: str | None) -> pd.DataFrame:
    """period, students, parents, teachers for every period up to the selected one."""
    where, params = _scope("t", region, period, munis, level, periods_upto=True)
    return _df(db, f"SELECT period, {_PEOPLE} FROM event_participation t WHERE {where} "
                   "GROUP BY ALL ORDER BY period", params)


# ---------------------------------------------------------------------------------------------
# Effectiveness

def _school_level_join(where: str, params: list) -> tuple[str, list]:
    """LEFT JOIN of the effectiveness rows `t` to `r.level`, each school's level in the readiness form of the same
    period, matched by the name key — over the readiness rows of the periods and municipalities whose effectiveness
    is given per school only; with the parameters of the join's own filter and then the query's (`where`, `params`)."""
    return (f"LEFT JOIN (SELECT r.region, r.period, r.municipality, r.school_key AS k, r.level "
            f"FROM readiness r WHERE (r.region, r.period, r.municipality) IN (SELECT DISTINCT t.region, t.period, "
            f"t.municipality FROM effectiveness t WHERE {where} AND t.school_name IS NOT NULL)) r "
            f"ON r.region = t.region AND r.period = t.period AND r.municipality = t.municipality "
            f"AND r.k = t.school_key"), params * 2


@_cache
def effectiveness_level_schools(db: str, v: int, region: str, period: str, munis: tuple, level: str | None,
                                codes: tuple[str, ...]) -> tuple[int, int]:
    """(the schools whose values of these indicators have a level — sent per school, found in the readiness form
    of the period; the schools of the readiness form): what a breakdown by level stands on."""
    where, params = _scope("t", region, period, munis, level)
    join, params = _school_level_join(where, params)
    got = _df(db, f"""
        SELECT count(DISTINCT (t.municipality, t.school_key)) FILTER (WHERE r.level IS NOT NULL) AS n
        FROM effectiveness t {join} WHERE {where} AND list_contains(?::VARCHAR[], t.indicator_code)""",
              params + [list(codes)])
    rw, rp = _scope("r", region, period, munis, level, level_direct=True)
    total = _df(db, f"SELECT count(*) AS n FROM readiness r WHERE {rw}", rp)
    return int(got["n"].iloc[0]), int(total["n"].iloc[0])


@_cache
def effectiveness_sums(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
                       by: str = "none") -> pd.DataFrame:
    """Sums of every indicator per period (up to the selected one) and group, aggregated in DuckDB:
    period, grp, indicator_code, total, n, only (the value when the group has one row)."""
    assert by in ("none", "municipality", "level")
    if by == "none":  # sums and counts add up: the region's totals come from the per-municipality aggregate
        m = effectiveness_sums(db, v, region, period, munis, level, "municipality")
        if m.empty:
            return m
        g = m.groupby(["period", "indicator_code"], as_index=False).agg(total=("total", "sum"), n=("n", "sum"),
                                                                       only=("only", "first"))
        g["only"] = g["only"].where(g["n"] == 1)
        g.insert(1, "grp", "всего")
        return g[["period", "grp", "indicator_code", "total", "n", "only"]]
    where, params = _scope("t", region, period, munis, level, periods_upto=True)
    if by == "municipality":
        grp, join = "t.municipality", ""
    elif by == "level":
        grp = "coalesce(r.level, 'не указан')"
        join, params = _school_level_join(where, params)
    else:
        grp, join = "'всего'", ""
    return _df(db, f"""
        SELECT t.period, {grp} AS grp, t.indicator_code, sum(t.value) AS total, count(t.value) AS n,
               CASE WHEN count(t.value) = 1 THEN any_value(t.value) END AS only
        FROM effectiveness t {join} WHERE {where} AND t.indicator_code IS NOT NULL
        GROUP BY ALL ORDER BY 1, 2""", params)


@_cache
def effectiveness_pairs(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
                        by: str = "none") -> pd.DataFrame:
    """period, grp, code, num, den for each ratio indicator: its numerator and denominator summed over the units
    (municipality, or school where reported per school) that reported BOTH, so that a unit giving only one of them
    cannot tip the share."""
    assert by in ("none", "municipality", "level")
    cols = ["period", "grp", "code", "num", "den"]
    if by == "none":  # additive: the region's pairs are the sums of the municipalities' pairs
        m = effectiveness_pairs(db, v, region, period, munis, level, "municipality")
        if m.empty:
            return pd.DataFrame(columns=cols)
        g = m.groupby(["period", "code"], as_index=False)[["num", "den"]].sum()
        g.insert(1, "grp", "всего")
        return g[cols]
    cat = indicators(db, v)
    ratios = [(r.code, r.numerator, r.denominator) for r in cat.itertuples(index=False)
              if r.aggregation == "ratio" and r.numerator and r.denominator]
    if not ratios:
        return pd.DataFrame(columns=cols)
    where, params = _scope("t", region, period, munis, level, periods_upto=True)
    if by == "municipality":
        grp, join = "t.municipality", ""
    else:
        grp = "coalesce(r.level, 'не указан')"
        join, params = _school_level_join(where, params)
    values = ", ".join(["(?, ?, ?)"] * len(ratios))
    return _df(db, f"""
        WITH u AS (SELECT t.period, {grp} AS grp, t.municipality, t.school_name, t.indicator_code,
                          sum(t.value) AS v
                   FROM effectiveness t {join} WHERE {where} AND t.value IS NOT NULL GROUP BY ALL),
             ratio(code, num, den) AS (VALUES {values})
        SELECT n.period, n.grp, ratio.code, sum(n.v) AS num, sum(d.v) AS den
        FROM ratio JOIN u n ON n.indicator_code = ratio.num
             JOIN u d ON d.indicator_code = ratio.den AND d.period = n.period AND d.grp = n.grp
                     AND d.municipality = n.municipality AND d.school_name IS NOT DISTINCT FROM n.school_name
        GROUP BY ALL ORDER BY 1, 2, 3""", params + [x for r in ratios for x in r])


@_cache
def effectiveness_shares_alone(db: str, v: int, region: str, period: str | None, munis: tuple,
                               level: str | None) -> pd.DataFrame:
    """period, code, municipality: a ratio indicator a municipality gave as a share only, without its numerator and
    denominator — it cannot be re-aggregated, so the region's share (`effectiveness_pairs`) leaves it out."""
    cat = indicators(db, v)
    ratios = [(r.code, r.numerator, r.denominator) for r in cat.itertuples(index=False)
              if r.aggregation == "ratio" and r.numerator and r.denominator]
    if not ratios:
        return pd.DataFrame(columns=["period", "code", "municipality"])
    where, params = _scope("t", region, period, munis, level, periods_upto=True)
    values = ", ".join(["(?, ?, ?)"] * len(ratios))
    return _df(db, f"""
        WITH u AS (SELECT DISTINCT t.period, t.municipality, t.indicator_code FROM effectiveness t
                   WHERE {where} AND t.value IS NOT NULL),
             ratio(code, num, den) AS (VALUES {values})
        SELECT DISTINCT s.period, ratio.code, s.municipality
        FROM ratio JOIN u s ON s.indicator_code = ratio.code
        WHERE NOT EXISTS (SELECT 1 FROM u n JOIN u d ON d.period = n.period AND d.municipality = n.municipality
                          WHERE n.indicator_code = ratio.num AND d.indicator_code = ratio.den
                            AND n.period = s.period AND n.municipality = s.municipality)
        ORDER BY 1, 2, 3""", params + [x for r in ratios for x in r])


@_cache
def effectiveness_values(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
                         by: str = "none") -> pd.DataFrame:
    """period, grp, code, value: sum indicators summed; ratio indicators re-aggregated as
    100 × Σnumerator / Σdenominator (in %), from the numerator and denominator indicators of indicators.csv,
    over the units that reported both (`effectiveness_pairs`).
    A ratio without its numerator and denominator is shown only where one value stands alone (never averaged)."""
    sums = effectiveness_sums(db, v, region, period, munis, level, by)
    cat = indicators(db, v)
    cols = ["period", "grp", "code", "value"]
    if sums.empty or cat.empty:
        return pd.DataFrame(columns=cols)
    total = sums.pivot_table(index=["period", "grp"], columns="indicator_code", values="total", aggfunc="first")
    only = sums.pivot_table(index=["period", "grp"], columns="indicator_code", values="only", aggfunc="first")
    pairs = effectiveness_pairs(db, v, region, period, munis, level, by)
    pairs = pairs.set_index(["code", "period", "grp"]) if not pairs.empty else pairs
    parts = []
    for ind in cat.itertuples(index=False):
        if ind.aggregation == "ratio":
            val = pd.Series(float("nan"), index=total.index)
            if not pairs.empty and ind.code in pairs.index.get_level_values(0):
                p = pairs.loc[ind.code]
                den = p["den"].where(p["den"] != 0)
                val = (100.0 * p["num"] / den).reindex(total.index)
            if ind.code in only.columns:
                val = val.fillna(only[ind.code])
        elif ind.code in total.columns:
            val = total[ind.code]
        else:
            continue
        val = val.dropna()
        if not val.empty:
            parts.append(val.rename("value").reset_index().assign(code=ind.code))
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)[cols]
    out["value"] = out["value"].astype(float)
    return out.sort_values(["period", "grp"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Roadmap

# an item overdue: its deadline passed by the day its report is as of (today for a plan), and not «выполнено»
_OVERDUE = "deadline < coalesce(as_of, current_date) AND coalesce(status, '') <> 'выполнено'"


@_cache
def roadmap(db: str, v: int, region: str) -> pd.DataFrame:
    """The region's roadmap items (a few dozen rows) with `overdue` (deadline passed, not «выполнено», on the day
    the report is as of — today for a plan) and `late` (done, on a day the report gives, after the deadline)."""
    return _df(db, f"""
        SELECT section, item_no, measure, deadline_text, deadline, executors, planned_result,
               coalesce(status, 'не указан') AS status, status_text, evidence, done_on,
               coalesce({_OVERDUE}, false) AS overdue,
               coalesce(status = 'выполнено' AND done_on > deadline, false) AS late,
               load_id, source_file, source_sheet, source_row
        FROM roadmap_items WHERE region = ?
        ORDER BY deadline NULLS LAST, try_cast(split_part(item_no, '.', 1) AS INTEGER) NULLS LAST, item_no""",
               [region])


@_cache
def roadmap_timeline(db: str, v: int, region: str) -> pd.DataFrame:
    """month (first day), status, items — items by deadline month and status (overdue as its own status)."""
    return _df(db, f"""
        SELECT date_trunc('month', deadline)::DATE AS month,
               CASE WHEN {_OVERDUE} THEN 'просрочено' ELSE coalesce(status, 'не указан') END AS status,
               count(*)::BIGINT AS items
        FROM roadmap_items WHERE region = ? AND deadline IS NOT NULL GROUP BY ALL ORDER BY 1""", [region])


@_cache
def roadmap_undated(db: str, v: int, region: str) -> list[tuple[str, str]]:
    """(№, the deadline as written) of the region's roadmap items whose deadline is no date («в течение года», «по
    графику»): no month of the timeline holds them."""
    df = _df(db, """SELECT coalesce(item_no, '') AS item_no, coalesce(deadline_text, '') AS deadline_text
                    FROM roadmap_items WHERE region = ? AND deadline IS NULL ORDER BY source_row""", [region])
    return [(str(a), str(b)) for a, b in zip(df["item_no"], df["deadline_text"])] if not df.empty else []


@_cache
def roadmap_as_of(db: str, v: int, region: str):
    """The day the region's roadmap report in use is as of («по состоянию на 02.10.2023»), or None (a plan, or a
    report with no date): what «просрочено» is judged on and what the pages say the statuses are of."""
    df = _df(db, "SELECT max(as_of) AS as_of FROM roadmap_items WHERE region = ?", [region])
    return None if df.empty or pd.isna(df["as_of"].iloc[0]) else pd.Timestamp(df["as_of"].iloc[0]).date()


# ---------------------------------------------------------------------------------------------
# How complete a period's submissions are (the period a page opens on)

COMPLETE_DEFAULT = 0.9  # data/reference/thresholds.csv «submissions_complete_min»


def _complete(db: str, v: int, submitted: int, expected: int) -> bool:
    """A form counts as sent for a period when this share of the expected municipalities sent it."""
    need = thresholds(db, v).get("submissions_complete_min", COMPLETE_DEFAULT)
    return submitted / expected >= need - 1e-9


def active_municipalities(db: str, v: int, region: str, period: str) -> list[str]:
    """The region's municipalities expected in a period, in today's borders: a unit merged into another is never
    expected on its own — the loader counts its schools in the merged unit in every period (etl/registry.py follows
    mergers), so it could never be «сдано» (Дзержинский → Люберцы was «просрочено» in every period before 31.10.2024);
    a unit abolished without a successor only in the periods it existed at the end of."""
    from datetime import date as _date

    from etl import periods as etl_periods

    end = etl_periods.period_bounds(period)[1]
    df = reference(db, v, "municipalities")
    df = df[df["region_code"].astype(str) == str(region)]
    out = []
    for m, merged, valid_to in zip(df["municipality"], df.get("merged_into", [None] * len(df)),
                                   df.get("valid_to", [None] * len(df))):
        if _text(merged):
            continue
        s = _text(valid_to)
        if not s or _date.fromisoformat(s[:10]) >= end:
            out.append(str(m))
    return sorted(set(out))


def _text(v) -> str:
    """A reference cell as text: '' for an empty one (None, NaN, «None»)."""
    s = "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
    return "" if s == "None" else s


@_cache
def period_completeness(db: str, v: int, region: str | None) -> pd.DataFrame:
    """Per period with data, newest first: how many of the expected municipalities submitted the readiness form
    (the base of every figure per school): period, submitted, expected, share, complete (the share reaches
    «submissions_complete_min»)."""
    cols = ["period", "submitted", "expected", "share", "complete"]
    if not region:
        return pd.DataFrame(columns=cols)
    df = _df(db, "SELECT period, count(DISTINCT municipality) AS submitted FROM readiness WHERE region = ? "
                 "AND period IS NOT NULL GROUP BY period", [region])
    have = dict(zip(df["period"], df["submitted"])) if not df.empty else {}
    rows = []
    for p in period_options(db, v, region):
        expected = len(active_municipalities(db, v, region, p)) or 1
        n = int(have.get(p, 0))
        rows.append({"period": p, "submitted": n, "expected": expected, "share": n / expected,
                     "complete": _complete(db, v, n, expected)})
    return pd.DataFrame(rows, columns=cols)


@_cache
def submitted_municipalities(db: str, v: int, kind: str, region: str, period: str | None, munis: tuple = (),
                             since: str | None = None) -> tuple[str, ...]:
    """The municipalities that sent form `kind` for a period, or from `since` to it (within the chosen
    municipalities, if any)."""
    if not period or kind == "roadmap":
        return ()
    where, params = _scope("t", region, period, munis, None, since=since)
    # (and of agreements those whose current form has no row: every row «нет» — sent, with no agreement)
    rowless = f" UNION {_agreement_forms('t.municipality', where)}" if kind == "agreements" else ""
    df = _df(db, f"SELECT DISTINCT t.municipality AS m FROM {KIND_VIEW[kind]} t WHERE {where} "
                 f"AND t.municipality IS NOT NULL{rowless} ORDER BY 1", params * (2 if rowless else 1))
    return tuple(str(m) for m in df["m"]) if not df.empty else ()


@_cache
def missing_municipalities(db: str, v: int, kind: str, region: str, period: str | None, munis: tuple = ()
                           ) -> tuple[str, ...]:
    """The municipalities expected in a period (of the chosen ones, if any) that have not sent form `kind`."""
    if not period or not region or kind == "roadmap":
        return ()
    sent = set(submitted_municipalities(db, v, kind, region, period, munis))
    return tuple(m for m in active_municipalities(db, v, region, period)
                 if m not in sent and (not munis or m in munis))


WAITING_RU = {"pending": "на проверке у аналитика", "returned": "возвращена на исправление",
              "reopened": "открыта для исправления"}


@_cache
def unaccepted_municipalities(db: str, v: int, kind: str, region: str, period: str | None, munis: tuple = ()
                              ) -> dict[str, str]:
    """{municipality: «на проверке у аналитика» | «возвращена на исправление» | «открыта для исправления»} — those
    (within the chosen) that sent form `kind` for the period with none of its versions accepted: the pages of
    accepted data have nothing of them, and «не сдавали» would be untrue. Empty under «включая непринятые» (the
    pages show those forms) and for the roadmap."""
    if not period or kind == "roadmap" or is_pending(db):
        return {}
    cond = " AND list_contains(?::VARCHAR[], s.municipality)" if munis else ""
    df = _df(db, f"""SELECT s.municipality AS m, CASE WHEN a.last_action = 'reopened' THEN 'reopened'
                                                   ELSE a.state END AS state
        FROM current_scope_review s JOIN load_acceptance a ON a.load_id = s.load_id
        WHERE s.kind = ? AND s.region = ? AND s.period = ? AND a.state <> 'accepted' AND s.municipality IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM current_scope c WHERE c.kind = s.kind AND c.region = s.region
                          AND c.period = s.period AND c.municipality = s.municipality){cond}
        ORDER BY 1""", [kind, region, period] + ([list(munis)] if munis else []))
    return {} if df.empty else {str(m): WAITING_RU[st_] for m, st_ in zip(df["m"], df["state"])}


@_cache
def unaccepted_loads(db: str, v: int, ids: tuple[int, ...]) -> list[int]:
    """Which of these loads are not accepted (on review, returned, opened for correction)."""
    if not ids:
        return []
    df = _df(db, "SELECT load_id FROM main.load_acceptance WHERE list_contains(?::BIGINT[], load_id) "
                 "AND state <> 'accepted' ORDER BY 1", [list(ids)])
    return [] if df.empty else [int(x) for x in df["load_id"]]


def expected_municipalities(db: str, v: int, region: str, period: str, munis: tuple = ()) -> list[str]:
    """The municipalities expected to send their forms for a period: the region's active ones, or the chosen ones
    among them."""
    expected = active_municipalities(db, v, region, period)
    return [m for m in expected if m in munis] if munis else expected


def form_submissions(db: str, v: int, kind: str, region: str, period: str | None, munis: tuple = ()
                     ) -> dict | None:
    """{submitted, expected, complete} of one form in a period: the municipalities that sent it against those
    expected (the region's active ones, or the chosen ones); None for the roadmap or no period."""
    if not period or kind == "roadmap":
        return None
    expected = set(expected_municipalities(db, v, region, period, tuple(munis)))
    sent = set(submitted_municipalities(db, v, kind, region, period, tuple(munis)))
    n, m = len(sent & expected) if expected else len(sent), max(len(expected), 1)
    return {"submitted": n, "expected": m, "complete": _complete(db, v, n, m)}


def complete_period(db: str, v: int, region: str | None) -> str | None:
    """The newest period whose readiness submissions reach the threshold; the newest with data if none does."""
    comp = period_completeness(db, v, region)
    if comp.empty:
        return None
    full = comp[comp["complete"]]
    return str(full.iloc[0]["period"] if not full.empty else comp.iloc[0]["period"])


def submission_state(db: str, v: int, region: str | None, period: str | None, munis: tuple = ()) -> dict | None:
    """{submitted, expected, complete, newer, newer_complete} of a period's readiness submissions (of these
    municipalities, when given: a municipal coordinator learns nothing of the others): `newer` — a later period has
    data, `newer_complete` — a later period is complete too; None for a period without data."""
    if not region or not period:
        return None
    if munis:
        state = form_submissions(db, v, "readiness", region, period, tuple(munis))
        later = [p for p in period_options(db, v, region, tuple(munis)) if p > period]
        return None if state is None else {
            **state, "newer": bool(later),
            "newer_complete": any((form_submissions(db, v, "readiness", region, p, tuple(munis)) or {})
                                  .get("complete") for p in later)}
    comp = period_completeness(db, v, region)
    row = comp[comp["period"] == period]
    if row.empty:
        return None
    later = comp[comp["period"] > period]
    return {"submitted": int(row.iloc[0]["submitted"]), "expected": int(row.iloc[0]["expected"]),
            "complete": bool(row.iloc[0]["complete"]), "newer": not later.empty,
            "newer_complete": bool(later["complete"].any())}
