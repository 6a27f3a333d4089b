"""The columnar helpers of the load path: what a column's distinct strings are (etl/sheet.py `text_kinds`), the
validation's whole-column checks (etl/validate.py) and Arrow arrays built without pandas (etl/arrow_cols.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from etl import arrow_cols, db, row_kinds
from etl.model import Problem
from etl.sheet import Sheet
from etl.validate import _negatives, validate
from etl.school_repeats import _all_distinct

ROOT = Path(__file__).resolve().parent.parent


def test_text_kinds_reads_each_distinct_string_once_as_blank_text_or_typed():
    sheet = Sheet("Лист1", [["Итого", 5], ["  ", "текст"], [None, "2023-10-01 00:00:00"], ["true", "итого по г.о."]])
    blank, text = sheet.text_kinds(0)
    d = sheet.encoding(0)[0].to_pylist()
    assert dict(zip(d + [None], zip(blank.tolist(), text.tolist()))) == {
        "Итого": (False, True), "  ": (True, False), "true": (False, False), None: (True, False)}
    csv = Sheet("csv", [["1200"], ["  "]], typed=False)  # a CSV's cells are text, numbers too
    assert csv.text_kinds(0)[1].tolist() == [True, False, False]


def test_row_features_see_a_total_word_only_in_text_cells():
    sheet = Sheet("Лист1", [["Химки", "СОШ № 1", 100], ["Итого по г.о. Химки", None, 100], [5, "всего", 3]])
    f = row_kinds.features(sheet, 0)
    assert f["maybe_total"].tolist() == [False, True, True]
    assert f["texts"].tolist() == [2, 1, 1] and f["filled"].tolist() == [3, 2, 3]


def test_negatives_and_distinct_pairs_are_found_with_and_without_gaps():
    assert _negatives([3, 0, 7]) == [] and _negatives([3, -1, None, -2]) == [1, 3] and _negatives([None]) == []
    assert _negatives([]) == [] and _negatives([-5]) == [0]
    assert _all_distinct(["Химки", "Химки", "Клин"], ["сош 1", "сош 2", "сош 1"])
    assert not _all_distinct(["Химки", "Клин", "Химки"], ["сош 1", "сош 1", "сош 1"])
    assert _all_distinct([], [])


def test_readiness_checks_without_gaps_find_covered_above_total_and_repeated_schools():
    out = {"students_total": [100, 50, 80], "students_covered": [90, 60, 80], "school_name": ["СОШ 1", "СОШ 2", "СОШ 1"],
           "municipality": ["Химки", "Химки", "Химки"], "school_inn": ["5047000001", "5047000002", "5047000003"]}
    found = []
    validate("readiness", out, 3, lambda i, f, v, rule, *a, **k: found.append((i, rule)), "50")
    # (the two rows of «СОШ 1» give other figures: neither is known to be right — both are errors)
    assert found == [(1, "covered_gt_total"), (2, "duplicate_school"), (0, "duplicate_school")]


def test_arrow_columns_are_built_without_pandas_and_read_by_duckdb_as_written():
    texts = ["Химки", None, "«ё»", "Химки", ""]
    s = arrow_cols.strings(texts)
    assert s.to_pylist() == texts and arrow_cols.int32s([1, None, 3]).to_pylist() == [1, None, 3]
    assert arrow_cols.strings(["а", 1]) is None and arrow_cols.int32s([1, 2.5]) is None
    assert arrow_cols.int32s([2**40]) is None and arrow_cols.strings(["\ud800"]) is None
    code = ("import sys; from etl import arrow_cols; arrow_cols.strings(['а', None]); arrow_cols.int32s([1]); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_problems_go_to_quarantine_as_they_were_said():
    con = duckdb.connect()
    for stmt in db._schema_sql():
        con.execute(stmt)
    problems = [Problem("ф.xlsx", "Лист1", 7, "C «Уровень»", "x" * 600, "bad_level", "Неизвестный уровень", "",
                        "error"),
                Problem("ф.xlsx", None, None, None, None, "no_period", "Не указан период", "Укажите период")]
    db.insert_problems(con, 3, problems)
    assert con.execute("SELECT * FROM quarantine_rows ORDER BY rule").fetchall() == [
        (3, "Лист1", 7, "C «Уровень»", "x" * 500, "bad_level", "Неизвестный уровень", "", "error"),
        (3, None, None, None, None, "no_period", "Не указан период", "Укажите период", "error")]


def test_an_empty_database_is_known_so_until_it_is_written(tmp_path):
    path = tmp_path / "m.duckdb"
    when = db.ensure_schema(path)
    assert when is not None and db.unchanged_since(path, when) and not db.unchanged_since(path, None)
    with db.write_connection(path) as con:
        db.store_load(con, file_name="ф.xlsx", sha256="s", kind="readiness", period="2023-Q3", region="50",
                      columns={"municipality": ["Химки"], "school_name": ["СОШ № 1"], "source_row": [7]},
                      keep=None, problems=[], status="loaded", message="")
    assert not db.unchanged_since(path, when)
    assert db.ensure_schema(path) is None  # a file was loaded: the next load compares with it
