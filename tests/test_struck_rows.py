"""Rows struck through in Excel (a closed school, a cancelled agreement) are deleted rows: left out and said."""
from __future__ import annotations

import zipfile

import pytest
import xlsxwriter
from openpyxl.styles import Font

from etl import pipeline, reader, struck_rows
from tests.conftest import sql
from tests.test_pipeline import lubertsy_form
from tests.test_reader import in_pieces, whole  # noqa: F401  (in_pieces: a fixture)


def _form(path, strike: dict[int, range]):
    """The coordinator's form of 5 schools (Excel rows 6–10); `strike`: Excel row → the columns (1-based) whose
    font is struck through."""
    wb, ws = lubertsy_form()
    for row, cols in strike.items():
        for c in cols:
            ws.cell(row, c).font = Font(strike=True)
    wb.save(path)
    return path


def test_a_struck_school_row_is_left_out_and_said_a_struck_figure_is_not(tmp_path, dbp):
    # the closed school's row struck from its municipality on (the «№» left as it was); one corrected figure struck
    f = _form(tmp_path / "готовность_Люберцы.xlsx", {8: range(2, 6), 9: range(5, 6)})
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert sql(dbp, "select count(*), sum(students_total), sum(students_covered) from readiness") == [(4, 2440, 2210)]
    assert [(w.sheet, w.message, w.hint) for w in res.warnings if w.rule == "struck_rows"] == [
        ("Готовность", "Строка 8 зачёркнута в файле — не загружена (зачёркнутая строка — удалённая)",
         "Если строка действующая, снимите зачёркивание в Excel и загрузите файл снова")]


def test_a_form_whose_rows_are_all_plain_loads_every_row_though_its_styles_strike(tmp_path, dbp):
    f = _form(tmp_path / "готовность.xlsx", {8: range(3, 4)})  # only a name struck: the row's figures stand
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert sql(dbp, "select count(*) from readiness") == [(5,)]
    assert not [w for w in res.warnings if w.rule == "struck_rows"]


def _big_book(path, struck_rows_at: set[int]):
    """300 rows written by xlsxwriter (its own style XML), some struck through whole."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Лист1")
    strike = wb.add_format({"font_strikeout": True})
    off = wb.add_format({"bold": True})  # another style: not struck
    for r in range(300):
        ws.write_row(r, 0, [f"строка {r}", r, r * 2], strike if r + 1 in struck_rows_at else off)
    wb.close()
    return path


def test_struck_cells_are_noticed_in_a_whole_read_and_in_pieces(tmp_path, monkeypatch, in_pieces):  # noqa: F811
    f = _big_book(tmp_path / "зачёркнутые.xlsx", {8, 250})
    want = {7: {0, 1, 2}, 249: {0, 1, 2}}  # 0-based rows and columns
    assert reader.read_workbook(f).sheets[0].struck == want  # in pieces
    assert len(in_pieces) >= 2
    assert whole(f, monkeypatch).sheets[0].struck == want


@pytest.mark.parametrize("strike, found", [('<strike/>', True), ('<strike val="1"/>', True),
                                           ('<strike val="0"/>', False), ('', False)])
def test_the_struck_styles_are_those_whose_font_strikes(tmp_path, strike, found):
    styles = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2">'
              f'<font><sz val="11"/></font><font>{strike}<sz val="11"/></font></fonts><cellXfs count="3">'
              '<xf fontId="0"/><xf fontId="0"/><xf fontId="1"/></cellXfs></styleSheet>')
    f = tmp_path / "s.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("xl/styles.xml", styles)
    with zipfile.ZipFile(f) as z:
        rx = struck_rows.strike_styles(z)
    assert (rx is not None) == found
    if found:  # style 2 only: its cells are found whatever their other attributes
        assert rx.findall(b'<c r="B7" s="2" t="s"><v>1</v></c><c r="C7" s="1"/><c r="AA12" t="n" s="2"/>') == [
            (b"B", b"7"), (b"AA", b"12")]
