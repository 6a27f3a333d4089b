"""Reliability: analysts uploading at once all land, in order; a CLI write while the app writes waits (or fails
with a clear Russian message and changes nothing); a loader killed inside its database write leaves the
database exactly as it was."""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import _upload_fixtures as fx
from app import upload as up
from etl import db

ROOT = fx.ROOT


@pytest.fixture
def dbp(tmp_path, monkeypatch):
    p = tmp_path / "db" / "m.duckdb"
    monkeypatch.setenv("MONITORING_DB", str(p))
    return p


def q(dbp, sql):
    with db.read_connection(dbp) as con:
        return con.execute(sql).fetchall()


def state(dbp):
    """Everything a user could see change: the loads and the row counts of every table."""
    return {
        "loads": q(dbp, "SELECT load_id, file_name, status, rows_loaded FROM loads ORDER BY load_id"),
        "readiness": q(dbp, "SELECT count(*), sum(students_total) FROM readiness"),
        "rows": q(dbp, "SELECT count(*) FROM readiness_rows"),
        "scope": q(dbp, "SELECT count(*) FROM load_scope"),
        "quarantine": q(dbp, "SELECT count(*) FROM quarantine_rows"),
    }


def cli_load(path: Path, dbp: Path, timeout_s: str = "60", **kw) -> subprocess.Popen:
    env = {**os.environ, "MONITORING_LOCK_TIMEOUT": timeout_s, "MONITORING_DB": str(dbp)}
    return subprocess.Popen([sys.executable, "-m", "etl", "load", str(path), "--db", str(dbp), "--user", "cli",
                             *kw.get("extra", [])], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def lock_is_held(dbp: Path) -> bool:
    lock = str(dbp) + ".lock"
    if not os.path.exists(lock):
        return False
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_two_analysts_uploading_at_once_both_land_in_order(dbp, tmp_path):
    munis = {"ana": ["Химки", "Королёв", "Балашиха"], "boris": ["Подольск", "Мытищи", "Люберцы"]}
    staged = {who: [up.run_prepare(up.stage(f"{m}.xlsx", fx.readiness_xlsx(tmp_path / who / f"{m}.xlsx",
                                                                             fx.clean_rows(m, 40)).read_bytes(),
                                             tmp_path / "work" / who)) for m in ms]
              for who, ms in munis.items()}
    start = threading.Barrier(2)
    results, errors = {}, []

    def analyst(who):
        try:
            start.wait()
            results[who] = [up.commit_staged(s, dbp, skip_bad_rows=False, who=who) for s in staged[who]]
        except Exception as e:  # any lock error would land here
            errors.append(e)

    # The app is busy writing when both start: they queue behind it instead of failing.
    with db.write_connection(dbp):
        threads = [threading.Thread(target=analyst, args=(w,)) for w in munis]
        for t in threads:
            t.start()
        time.sleep(0.5)
    for t in threads:
        t.join(120)
    assert errors == []
    assert all(r.status == "loaded" for rs in results.values() for r in rs)
    loads = q(dbp, "SELECT load_id, loaded_by, file_name, loaded_at FROM loads ORDER BY load_id")
    assert len(loads) == 6
    # in order: each analyst's files keep their order, and load ids follow the time of writing
    for who, ms in munis.items():
        assert [f for _, b, f, _ in loads if b == who] == [f"{m}.xlsx" for m in ms]
    assert [r[3] for r in loads] == sorted(r[3] for r in loads)
    assert q(dbp, "SELECT count(*), count(DISTINCT municipality) FROM readiness") == [(240, 6)]


def test_cli_write_waits_while_the_app_writes(dbp, tmp_path):
    f = fx.readiness_xlsx(tmp_path / "cli.xlsx", fx.clean_rows("Химки", 5))
    with db.write_connection(dbp):  # the app is in the middle of a write
        t0 = time.monotonic()
        p = cli_load(f, dbp)
        time.sleep(1.5)
        assert p.poll() is None  # still waiting for the lock
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert out.startswith("✓ cli.xlsx: Загружено 5 строк")
    assert time.monotonic() - t0 >= 1.5
    assert q(dbp, "SELECT count(*) FROM readiness") == [(5,)]


def test_cli_write_fails_clearly_when_the_wait_is_too_long_and_loses_nothing(dbp, tmp_path):
    first = fx.readiness_xlsx(tmp_path / "first.xlsx", fx.clean_rows("Королёв", 2))
    assert up.commit_staged(up.run_prepare(up.stage(first.name, first.read_bytes(), tmp_path / "w")), dbp,
                            skip_bad_rows=False, who="ana").status == "loaded"
    before = state(dbp)
    f = fx.readiness_xlsx(tmp_path / "cli.xlsx", fx.clean_rows("Химки", 5))
    with db.write_connection(dbp):
        p = cli_load(f, dbp, timeout_s="0.5")
        out, err = p.communicate(timeout=120)
    assert p.returncode == 1
    assert "занята другой загрузкой" in err and "данные не изменены" in err
    assert state(dbp) == before
    p = cli_load(f, dbp)  # once the app is done, the same command works
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert q(dbp, "SELECT count(*) FROM readiness") == [(7,)]


def _big_csv(path: Path, n: int) -> Path:
    munis = ["Химки", "Королёв", "Балашиха", "Подольск", "Мытищи"]
    with open(path, "w", encoding="utf-8") as f:
        f.write(";".join(fx.HEAD) + "\n")
        for i in range(n):
            f.write(f"{munis[i % 5]};СОШ № {i};базовый;да;{100 + i % 50};{50 + i % 40}\n")
    return path


def test_loader_killed_inside_the_write_leaves_the_database_as_before(dbp, tmp_path):
    small = fx.readiness_xlsx(tmp_path / "small.xlsx", fx.clean_rows("Химки", 3))
    p = cli_load(small, dbp)
    assert p.wait(120) == 0
    before = state(dbp)
    assert before["loads"][0][2] == "loaded"

    big = _big_csv(tmp_path / "BIG.csv", 200_000)
    killed_inside = False
    for attempt in range(3):  # a busy machine may finish sooner than we look: try again with a fresh process
        p = cli_load(big, dbp, extra=["--period", "2023-Q3"])
        deadline = time.monotonic() + 180
        while p.poll() is None and time.monotonic() < deadline:
            if lock_is_held(dbp):
                time.sleep(0.1)  # inside the write: schema check done, rows going in
                os.kill(p.pid, signal.SIGKILL)
                break
            time.sleep(0.003)
        p.wait(60)
        p.stdout.close()
        p.stderr.close()
        if p.returncode == -signal.SIGKILL:
            killed_inside = True
            break
        # it finished before we could kill it: undo and retry (never happens on an idle machine)
        last = q(dbp, "SELECT max(load_id) FROM loads")[0][0]
        db.rollback_load(dbp, last, who="test")
        before = state(dbp)
    assert killed_inside

    # reopen: everything exactly as before the killed load
    assert not lock_is_held(dbp)
    assert state(dbp) == before
    assert q(dbp, "SELECT count(*) FROM readiness_rows WHERE load_id NOT IN (SELECT load_id FROM loads)") == [(0,)]
    # and a normal load still works afterwards
    more = fx.readiness_xlsx(tmp_path / "more.xlsx", fx.clean_rows("Королёв", 4))
    p = cli_load(more, dbp)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert q(dbp, "SELECT count(*) FROM readiness") == [(before["readiness"][0][0] + 4,)]


def test_upload_page_says_when_the_database_stays_busy_and_keeps_the_file(dbp, tmp_path, monkeypatch):

    monkeypatch.delenv("MONITORING_USERS", raising=False)
    monkeypatch.setenv("MONITORING_LOCK_TIMEOUT", "0.3")
    f = fx.readiness_xlsx(tmp_path / "ждёт.xlsx", fx.clean_rows("Химки", 2))
    at = fx.page_app("upload.py")
    at.file_uploader[0].set_value((f.name, f.read_bytes(), fx.XLSX)).run()
    load = [b for b in at.button if b.label == "Загрузить"][0]
    with db.write_lock(dbp):  # another writer holds the write queue for longer than the wait
        load.click().run()
    assert "занята другой загрузкой" in at.error[0].value and "данные не изменены" in at.error[0].value
    assert q(dbp, "SELECT count(*) FROM loads") == [(0,)]
    [b for b in at.button if b.label == "Загрузить"][0].click().run()  # the file is still there: try again
    assert at.success[0].value.startswith("Загружено 2 строки")
    assert q(dbp, "SELECT count(*) FROM readiness") == [(2,)]


def test_reads_and_writes_of_different_sessions_in_one_app_process_wait_for_each_other(dbp, tmp_path):
    """In the app every session is a thread of one process: a viewer reading while an analyst commits, and the
    reverse, must queue — DuckDB itself refuses such a pair of connections instead of waiting."""
    first = fx.readiness_xlsx(tmp_path / "a.xlsx", fx.clean_rows("Химки", 2))
    s1 = up.run_prepare(up.stage(first.name, first.read_bytes(), tmp_path / "w"))
    up.commit_staged(s1, dbp, skip_bad_rows=False, who="ana")

    def hold(ctx, seconds):
        with ctx:
            time.sleep(seconds)

    # an analyst's page reads the history while another session's upload is writing
    writer = threading.Thread(target=hold, args=(db.write_connection(dbp), 1.0))
    writer.start()
    time.sleep(0.2)
    t0 = time.monotonic()
    hist = up.history(dbp)
    writer.join()
    assert len(hist) == 1 and time.monotonic() - t0 >= 0.5
    # an upload is confirmed while another session is in the middle of a read
    second = fx.readiness_xlsx(tmp_path / "b.xlsx", fx.clean_rows("Королёв", 3))
    s2 = up.run_prepare(up.stage(second.name, second.read_bytes(), tmp_path / "w"))
    reader = threading.Thread(target=hold, args=(db.read_connection(dbp), 1.0))
    reader.start()
    time.sleep(0.2)
    assert up.commit_staged(s2, dbp, skip_bad_rows=False, who="boris").status == "loaded"
    reader.join()
    assert q(dbp, "SELECT count(*) FROM readiness") == [(5,)]
