"""The checks and their severities are declared once, in data/reference/rules.csv (the test session fails if a
check raised anywhere is not declared there with the severity it is raised with: tests/conftest.py)."""
import csv

from etl import model
from etl.model import LEVELS, Problem


def test_every_declared_check_has_a_level_and_a_russian_description():
    with open(model.__file__.replace("etl/model.py", "data/reference/rules.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert all(r["level"] in LEVELS and r["description"].strip() for r in rows)


def test_a_problem_takes_its_severity_from_the_catalogue_and_says_its_level_in_russian():
    warn = Problem("ф.xlsx", "Лист1", 5, None, "Протвино", "merged_municipality", "…")
    assert warn.severity == "warning" and warn.level == "предупреждение"
    row = Problem("ф.xlsx", "Лист1", 5, None, "х", "bad_int", "…")
    assert row.severity == "error" and row.level == "ошибка"
    whole = Problem("ф.xlsx", None, None, None, None, "no_period", "…")
    assert whole.level == "критическая"
