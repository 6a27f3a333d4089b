"""`python -m reports build`: the files for a scheduled report, the exit code and the one-line summary; the
deck's native charts carry exactly what the database says."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pptx import Presentation

import _report_fixtures as fx
from etl.db import query_df

ROOT = Path(__file__).resolve().parent.parent
CHARTS = "readiness_levels,readiness_coverage,readiness_criteria"


def run(*args, env_db=None):
    env = dict(os.environ)
    env.pop("MONITORING_DB", None)
    if env_db:
        env["MONITORING_DB"] = env_db
    return subprocess.run([sys.executable, "-m", "reports", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    db = fx.make_db(tmp / "m.duckdb")
    out = tmp / "отчёт"
    (out / "charts").mkdir(parents=True)  # an earlier build's chart: not left beside the new ones (t84)
    (out / "charts" / "09_Участия_в_мероприятиях_Московская_обл_III_кв_2023.png").write_bytes(b"old")
    res = run("build", "--region", "50", "--period", "2023-Q3", "--out", str(out), "--db", db, "--charts", CHARTS)
    return db, out, res


def test_exit_code_and_one_line_russian_summary(built):
    db, out, res = built
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Готово: Московская область, III квартал 2023 г. — презентация (5 слайдов)")
    assert "3 изображения PNG" in lines[0] and "аналитическая справка (DOCX и PDF)" in lines[0]


def test_progress_bar_moves_through_the_stages(tmp_path, built):
    db, _out, _res = built
    res = run("build", "--region", "50", "--period", "2023-Q3", "--out", str(tmp_path / "o"), "--db", db,
              "--charts", "readiness_levels", "--progress")
    assert res.returncode == 0, res.stderr
    frames = [f for f in res.stderr.splitlines() if f.strip()]  # (text mode reads each carriage return as a line end)
    assert frames[0].startswith("Отчёты: Московская область") and "Сбор данных" in frames[0]
    assert any("100% Изображения" in f for f in frames)
    assert res.stdout.startswith("Готово:")  # the summary line stays alone on stdout


def test_files_written(built):
    db, out, res = built
    assert sorted(p.name for p in out.iterdir()) == ["charts", "Аналитическая_справка_Московская_обл_III_кв_2023.docx",
                                                     "Аналитическая_справка_Московская_обл_III_кв_2023.pdf",
                                                     "Мониторинг_профминимума_Московская_обл_III_кв_2023.pptx"]
    assert (out / "Аналитическая_справка_Московская_обл_III_кв_2023.pdf").read_bytes()[:5] == b"%PDF-"
    pngs = sorted(p.name for p in (out / "charts").iterdir())
    # Russian names a person recognises, safe for Windows: the chart's title and its filters
    assert pngs == ["01_Школы_по_уровням_профминимума_в_муниципалитетах_Московская_обл_III_кв_2023.png",
                    "02_Охват_обучающихся_6_11_классов_профминимумом_по_форме_Готовность_ОО_Московская_обл_III_кв_2023.png",
                    "03_Доля_ОО_выполняющих_критерии_готовности_по_муниципалитетам_Московская_обл_III_кв_2023.png"]
    for p in (out / "charts").iterdir():
        assert Image.open(p).size == (3840, 2160)
    doc = Document(str(out / "Аналитическая_справка_Московская_обл_III_кв_2023.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Аналитическая справка" in text and "III квартал 2023 г." in text
    assert len(doc.inline_shapes) == 3


def test_native_chart_data_equals_the_query(built):
    db, out, res = built
    prs = Presentation(str(out / "Мониторинг_профминимума_Московская_обл_III_кв_2023.pptx"))
    slides = list(prs.slides)
    assert len(slides) == 5  # title, 3 charts, key figures
    charts = [sh.chart for s in slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == 2  # the heatmap is a picture
    levels = next(c for c in charts if len(c.plots[0].series) > 1)
    got = {(cat, s.name): v for s in levels.plots[0].series
           for cat, v in zip(levels.plots[0].categories, s.values) if v is not None}
    truth = query_df(db, "SELECT municipality, level, count(*) AS n FROM readiness "
                         "WHERE region = '50' AND period = '2023-Q3' GROUP BY ALL")
    assert got == {(r.municipality, r.level): float(r.n) for r in truth.itertuples()}
    coverage = next(c for c in charts if len(c.plots[0].series) == 1)
    got = dict(zip(coverage.plots[0].categories, coverage.plots[0].series[0].values))
    truth = query_df(db, "SELECT municipality, sum(students_covered) / sum(students_total) AS c FROM readiness "
                         "WHERE region = '50' AND period = '2023-Q3' GROUP BY ALL")
    assert got == pytest.approx({r.municipality: r.c for r in truth.itertuples()})


def test_errors_exit_non_zero_with_russian_message(tmp_path, built):
    db, out, res = built
    r = run("build", "--region", "65", "--out", str(tmp_path), "--db", db)
    assert r.returncode == 1 and "нет данных по региону «65» (Сахалинская область)" in r.stderr
    r = run("build", "--region", "77", "--out", str(tmp_path), "--db", db)  # (no region has that code: a wrong
    assert r.returncode == 2 and "неизвестный код региона «77»" in r.stderr  # argument, not «регион 77» twice)
    r = run("build", "--region", "50", "--period", "2030-Q1", "--out", str(tmp_path), "--db", db)
    assert r.returncode == 1 and "нет данных за период" in r.stderr.lower()
    r = run("build", "--region", "50", "--out", str(tmp_path), "--db", str(tmp_path / "нет.duckdb"))
    assert r.returncode == 1 and "база данных не найдена" in r.stderr
    r = run("build", "--region", "50", "--out", str(tmp_path), "--db", db, "--charts", "no_such_chart")
    assert r.returncode == 2 and "неизвестные графики" in r.stderr
    r = run("build", "--region", "50", "--period", "абв", "--out", str(tmp_path), "--db", db)
    assert r.returncode == 2 and "период «абв» не распознан" in r.stderr
    r = run("build", "--region", "50", "--period", "2023-H2", "--out", str(tmp_path), "--db", db)  # (t84)
    assert r.returncode == 2 and "Московская область отчитывается ежеквартально: укажите квартал" in r.stderr
    # (tester round t84: a database file that is no database, an --out that is a file — English tracebacks)
    (tmp_path / "не_база.duckdb").write_bytes(b"x" * 5000)
    r = run("build", "--region", "50", "--out", str(tmp_path / "о"), "--db", str(tmp_path / "не_база.duckdb"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "Не удаётся прочитать базу данных" in r.stderr
    (tmp_path / "файл").write_text("x")
    r = run("build", "--region", "50", "--out", str(tmp_path / "файл"), "--db", db)
    assert r.returncode == 2
    assert r.stderr.startswith(f"Ошибка: «{tmp_path / 'файл'}» — файл, а для выгрузки нужна папка")


def test_db_from_environment_and_latest_period(tmp_path, built):
    db, out, res = built
    r = run("build", "--region", "50", "--out", str(tmp_path / "o"), "--charts", "readiness_levels", env_db=db)
    assert r.returncode == 0, r.stderr
    assert "III квартал 2023 г." in r.stdout  # the latest period with data
    assert (tmp_path / "o" / "charts" /
            "01_Школы_по_уровням_профминимума_в_муниципалитетах_Московская_обл_III_кв_2023.png").exists()


def test_wrong_arguments_exit_2_in_russian(tmp_path):
    r = run("build", "--out", str(tmp_path))
    assert r.returncode == 2 and "не заданы обязательные параметры: --region" in r.stderr
    r = run("build", "--region", "50", "--out", str(tmp_path), "--format", "gif")
    assert r.returncode == 2 and "недопустимое значение" in r.stderr


def test_a_school_year_is_a_period_of_the_command(tmp_path, built):
    db, _out, _res = built
    res = run("build", "--region", "50", "--period", "2023/2024 учебный год", "--out", str(tmp_path / "o"),
              "--db", db, "--charts", "readiness_levels")  # as a person types it
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Готово: Московская область, 2023/24 учебный год — презентация")
    docx = next((tmp_path / "o").glob("*.docx"))
    assert "2023/24 учебный год" in "\n".join(p.text for p in Document(str(docx)).paragraphs)


def test_a_chart_with_nothing_to_show_gets_no_picture_and_the_summary_counts_the_decks_own_slides(tmp_path, built):
    db, _out, _res = built
    out = tmp_path / "o"
    res = run("build", "--region", "50", "--period", "2023-Q3", "--out", str(out), "--db", db,
              "--charts", "readiness_levels,effectiveness_shares")  # (no effectiveness form in this database)
    assert res.returncode == 0, res.stderr
    assert [p.name[:3] for p in (out / "charts").iterdir()] == ["01_"]
    deck = next(out.glob("*.pptx"))
    n = len(Presentation(str(deck)).slides)
    assert f"презентация ({n} слайд" in res.stdout and "1 изображение PNG" in res.stdout, res.stdout
