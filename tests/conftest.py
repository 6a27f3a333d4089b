"""Fixture databases for the dashboard tests, written through the real storage layer (etl.db.store_load).

`small_db`: two regions, a few municipalities, two periods each, every kind of form, known numbers.
`empty_db`: the schema only. Both are built once per session in a temp dir (tests never touch data/).
"""
from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from datetime import date

import pytest

# Everything a test run writes to temp (upload folders of the pages, the browser servers' files, what the ETL
# learns between runs) goes under one folder of this session, removed at its end: runs leave no litter in /tmp.
_SESSION_TMP = tempfile.mkdtemp(prefix="monitoring_tests_")
os.environ["TMPDIR"] = tempfile.tempdir = _SESSION_TMP
atexit.register(shutil.rmtree, _SESSION_TMP, ignore_errors=True)
os.environ.setdefault("MONITORING_CACHE", tempfile.mkdtemp(prefix="monitoring_cache_"))
# what analysts confirmed lives beside each test's database: a developer's own files must not leak into a run
for _learned in ("MONITORING_MAPPINGS", "MONITORING_ALIASES"):
    os.environ.pop(_learned, None)

from etl import db as edb

REGIONS = [("50", "Московская область", "quarter"), ("65", "Сахалинская область", "half")]
MUNIS = {  # region → [(municipality, lat, lon)]
    "50": [("Химки", 55.8887, 37.4304), ("Королёв", 55.9142, 37.8256), ("Балашиха", 55.7964, 37.9383)],
    "65": [("Южно-Сахалинск", 46.9592, 142.738), ("Холмский", 47.0408, 142.0417)],
}
PERIODS = {"50": ["2023-Q3", "2023-Q4"], "65": ["2023-H2", "2024-H1"]}
LEVELS = ["базовый", "основной", "продвинутый", None]


def _sha(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _store(con, kind, region, period, cols, name):
    return edb.store_load(con, file_name=name, sha256=_sha(name, kind, region, period), kind=kind,
                          period=period, region=region, columns=cols, keep=None, problems=[],
                          status="loaded", message="", loaded_by="тест")


def _readiness(region, period, pi):
    """Schools: municipality i has 3 + i schools (+1 in the second period); flags vary deterministically."""
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "school_inn", "level",
                            "responsible_appointed", "plan_approved", "students_total", "students_covered",
                            "navigators", "bvb_registered", "source_file", "source_sheet", "source_row"]}
    row = 5
    for mi, (m, _, _) in enumerate(MUNIS[region]):
        for s in range(3 + mi + pi):
            cols["period"].append(period)
            cols["region"].append(region)
            cols["municipality"].append(m)
            cols["school_name"].append(f"СОШ № {s + 1} ({m})")
            cols["school_inn"].append(f"50{mi}{s:07d}")
            cols["level"].append(LEVELS[(s + mi) % 4])
            cols["responsible_appointed"].append(s % 5 != 1)
            cols["plan_approved"].append(None if s == 2 else s % 3 != 2)
            cols["students_total"].append(100 + 10 * s + 50 * mi)
            cols["students_covered"].append(80 + 10 * s + 20 * mi + 5 * pi)
            cols["navigators"].append((s + 1) % 4)
            cols["bvb_registered"].append(s % 6 != 3)
            cols["source_file"].append(f"готовность_{region}_{period}.xlsx")
            cols["source_sheet"].append(m)
            cols["source_row"].append(row)
            row += 1
    return cols


PARTNERS = [("ВУЗ", "МГТУ им. Баумана"), ("СПО", "Колледж связи № 54"), ("индустриальный партнёр", "АО «Тест»"),
            ("СПО", "Техникум «Профи»"), ("ВУЗ", "=HYPERLINK(\"x\")")]


def _agreements(region, period, pi):
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "partner_type", "partner_name",
                            "agreement_no", "signed_on", "source_file", "source_sheet", "source_row"]}
    row = 4
    for mi, (m, _, _) in enumerate(MUNIS[region]):
        for s in range(3 + mi + pi):
            if s % 2 == 1:
                continue  # odd schools have no agreements
            for k in range(1 + (s + mi) % 3):
                ptype, pname = PARTNERS[(s + k + mi) % len(PARTNERS)]
                cols["period"].append(period)
                cols["region"].append(region)
                cols["municipality"].append(m)
                cols["school_name"].append(f"СОШ № {s + 1} ({m})")
                cols["partner_type"].append(ptype)
                cols["partner_name"].append(pname)
                cols["agreement_no"].append(f"{mi}-{s}-{k}")
                cols["signed_on"].append(date(2023, 9, 1 + k))
                cols["source_file"].append(f"договоры_{region}_{period}.xlsx")
                cols["source_sheet"].append("Лист1")
                cols["source_row"].append(row)
                row += 1
    return cols


EVENTS = [("Профориентационный фестиваль «Путь навыков»", "региональный"),
          ("Всероссийское родительское собрание по профориентации 14.09.2023", "федеральный"),
          ("Профессиональные пробы", "муниципальный")]


def _events(region, period, pi):
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "event", "event_level",
                            "event_date", "students", "parents", "teachers", "source_file", "source_sheet",
                            "source_row"]}
    row = 6
    for mi, (m, _, _) in enumerate(MUNIS[region]):
        for s in range(3 + mi + pi):
            for ei, (ev, lvl) in enumerate(EVENTS):
                if (s + ei) % 3 == 2:
                    continue
                cols["period"].append(period)
                cols["region"].append(region)
                cols["municipality"].append(m)
                cols["school_name"].append(f"СОШ № {s + 1} ({m})")
                cols["event"].append(ev)
                cols["event_level"].append(lvl)
                cols["event_date"].append(date(2023, 9, 14))
                cols["students"].append(10 + s + 5 * ei + pi)
                cols["parents"].append(3 + ei)
                cols["teachers"].append(1 + (s % 2))
                cols["source_file"].append(f"мероприятия_{region}_{period}.xlsx")
                cols["source_sheet"].append("Свод по школам")
                cols["source_row"].append(row)
                row += 1
    return cols


def _effectiveness(region, period, pi):
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "indicator_code", "value",
                            "source_file", "source_sheet", "source_row"]}
    row = 5
    for mi, (m, _, _) in enumerate(MUNIS[region]):
        for s in range(3 + mi + pi):
            total = 100 + 10 * s + 50 * mi
            vals = {"students_total": total, "students_covered": 80 + 10 * s + 20 * mi + 5 * pi,
                    "diagnostics_done": 40 + 7 * s + 10 * pi, "probes_done": 10 + 3 * s + mi,
                    "teachers_dpo": 1 + s % 3, "orientiry_passed": 30 + 5 * s, "orientiry_high": 10 + s + pi}
            # a ratio written by the school itself: must never be averaged, the numbers above are used
            vals["coverage_share"] = 100.0 * vals["students_covered"] / total
            for code, val in vals.items():
                cols["period"].append(period)
                cols["region"].append(region)
                cols["municipality"].append(m)
                cols["school_name"].append(f"СОШ № {s + 1} ({m})")
                cols["indicator_code"].append(code)
                cols["value"].append(float(val))
                cols["source_file"].append(f"эффективность_{region}_{period}.xlsx")
                cols["source_sheet"].append(m)
                cols["source_row"].append(row)
                row += 1
    return cols


def _roadmap(region):
    items = [("1", "Назначить ответственных за профминимум", date(2023, 9, 1), "МОУО, ОО", "выполнено"),
             ("2", "Утвердить планы реализации профминимума", date(2023, 9, 15), "ОО", "в работе"),
             ("3", "Провести родительское собрание", date(2023, 10, 1), "Министерство; МОУО", "не выполнено"),
             ("4", "Подготовить аналитическую справку", date(2030, 12, 1), "Координатор", "не начато"),
             ("5", "Организовать профпробы", date(2030, 6, 1), "Координатор, СПО", "в работе"),
             ("6", "Обучить педагогов-навигаторов", None, "Институт развития образования", None)]
    n = len(items)
    return {"region": [region] * n, "section": ["Организационные мероприятия"] * n,
            "item_no": [i[0] for i in items], "measure": [i[1] for i in items],
            "deadline_text": ["до " + i[2].strftime("%d.%m.%Y") if i[2] else "постоянно" for i in items],
            "deadline": [i[2] for i in items], "executors": [i[3] for i in items],
            "planned_result": ["Аналитическая справка"] * n, "status": [i[4] for i in items],
            "evidence": [None] * n, "source_file": [f"дорожная_карта_{region}.csv"] * n,
            "source_sheet": [""] * n, "source_row": list(range(2, 2 + n))}


def _ensure_reference(con) -> None:
    """Reference views the tests rely on, where data/reference does not provide them (yet)."""
    have = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    if "regions" not in have:
        con.execute("CREATE OR REPLACE TABLE ref_regions (code VARCHAR, name VARCHAR, cadence VARCHAR)")
        con.executemany("INSERT INTO ref_regions VALUES (?, ?, ?)", [list(r) for r in REGIONS])
        con.execute("CREATE OR REPLACE VIEW regions AS SELECT * FROM ref_regions")
    if "municipalities" not in have:
        con.execute("CREATE OR REPLACE TABLE ref_municipalities (region_code VARCHAR, municipality VARCHAR, "
                    "lat VARCHAR, lon VARCHAR)")
        con.executemany("INSERT INTO ref_municipalities VALUES (?, ?, ?, ?)",
                        [[r, m, str(la), str(lo)] for r, ms in MUNIS.items() for m, la, lo in ms])
        con.execute("CREATE OR REPLACE VIEW municipalities AS SELECT * FROM ref_municipalities")


def build_small_db(path) -> None:
    with edb.write_connection(path) as con:
        _ensure_reference(con)
        for region, periods in PERIODS.items():
            for pi, period in enumerate(periods):
                _store(con, "readiness", region, period, _readiness(region, period, pi), f"r_{region}_{period}.xlsx")
                _store(con, "agreements", region, period, _agreements(region, period, pi),
                       f"a_{region}_{period}.xlsx")
                _store(con, "events", region, period, _events(region, period, pi), f"e_{region}_{period}.xlsx")
                _store(con, "effectiveness", region, period, _effectiveness(region, period, pi),
                       f"f_{region}_{period}.xlsx")
            _store(con, "roadmap", region, None, _roadmap(region), f"roadmap_{region}.csv")


@pytest.fixture(scope="session")
def small_db(tmp_path_factory):
    p = tmp_path_factory.mktemp("dash") / "small.duckdb"
    build_small_db(p)
    return p


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory):
    p = tmp_path_factory.mktemp("dash_empty") / "empty.duckdb"
    edb.ensure_database(p)
    return p


@pytest.fixture
def dbp(tmp_path, monkeypatch):
    """A fresh database path for the app under test (MONITORING_DB), in local single-user mode."""
    monkeypatch.delenv("MONITORING_USERS", raising=False)
    p = tmp_path / "db" / "m.duckdb"
    monkeypatch.setenv("MONITORING_DB", str(p))
    return p


def sql(db_path, query: str, params: list | None = None):
    """Independent SQL in tests: all rows as tuples."""
    with edb.read_connection(db_path) as con:
        return con.execute(query, params or []).fetchall()


def pytest_sessionfinish(session, exitstatus):
    """Every check raised during the tests is declared in data/reference/rules.csv with the severity it is raised
    with (MONITORING_RULES_DUMP=path writes what was raised, to declare new codes)."""
    import os

    from etl import model

    dump = os.environ.get("MONITORING_RULES_DUMP")
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(model.UNDECLARED)))
    bad = sorted(model.UNDECLARED) + sorted(model.MISMATCHED)
    if bad and exitstatus == 0 and not dump:
        print("\nНе описаны в data/reference/rules.csv (или описаны с другой важностью): " + ", ".join(bad))
        session.exitstatus = 1
