"""Hardening, as an attacker and a careless user would find it: a broken database gives a Russian message (never a
traceback), text from a file never becomes Markdown, a link or a formula, control characters are stripped."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import errors

ROOT = Path(__file__).resolve().parent.parent


def app_on(db: Path, monkeypatch, page: str = "pages/overview.py") -> AppTest:
    monkeypatch.setenv("MONITORING_DB", str(db))
    monkeypatch.delenv("MONITORING_USERS", raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


def shown(at) -> str:
    return "\n".join([e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info])


def test_a_corrupt_database_file_is_said_in_russian_not_as_a_traceback(tmp_path, monkeypatch, small_db):
    db = tmp_path / "m.duckdb"
    db.write_bytes(b"\x00" * 4096 + b"not a database" * 100)
    at = app_on(db, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert errors.UNREADABLE in shown(at)


def test_a_truncated_database_file_is_said_in_russian(tmp_path, monkeypatch, small_db):
    db = tmp_path / "m.duckdb"
    data = Path(small_db).read_bytes()
    db.write_bytes(data[: len(data) // 3])
    at = app_on(db, monkeypatch, "pages/readiness.py")
    assert not at.exception, [e.value for e in at.exception]
    assert errors.UNREADABLE in shown(at) or errors.BUSY in shown(at)


def test_a_database_path_that_cannot_be_created_is_said_in_russian(tmp_path, monkeypatch):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    at = app_on(blocker / "m.duckdb", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert errors.NO_ACCESS in shown(at)


def test_a_page_defect_is_logged_and_said_in_russian(monkeypatch, small_db, caplog):
    from app import kpi

    def broken(*a, **kw):
        raise KeyError("municipality")

    monkeypatch.setattr(kpi, "key_figures", broken)
    at = app_on(Path(small_db), monkeypatch)
    assert not at.exception
    assert errors.INTERNAL in shown(at)
    assert "KeyError" not in shown(at)


def test_streamlit_is_configured_to_show_no_traceback_and_listen_locally():
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in text
    assert 'address = "127.0.0.1"' in text
    assert "maxUploadSize = 50" in text
    import tomllib

    # the agent API (pages driven over HTTP, past the browser's sign-in) is off, not only off by default
    assert tomllib.loads(text)["server"]["enableAgentApi"] is False


def test_the_cli_on_a_corrupt_database_says_so_in_russian_without_a_traceback(tmp_path):
    import subprocess
    import sys

    import openpyxl

    db = tmp_path / "m.duckdb"
    db.write_bytes(b"garbage" * 1000)
    f = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Наименование ОО", "Уровень"])
    wb.active.append(["СОШ № 1", "базовый"])
    wb.save(f)
    p = subprocess.run([sys.executable, "-m", "etl", "load", str(f), "--db", str(db), "--kind", "readiness",
                        "--region", "50", "--period", "2024-Q1"], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert p.returncode == 1
    assert "Traceback" not in p.stdout + p.stderr
    assert errors.UNREADABLE in p.stderr


# ---------------------------------------------------------------------------------------------
# Nothing from a file becomes live

EVIL_LINK = "[щёлкни](http://example.invalid/x) ![](http://example.invalid/p.png) :material/home: **Химки**"
EVIL_FORMULA = "=HYPERLINK(\"http://example.invalid\",\"Химки\")"


def test_file_text_shown_by_markdown_is_escaped():
    from app.ui import md_text

    out = md_text(EVIL_LINK)
    assert "](" not in out.replace("\\](", "") and "\\[" in out and "\\*\\*" in out
    assert ":material" not in out  # («\\:» alone does not stop Streamlit's icons: a word joiner follows it)
    assert md_text("Кол-во уч-ся (чел.), 6-11 кл.") == "Кол-во уч-ся (чел.), 6-11 кл."  # ordinary text unchanged


def test_control_characters_and_direction_overrides_are_stripped():
    from etl.normalize import clean_text

    assert clean_text("СОШ\x00 № 1\x1b[31m") == "СОШ № 1[31m"
    assert clean_text("отчёт\u202excod.xlsx") == "отчётxcod.xlsx"


def test_the_error_report_never_writes_a_formula_from_a_file(tmp_path):
    import io

    import openpyxl

    from app import upload as up
    from etl.model import Problem

    f = tmp_path / "химки.csv"
    f.write_text("Наименование ОО;Уровень\n" + EVIL_FORMULA.replace('"', "'") + ";=cmd|' /C calc'!A0\n",
                 encoding="utf-8")
    problems = [Problem("химки.csv", "химки", 2, "B «Уровень»", "=cmd|' /C calc'!A0", "bad_level",
                        "Неизвестный уровень", "")]
    wb = openpyxl.load_workbook(io.BytesIO(up.error_report(f, problems)))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_the_error_report_of_a_workbook_keeps_no_formula_link_or_name_of_it(tmp_path):
    """The report is the coordinator's own workbook with its cells marked: every formula as the value it showed, no
    hyperlink, no name pointing elsewhere; a text of the file stays exactly that text (no apostrophe added), marked as
    typed text when it starts like a formula (editing the cell in Excel does not make it one)."""
    import io
    import zipfile

    import xlsxwriter

    from app import upload as up
    from etl.model import Problem

    f = tmp_path / "химки.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ["Наименование ОО", "Уровень", "Всего обучающихся", "Охвачено"])
    ws.write_url(1, 0, "http://127.0.0.1:8599/link", string="МБОУ СОШ № 1")
    ws.write_row(1, 1, ["базовый", 100])
    ws.write_formula(1, 3, "=cmd|' /C calc'!A0", None, 90)  # a DDE formula, its shown value cached
    ws.write_formula(2, 0, '=HYPERLINK("http://127.0.0.1:8599/f","МБОУ СОШ № 2")', None, "МБОУ СОШ № 2")
    ws.write_row(2, 1, ["основной", 120, 130])
    ws.write_string(3, 0, "-Школа № 3- (филиал)")
    ws.write_row(3, 1, ["базовый", 50, 40])
    wb.define_name("Ссылка", "=Лист1!$A$1")
    wb.close()
    problems = [Problem("химки.xlsx", "Лист1", 3, "D «Охвачено»", "130", "covered_gt_total", "Охвачено больше", "")]
    report = up.error_report(f, problems)
    with zipfile.ZipFile(io.BytesIO(report)) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels")))
    assert b"<f>" not in xml and b"<f " not in xml and b"<hyperlink" not in xml and b"externalLink" not in xml
    assert b"127.0.0.1" not in xml and "Ссылка".encode() not in xml  # (the report's own autofilter name stays)
    sheet = openpyxl_load(report)["Лист1"]
    assert [sheet["A2"].value, sheet["D2"].value, sheet["A3"].value] == ["МБОУ СОШ № 1", 90, "МБОУ СОШ № 2"]
    assert sheet["A4"].value == "-Школа № 3- (филиал)" and sheet["D3"].fill.fgColor.rgb.endswith(up.ERROR_FILL)
    assert sheet["A4"].data_type == "s" and sheet["A4"].quotePrefix and not sheet["A2"].quotePrefix


def test_the_error_report_of_a_csv_keeps_its_texts_exactly(tmp_path):
    from app import upload as up
    from etl.model import Problem

    f = tmp_path / "химки.csv"
    f.write_text("Наименование ОО;Уровень\n-Школа № 1- (филиал);базовый\n+Лицей «Плюс»;много\n", encoding="utf-8")
    problems = [Problem("химки.csv", "химки", 3, "B «Уровень»", "много", "bad_level", "Неизвестный уровень", "")]
    sheet = openpyxl_load(up.error_report(f, problems))["химки"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["-Школа № 1- (филиал)", "+Лицей «Плюс»"]  # loads back as is
    assert sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix


def openpyxl_load(data: bytes):
    import io

    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def test_chart_labels_from_files_are_not_markup_and_slide_data_has_no_formula():
    import pandas as pd

    from app.charts import ChartSpec, build_figure
    from reports.pptx_deck import chart_data

    data = pd.DataFrame({"municipality": ["<a href='http://example.invalid'>Химки</a>", "=1+1",
                                          "mailto:x@example.invalid", "external:\\\\server\\share",
                                          "HTTP://example.invalid"], "n": [3, 5, 1, 2, 4]})
    spec = ChartSpec("x", "Тест", "hbar", data, x="municipality", y="n")
    fig = build_figure(spec).to_plotly_json()
    assert "<a href" not in str(fig["data"])
    cd = chart_data(spec)
    assert not any(str(c).startswith(("=", "+", "-", "@")) for c in cd.categories)
    blob = cd.xlsx_blob  # the workbook inside the PowerPoint chart
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(blob)).active
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert not [c for row in ws.iter_rows() for c in row if c.hyperlink]  # no link to an outside host or share


def test_the_note_table_of_a_heatmap_with_a_municipality_without_values_is_built():
    import pandas as pd

    from app.charts import ChartSpec
    from reports.note import spec_table

    data = pd.DataFrame({"municipality": ["Химки", "Химки", "Мытищи", "Мытищи"],
                         "criterion": ["план", "ответственный", "план", "ответственный"],
                         "share": [0.5, 1.0, None, None]})
    spec = ChartSpec("crit", "Критерии", "heatmap", data, x="criterion", y="municipality", z="share", percent=True)
    header, rows, _ = spec_table(spec)
    assert header[0] and [r[0] for r in rows] == ["Химки", "Мытищи"]
    assert rows[1][1:] == ["", ""] or all(v in ("", "—", "нет данных") for v in rows[1][1:])


def test_long_russian_and_direction_faking_file_names_are_made_safe():
    from etl.filenames import safe_file_name

    long = "Мониторинг готовности общеобразовательных организаций " * 8 + ".xlsx"
    out = safe_file_name(long)
    assert out.endswith(".xlsx") and len(out.encode("utf-8")) <= 200 and out.startswith("Мониторинг")
    assert safe_file_name("../../etc/отчёт\u202excod.xlsx") == "отчётxcod.xlsx"
    assert safe_file_name("\x00\x1b") == "файл.xlsx"


def test_a_long_russian_file_name_loads_and_is_archived(tmp_path):
    import subprocess
    import sys

    import openpyxl

    # 240 bytes: a name the file system takes, but not with the archive's «000001_<sha>_» before it
    name = ("Мониторинг готовности общеобразовательных организаций Химки " * 4)[:125] + ".xlsx"
    assert 230 < len(name.encode("utf-8")) <= 255
    d = tmp_path / "in"
    d.mkdir()
    f = d / name
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Химки"
    ws.append(["Наименование ОО", "Уровень", "Ответственный", "Всего обучающихся 6-11 классов", "Охвачено"])
    ws.append(["СОШ № 1", "базовый", "да", 100, 90])
    wb.save(f)
    db = tmp_path / "m.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(tmp_path / "archive")}
    p = subprocess.run([sys.executable, "-m", "etl", "load", str(f), "--db", str(db), "--period", "2024-Q1",
                        "--region", "50"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    archived = list((tmp_path / "archive").rglob("*.xlsx"))
    assert archived and all(len(a.name.encode("utf-8")) <= 255 for a in archived)
    # the database and the archived original are not readable by other accounts of the server
    for made in [db, *archived, *(tmp_path / "archive").rglob("*")]:
        assert made.stat().st_mode & 0o007 == 0, (made, oct(made.stat().st_mode))


# ---------------------------------------------------------------------------------------------
# Streamlit's own endpoints: uploads and «clear cache» only for signed-in analysts

def test_uploads_and_cache_clearing_need_a_signed_in_analyst(tmp_path, monkeypatch):
    from app import auth, server_guard
    from app import users as um

    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    users = tmp_path / "users.json"
    store = um.UserStore(users)
    store.add("boss", "Министр", "viewer", "Руководитель-1")
    store.add("ana", "Анна", "analyst", "Аналитик-123")
    monkeypatch.setenv("MONITORING_USERS", str(users))
    import time as _t

    now = int(_t.time())
    viewer = {auth.TOKEN_KEY: auth.make_token(users, store.get("boss"), now, now)}
    analyst = {auth.TOKEN_KEY: auth.make_token(users, store.get("ana"), now, now)}
    with pytest.raises(server_guard.UploadRefused, match="только аналитик"):
        server_guard.check_upload({}, 0, 100)  # nobody signed in
    with pytest.raises(server_guard.UploadRefused):
        server_guard.check_upload(viewer, 0, 100)
    server_guard.check_upload(analyst, 0, 100)
    with pytest.raises(server_guard.UploadRefused, match="Слишком много файлов"):
        server_guard.check_upload(analyst, server_guard.max_staged_bytes(), 1)
    assert not server_guard.session_is_analyst({}) and server_guard.session_is_analyst(analyst)
    # a municipal coordinator may upload (their own forms, checked before anything is written) but is no analyst
    store.add("himki", "Координатор", "municipality", "Координатор-1", ["Химки"])
    coordinator = {auth.TOKEN_KEY: auth.make_token(users, store.get("himki"), now, now)}
    server_guard.check_upload(coordinator, 0, 100)
    assert not server_guard.session_is_analyst(coordinator)


def test_the_guard_is_installed_on_streamlits_upload_manager_and_clear_cache():
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from app import server_guard

    server_guard.install()
    mgr = MemoryUploadedFileManager("/_stcore/upload_file")
    # a server whose session manager knows no such session (a visitor who never opened the app, or whose
    # session is gone): refused, nothing kept
    from unittest import mock

    fake = mock.MagicMock()
    fake.get_active_session_info.return_value = None
    with mock.patch("streamlit.runtime.Runtime.instance", return_value=mock.Mock(_session_mgr=fake)), \
            mock.patch.dict(os.environ, {"MONITORING_USERS": "/nonexistent/users.json"}):
        with pytest.raises(server_guard.UploadRefused):
            mgr.add_file("no-such-session", UploadedFileRec("f1", "x.xlsx", "application/octet-stream", b"x" * 99))
    assert not mgr.file_storage.get("no-such-session")
    assert AppSession._handle_clear_cache_request.__name__ == "clear_cache"


def test_the_sessions_of_one_login_together_and_the_server_keep_a_bounded_amount_of_uploads(tmp_path, monkeypatch):
    """A tester's round (07.12.2026): one coordinator's cookie opened 32 sessions and staged 45 MB in each — the
    server grew from 1 to 2,4 GB. A login's sessions together keep at most one session's share; all at most four."""
    import time
    from unittest import mock

    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from app import auth, server_guard
    from app import users as um

    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("MONITORING_MAX_STAGED_MB", "1")
    users = tmp_path / "users.json"
    store = um.UserStore(users)
    store.add("himki", "Координатор", "municipality", "Координатор-1", ["Химки"])
    store.add("ana", "Анна", "analyst", "Аналитик-123")
    monkeypatch.setenv("MONITORING_USERS", str(users))
    now = int(time.time())
    himki = {auth.TOKEN_KEY: auth.make_token(users, store.get("himki"), now, now)}
    ana = {auth.TOKEN_KEY: auth.make_token(users, store.get("ana"), now, now)}
    store.add("lobnya", "Координатор", "municipality", "Координатор-2", ["Лобня"])
    lobnya = {auth.TOKEN_KEY: auth.make_token(users, store.get("lobnya"), now, now)}
    states = {"h1": himki, "h2": dict(himki), "a1": ana, "l1": lobnya}
    fake = mock.MagicMock()
    fake.get_active_session_info.side_effect = lambda sid: mock.Mock(session=mock.Mock(session_state=states[sid]))
    server_guard.install()
    mgr = MemoryUploadedFileManager("/_stcore/upload_file")

    def put(sid, n, kb=600):
        mgr.add_file(sid, UploadedFileRec(f"{sid}-{n}", "x.xlsx", "application/octet-stream", b"x" * kb * 1024))

    with mock.patch("streamlit.runtime.Runtime.instance", return_value=mock.Mock(_session_mgr=fake)):
        put("h1", 1)
        with pytest.raises(server_guard.UploadRefused, match="в ваших открытых вкладках"):
            put("h2", 1)  # (the same login in another tab)
        put("a1", 1)  # another login
        assert server_guard.max_staged_total_bytes() == 4 * 2**20
        # the server as a whole (1,2 MB held): a third login's file past the total waits
        monkeypatch.setenv("MONITORING_MAX_STAGED_TOTAL_MB", "1.5")
        with pytest.raises(server_guard.UploadRefused, match="Сервер занят"):
            put("l1", 1)
    assert not mgr.file_storage.get("h2") and not mgr.file_storage.get("l1")


# ---------------------------------------------------------------------------------------------
# Pages never wait on a writer

def test_a_page_reads_the_last_committed_data_while_a_load_holds_the_database(tmp_path):
    import subprocess
    import sys
    import time

    from etl import db as edb

    dbp = tmp_path / "m.duckdb"
    with edb.write_connection(dbp) as con:
        con.execute("INSERT INTO meta VALUES ('round', 'first')")
    holder = subprocess.Popen([sys.executable, "-c", f"""
import time
from etl import db
with db.write_connection({str(dbp)!r}) as con:
    con.execute("UPDATE meta SET value = 'second' WHERE key = 'round'")
    print("holding", flush=True)
    time.sleep(6)
"""], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        t0 = time.perf_counter()
        with edb.read_connection(dbp, timeout=1) as con:  # would raise DatabaseBusy after 1 s without a snapshot
            value = con.execute("SELECT value FROM meta WHERE key = 'round'").fetchone()[0]
        waited = time.perf_counter() - t0
        assert value == "first" and waited < 0.5
    finally:
        holder.wait(timeout=30)
    with edb.read_connection(dbp, timeout=1) as con:  # after the write: the new data
        assert con.execute("SELECT value FROM meta WHERE key = 'round'").fetchone()[0] == "second"


def test_a_cli_message_never_carries_a_terminal_escape_from_a_cell():
    from etl.model import Problem

    p = Problem("f.xlsx", "Лист1", 3, "B «Уровень»", "\x1b[2J\x1b[31mбазовый\x07", "bad_level", "Неизвестный уровень")
    assert "\x1b" not in p.text() and "\x07" not in p.text() and "[31mбазовый" in p.text()


def test_a_file_waiting_on_the_upload_page_keeps_its_rows_on_disk_not_in_memory(tmp_path, monkeypatch):
    import gc
    import tracemalloc

    from app import upload as up
    from etl.spill import SpilledColumns

    monkeypatch.setenv("MONITORING_DB", str(tmp_path / "db" / "m.duckdb"))
    rows = 30_000
    lines = ["Мониторинг готовности ОО Химки, I квартал 2024",
             "Наименование ОО;Уровень;Ответственный;Всего обучающихся 6-11 классов;Охвачено профминимумом"]
    lines += [f"МБОУ СОШ № {i + 1};базовый;да;{500 + i % 7};{400 + i % 5}" for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    workdir = up.new_workdir()
    up.run_prepare(up.stage("прогрев.csv", ("\n".join(lines[:12]) + "\n").encode("utf-8"), workdir))  # catalogues
    gc.collect()
    tracemalloc.start()
    s = up.stage("химки.csv", data, workdir)
    up.run_prepare(s)
    gc.collect()
    kept, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert s.prepared.n_rows == rows and isinstance(s.prepared.columns, SpilledColumns)
    assert kept < 8 * 2**20, f"{kept / 2**20:.1f} MB kept in memory by a waiting file"  # in lists: ~40 MB
    assert len(up.preview_frame(s.prepared)) == 200
    assert sum(s.prepared.columns["students_total"]) == sum(500 + i % 7 for i in range(rows))
    res = up.commit_staged(s, tmp_path / "db" / "m.duckdb", skip_bad_rows=False, who="test")
    assert res.status == "loaded" and res.rows_loaded == rows


def test_command_lines_answer_in_russian_and_the_municipalitys_report_has_no_parameters(tmp_path):
    import subprocess
    import sys

    from app.upload import municipal_hint

    for module in ("etl", "app.users", "reports"):
        p = subprocess.run([sys.executable, "-m", module, "--no-such-option"], capture_output=True, text=True,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        assert p.returncode == 2 and "использование:" in p.stderr and "usage" not in p.stderr, p.stderr
    hint = ("Укажите регион (параметр --region или поле «Регион»)", "Укажите регион (поле «Регион»)")
    assert municipal_hint(hint[0]) == hint[1]
    # the analyst's page is none of the municipality's: what it can do instead
    assert municipal_hint("Если в нём поле формы, укажите его на странице «Загрузка данных» или параметром --map "
                          "\"Графа 7=поле\"") == ("Исправьте файл по бланку формы и отправьте его снова; если не "
                                                  "получается — обратитесь к аналитику региона")


@pytest.mark.parametrize("hint, shown", [
    ("Выберите поле на странице «Загрузка данных» (раздел «Исправить распознавание») или загрузите файл с параметром "
     "--map \"Число участников, чел. | Пробы (6-9 кл.)=поле\"; если в столбце нет нужного мониторингу — --map "
     "\"Число участников, чел. | Пробы (6-9 кл.)=-\" (столбец не загружается)",
     "Выберите поле в разделе «Исправить распознавание»"),  # (on that very page: t89)
    ("Не загружайте этот столбец формы («не загружать» на странице «Загрузка данных» или --map \"заголовок=-\"): "
     "показатель берётся из данных платформы",
     "Не загружайте этот столбец формы («не загружать» в разделе «Исправить распознавание»): показатель берётся из "
     "данных платформы"),
    # (a file of the server is no analyst's to open: t89)
    ("Используйте наименование или код из справочника показателей (data/reference/indicators.csv)",
     "Используйте наименование или код из справочника показателей"),
    ("Выберите вид формы вручную — похоже, это «договоры о сетевом взаимодействии» (параметр --kind agreements или "
     "поле «Вид формы»); затем укажите, что в нераспознанных столбцах (--map \"заголовок=поле\" или «-» — не "
     "загружать)", "Выберите вид формы вручную — похоже, это «договоры о сетевом взаимодействии» (поле «Вид формы»)")])
def test_the_page_shows_a_hint_whole_without_its_command_line(hint, shown):
    """A header with «.», «|» and brackets inside a --map clause left the page a broken hint («)). | Пробы …=поле";|
    …=-" (столбец не загружается)»): the clause goes whole."""
    from app.upload import page_hint

    assert page_hint(hint) == shown


def test_control_characters_in_a_file_are_stripped_and_reported_once_per_column(tmp_path):
    from etl import pipeline

    f = tmp_path / "химки.csv"  # a csv exported by another program (Excel itself refuses such characters)
    f.write_text("Мониторинг готовности ОО Химки, I квартал 2024 г.\n"
                 "Наименование ОО;Уровень;Ответственный;Всего обучающихся 6-11 классов;Охвачено\n"
                 "СОШ\x1b № 1;базовый;да;100;90\nСОШ № 2\x07;базовый;да;100;90\n", encoding="utf-8")
    p = pipeline.prepare(f, region="50")
    assert p.errors == [] and p.columns["school_name"] == ["СОШ № 1", "СОШ № 2"]
    found = [x for x in p.problems if x.rule == "control_characters"]
    assert len(found) == 1 and found[0].row == 3 and found[0].severity == "warning"


def test_macros_and_links_to_other_files_are_said_never_run(tmp_path, monkeypatch):
    """An xlsm with macros and a DDE link loads its saved values; the analyst is told what opening the original
    could run."""
    import zipfile

    import openpyxl

    from etl import pipeline

    monkeypatch.setenv("MONITORING_DB", str(tmp_path / "m.duckdb"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Химки"
    for r in [["Мониторинг готовности ОО г.о. Химки к реализации профминимума, I квартал 2024 г."],
              ["Наименование ОО", "Уровень", "Ответственный", "Кол-во уч-ся 6-11 кл.", "Охвачено"],
              ["МБОУ СОШ № 1", "базовый", "да", 500, 450]]:
        ws.append(r)
    wb.save(tmp_path / "plain.xlsx")
    f = tmp_path / "с макросом.xlsm"
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as zin, zipfile.ZipFile(f, "w") as zout:
        for i in zin.infolist():
            zout.writestr(i, zin.read(i))
        zout.writestr("xl/vbaProject.bin", b"\0" * 16)
        zout.writestr("xl/externalLinks/externalLink1.xml",
                      '<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                      '2006/main"><ddeLink ddeService="cmd" ddeTopic="/C calc"/></externalLink>')
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded" and res.rows_loaded == 1
    said = [w.message for w in res.warnings if w.rule == "active_content"]
    assert len(said) == 2 and "макросы" in said[0] and "внешние ссылки, DDE" in said[1]
    plain = pipeline.load_file(tmp_path / "plain.xlsx", tmp_path / "m2.duckdb")
    assert not [w for w in plain.warnings if w.rule == "active_content"]


def test_a_file_loaded_by_the_command_line_is_kept_under_a_clean_name(dbp, tmp_path):
    """A name with a right-to-left override («…\u202exslx.exe.xlsx» shows as «…exe.xlsx» reversed) or Windows
    directory parts is stored and shown without them, as the upload page does."""
    import _upload_fixtures as fx
    from conftest import sql
    from etl import pipeline

    rows = [("Химки", "МБОУ СОШ № 1", "базовый", "да", 100, 50)]
    spoof = fx.readiness_xlsx(tmp_path / "отчёт\u202exslx.exe.xlsx", rows)
    res = pipeline.load_file(spoof, dbp)
    assert res.status == "loaded" and res.file == "отчётxslx.exe.xlsx"
    dirs = fx.readiness_xlsx(tmp_path / "..\\..\\tmp\\химки.xlsx", [("Химки", "МБОУ СОШ № 2", "базовый", "да", 90, 50)])
    assert pipeline.load_file(dirs, dbp).file == "химки.xlsx"
    assert sql(dbp, "SELECT file_name FROM loads ORDER BY load_id") == [("отчётxslx.exe.xlsx",), ("химки.xlsx",)]


def test_a_failed_export_names_no_python_class_to_the_user():
    """An independent tester's round (06.12.2026): the export page would have shown «(ValueError)»."""
    import inspect

    from reports import images

    page = (ROOT / "pages" / "export.py").read_text(encoding="utf-8")
    assert "__name__}" not in page and "__name__}" not in inspect.getsource(images)
