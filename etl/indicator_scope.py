"""What an effectiveness load replaces: indicator by indicator, not the whole form of a municipality. The current
load of an indicator of a municipality and period is the newest active load holding it (`current_indicator_scope*`
views). A load holds the indicators it has rows of, and claims (`indicator_claims`) the other indicators of the
loads it replaces: a new load replaces, for a municipality and period, every current load it shares an indicator of
one source family with (a corrected form replaces the earlier form whole — an indicator left out of it goes), while
a file of other indicators (the second table of a sheet loaded as its own file) is added to the current ones."""
from __future__ import annotations

from etl.schema import SEPARATE_SOURCES

KEY = ("region", "period", "municipality", "indicator_code")


def family_sql(code: str) -> str:
    """The source family of an effectiveness indicator code, in SQL: 'bvb', 'course', 'orientiry' or 'form'."""
    return (f"CASE WHEN split_part({code}, '_', 1) IN ({', '.join(repr(x) for x in SEPARATE_SOURCES)}) "
            f"THEN split_part({code}, '_', 1) ELSE 'form' END")


def same(a: str, b: str, cols=KEY) -> str:
    return " AND ".join(f"{a}.{c} IS NOT DISTINCT FROM {b}.{c}" for c in cols)


ROW_KEYS = "SELECT DISTINCT load_id, region, period, municipality, indicator_code FROM main.effectiveness_rows"
KEYS = f"{ROW_KEYS} UNION SELECT load_id, region, period, municipality, indicator_code FROM main.indicator_claims"
TABLE = """CREATE TABLE IF NOT EXISTS indicator_claims (
          load_id INTEGER, region VARCHAR, period VARCHAR, municipality VARCHAR, indicator_code VARCHAR
        )"""


def views() -> list[str]:
    """The current load of each indicator of each municipality and period: of the active loads
    (`current_indicator_scope_all`), those on review (`…_review`, as current_scope_review) and accepted ones."""
    acc = "JOIN main.load_acceptance a ON a.load_id = k.load_id"
    out = []
    for view, pick, accepted in (
            ("current_indicator_scope_all", "max(k.load_id)", ""),
            ("current_indicator_scope_review",
             "coalesce(max(k.load_id) FILTER (WHERE a.state <> 'returned'), max(k.load_id))", acc),
            ("current_indicator_scope", "max(k.load_id)", acc + " AND a.state = 'accepted'")):
        out.append(f"""CREATE OR REPLACE VIEW {view} AS
            SELECT k.region, k.period, k.municipality, k.indicator_code, {pick} AS load_id
            FROM ({KEYS}) k JOIN main.load_log l ON l.load_id = k.load_id {accepted}
            WHERE l.status IN ('loaded', 'replaced')
            GROUP BY ALL""")
    return out


def _replaced_sql(new: str) -> str:
    """(load_id, region, period, municipality, family) the load's rows `new` (a query of keys) replace: the current
    holders, with rows of their own, of an indicator of theirs."""
    return f"""SELECT DISTINCT c.load_id, c.region, c.period, c.municipality, {family_sql('c.indicator_code')} AS family
        FROM cur c JOIN ({new}) m ON {same('c', 'm')}
        JOIN ({ROW_KEYS}) r ON r.load_id = c.load_id AND {same('c', 'r')}"""


def claim(con, load_id: int) -> None:
    """Write what a load just stored claims: the other indicators, of the same family, of the loads it replaces."""
    mine = f"SELECT region, period, municipality, indicator_code FROM ({ROW_KEYS}) WHERE load_id = {int(load_id)}"
    con.execute(f"""INSERT INTO indicator_claims
        WITH cur AS (SELECT k.region, k.period, k.municipality, k.indicator_code, max(k.load_id) AS load_id
                     FROM ({KEYS}) k JOIN load_log l ON l.load_id = k.load_id
                     WHERE l.status IN ('loaded', 'replaced') AND k.load_id <> {int(load_id)} GROUP BY ALL),
             hit AS ({_replaced_sql(mine)})
        SELECT DISTINCT {int(load_id)}, c.region, c.period, c.municipality, c.indicator_code
        FROM cur c JOIN hit h ON h.load_id = c.load_id AND {same('c', 'h', KEY[:3])}
          AND h.family = {family_sql('c.indicator_code')}
        WHERE NOT EXISTS (SELECT 1 FROM ({mine}) m WHERE {same('c', 'm')})""")


def backfill(con) -> None:
    """A database made when a load replaced the whole source family of a municipality and period: each load claims
    the indicators of its family that earlier loads had there and it has not (what it put out of use then)."""
    con.execute(f"""INSERT INTO indicator_claims
        WITH rk AS (SELECT *, {family_sql('indicator_code')} AS family FROM ({ROW_KEYS}))
        SELECT DISTINCT a.load_id, b.region, b.period, b.municipality, b.indicator_code
        FROM (SELECT DISTINCT load_id, region, period, municipality, family FROM rk) a
        JOIN rk b ON b.load_id < a.load_id AND b.family = a.family AND {same('a', 'b', KEY[:3])}
        WHERE NOT EXISTS (SELECT 1 FROM rk c WHERE c.load_id = a.load_id AND {same('b', 'c')})""")


def replaced(con, region: str, keys: list[tuple]) -> list[tuple]:
    """(load_id, municipality, its indicators there the file lacks — they would leave the pages) of the loads a file
    of these keys (period, municipality, indicator_code) would replace, per municipality."""
    if not keys:
        return []
    periods, munis, codes = (list(x) for x in zip(*keys))
    rows = con.execute(f"""
        WITH new AS (SELECT ?::VARCHAR AS region, unnest(?::VARCHAR[]) AS period,
                            unnest(?::VARCHAR[]) AS municipality, unnest(?::VARCHAR[]) AS indicator_code),
             cur AS (SELECT * FROM current_indicator_scope_all WHERE region = ?),
             hit AS ({_replaced_sql("SELECT * FROM new")})
        SELECT h.load_id, h.municipality,
               list(DISTINCT c.indicator_code ORDER BY c.indicator_code) FILTER (
                   WHERE NOT EXISTS (SELECT 1 FROM new m WHERE {same('c', 'm')})
                     AND EXISTS (SELECT 1 FROM ({ROW_KEYS}) r WHERE r.load_id = c.load_id AND {same('c', 'r')}))
        FROM hit h JOIN cur c ON c.load_id = h.load_id AND {same('c', 'h', KEY[:3])}
          AND h.family = {family_sql('c.indicator_code')}
        GROUP BY ALL ORDER BY 1, 2""", [region, periods, munis, codes, region]).fetchall()
    return [(int(i), m, list(gone or [])) for i, m, gone in rows]
