"""The storage contract: versions, replacement, rollback, atomic writes, serialised writers."""
import threading
import time

import duckdb
import pytest

from etl import db
from etl.model import Problem


def rows(munis, names, period="2023-Q3", region="50"):
    n = len(names)
    return {"period": [period] * n, "region": [region] * n, "municipality": munis, "school_name": names,
            "level": ["базовый"] * n, "students_total": [100] * n, "students_covered": [50] * n,
            "source_file": ["f.xlsx"] * n, "source_sheet": ["Лист1"] * n, "source_row": list(range(5, 5 + n))}


def store(p, cols, sha, status="loaded", keep=None, problems=()):
    with db.write_connection(p) as con:
        return db.store_load(con, file_name=f"{sha}.xlsx", sha256=sha, kind="readiness", period="2023-Q3",
                             region="50", columns=cols, keep=keep, problems=list(problems), status=status,
                             message="")


def q(p, sql):
    with db.read_connection(p) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def dbp(tmp_path):
    return tmp_path / "m.duckdb"


def test_new_submission_replaces_same_scope_and_keeps_history(dbp):
    a = store(dbp, rows(["Химки", "Химки", "Королёв"], ["СОШ 1", "СОШ 2", "СОШ 3"]), "a")
    b = store(dbp, rows(["Химки"], ["СОШ 1 (новая)"]), "b")
    # Химки now come from load b, Королёв still from load a.
    assert sorted(q(dbp, "select municipality, school_name from readiness")) == [
        ("Королёв", "СОШ 3"), ("Химки", "СОШ 1 (новая)")]
    assert q(dbp, "select load_id, status from loads order by 1") == [(a, "loaded"), (b, "loaded")]
    c = store(dbp, rows(["Королёв"], ["СОШ 3б"]), "c")
    assert q(dbp, f"select status from loads where load_id={a}") == [("replaced",)]
    # history keeps every version
    assert q(dbp, "select count(*) from readiness_rows")[0][0] == 5
    # rollback of c brings Королёв of load a back
    db.rollback_load(dbp, c, who="тест")
    assert sorted(q(dbp, "select school_name from readiness")) == [("СОШ 1 (новая)",), ("СОШ 3",)]
    assert q(dbp, "select load_id, status from loads order by 1") == [(a, "loaded"), (b, "loaded"), (c, "rolled_back")]
    assert q(dbp, "select action, load_id from audit_log") == [("rollback", c)]


def test_rejected_load_writes_only_log_and_quarantine(dbp):
    prob = Problem("f.xlsx", "Лист1", 7, "D «Уровень»", "???", "bad_level", "неизвестный уровень", "подсказка")
    lid = store(dbp, rows(["Химки"], ["СОШ 1"]), "r", status="rejected", problems=[prob])
    assert q(dbp, "select count(*) from readiness")[0][0] == 0
    assert q(dbp, "select status, rows_loaded, rows_rejected from loads") == [("rejected", 0, 1)]
    assert q(dbp, 'select load_id, sheet, "row", column_name, value, rule from quarantine') == [
        (lid, "Лист1", 7, "D «Уровень»", "???", "bad_level")]


def test_skip_bad_rows_loads_the_rest(dbp):
    store(dbp, rows(["Химки", "Химки"], ["СОШ 1", "СОШ 2"]), "k", keep=[1])
    assert q(dbp, "select school_name from readiness") == [("СОШ 2",)]
    assert q(dbp, "select rows_loaded, rows_rejected from loads") == [(1, 1)]


def test_failed_write_leaves_database_unchanged(dbp):
    store(dbp, rows(["Химки"], ["СОШ 1"]), "a")
    before = q(dbp, "select count(*) from readiness_rows"), q(dbp, "select count(*) from load_log")
    bad = rows(["Химки"], ["СОШ 2"])
    bad["students_total"] = ["не число"]  # the CAST fails inside the transaction
    with pytest.raises(duckdb.Error):
        store(dbp, bad, "b")
    assert (q(dbp, "select count(*) from readiness_rows"), q(dbp, "select count(*) from load_log")) == before


def test_data_version_changes_on_load_and_rollback(dbp):
    db.ensure_database(dbp)
    v0 = db.data_version(dbp)
    a = store(dbp, rows(["Химки"], ["СОШ 1"]), "a")
    v1 = db.data_version(dbp)
    db.rollback_load(dbp, a)
    v2 = db.data_version(dbp)
    assert len({v0, v1, v2}) == 3


def test_writers_queue_instead_of_failing(dbp):
    db.ensure_database(dbp)
    order = []

    def slow_writer():
        with db.write_connection(dbp):
            order.append("first-in")
            time.sleep(0.5)
            order.append("first-out")

    t = threading.Thread(target=slow_writer)
    t.start()
    time.sleep(0.1)
    with db.write_connection(dbp):
        order.append("second")
    t.join()
    assert order == ["first-in", "first-out", "second"]


def test_busy_database_gives_russian_message(dbp):
    db.ensure_database(dbp)
    with db.write_lock(dbp):
        with pytest.raises(db.DatabaseBusy) as e:
            with db.write_connection(dbp, timeout=0.2):
                pass
    assert "занята" in str(e.value) and "не изменены" in str(e.value)


def test_constant_columns_go_as_parameters_but_one_column_always_carries_the_row_count():
    from etl import db as edb

    names, arrays, constants = edb._as_column_arrays(
        "readiness", {"school_name": ["СОШ № 1", "СОШ № 2"], "period": ["2023-Q3"] * 2, "source_row": [3, 4]}, None)
    assert set(arrays) == {"school_name", "source_row"} and constants["period"] == "2023-Q3"
    assert constants["level"] is None and set(names) == set(arrays) | set(constants)
    # every given column the same throughout: the first one is still scanned, for the row count
    _, arrays, constants = edb._as_column_arrays("readiness", {"period": ["2023-Q3"] * 2, "region": ["50"] * 2},
                                                 [0, 1])
    assert list(arrays) == ["period"] and len(arrays["period"]) == 2 and "period" not in constants


def test_a_new_database_is_a_copy_of_an_empty_one_with_this_schema(tmp_path, monkeypatch):
    """A new database starts from the cache's empty database of this very schema (made once): same tables, views
    and catalogues, loads and sequences working as in a database created statement by statement."""
    monkeypatch.setenv("MONITORING_CACHE", str(tmp_path / "cache"))
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    a = store(first, rows(["Химки"], ["СОШ 1"]), "a")
    templates = list((tmp_path / "cache").glob("empty_*.duckdb"))
    assert len(templates) == 1
    b = store(second, rows(["Химки", "Королёв"], ["СОШ 1", "СОШ 2"]), "b")
    assert a == b == 1  # the copy starts with no load
    assert q(second, "select count(*) from readiness")[0][0] == 2
    munis = "select count(*) from municipalities"
    assert q(second, munis)[0][0] == q(first, munis)[0][0] > 0
    assert q(templates[0], "select count(*) from load_log")[0][0] == 0  # the template itself stays empty
    # another schema or other catalogues: another template, never an old one
    monkeypatch.setattr(db, "_schema_fingerprint", lambda: "f" * 64)
    store(tmp_path / "c.duckdb", rows(["Химки"], ["СОШ 1"]), "c")
    assert len(list((tmp_path / "cache").glob("empty_*.duckdb"))) == 2


def test_a_new_database_is_made_even_when_the_cache_folder_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder")
    monkeypatch.setenv("MONITORING_CACHE", str(blocked))
    store(tmp_path / "a.duckdb", rows(["Химки"], ["СОШ 1"]), "a")
    assert q(tmp_path / "a.duckdb", "select school_name from readiness") == [("СОШ 1",)]
