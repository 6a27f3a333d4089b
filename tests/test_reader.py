"""etl.reader: every format a coordinator sends reads into absolute positions; hostile sheets are refused."""
import datetime as dt
import zipfile

import openpyxl
import pytest
import xlwt

from etl import other_extents, piece_parse, pieces, reader, sheet_guard, sheet_notes
from etl.model import FileRejected


def cell(sheet, ref):
    """Value at an Excel reference such as 'C5' (None if outside the ragged rows)."""
    col = 0
    i = 0
    while ref[i].isalpha():
        col = col * 26 + ord(ref[i].upper()) - 64
        i += 1
    r, c = int(ref[i:]) - 1, col - 1
    return sheet.rows[r][c] if r < len(sheet.rows) and c < len(sheet.rows[r]) else None


def offset_book(path):
    """A sheet whose table starts at C5 under a merged two-row header, plus hidden sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Химки"
    ws["C5"] = "Наименование ОО"
    ws["D5"] = "Численность обучающихся 6–11 классов"
    ws.merge_cells("D5:E5")
    ws.merge_cells("C5:C6")
    ws["D6"] = "всего"
    ws["E6"] = "из них охвачено"
    ws["C7"] = "МБОУ СОШ № 1"
    ws["D7"] = 1200
    ws["E7"] = 1100.5
    ws["F7"] = dt.date(2023, 9, 15)
    ws["F7"].number_format = "DD.MM.YYYY"
    ws["G7"] = dt.datetime(2023, 9, 15, 10, 30)
    ws["H7"] = True
    hidden = wb.create_sheet("Скрытый")
    hidden["A1"] = "не показывать"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Очень скрытый")
    very["A1"] = "не показывать"
    very.sheet_state = "veryHidden"
    wb.create_sheet("Пустой")
    wb.create_sheet("Свод")["B2"] = "Итого"
    wb.save(path)
    return path


def test_absolute_positions_merges_hidden_and_dates(tmp_path):
    wb = reader.read_workbook(offset_book(tmp_path / "форма.xlsx"), display_name="Форма Химки.xlsx")
    assert wb.name == "Форма Химки.xlsx"
    assert [s.name for s in wb.sheets] == ["Химки", "Свод"]  # hidden, very hidden and empty sheets are skipped
    assert wb.hidden == ["Скрытый", "Очень скрытый"]  # (said as left out, never without a word)
    s = wb.sheets[0]
    assert all(v is None for r in s.rows[:4] for v in r)  # rows 1–4 are empty but present
    assert cell(s, "C5") == "Наименование ОО" and s.rows[4][2] == "Наименование ОО"
    assert cell(s, "E5") is None  # covered by the merge D5:E5
    assert cell(s, "D6") == "всего" and cell(s, "C6") is None
    assert cell(s, "C7") == "МБОУ СОШ № 1"
    assert cell(s, "D7") == 1200 and cell(s, "E7") == 1100.5
    assert cell(s, "F7") == dt.date(2023, 9, 15) or cell(s, "F7") == dt.datetime(2023, 9, 15)
    assert isinstance(cell(s, "F7"), dt.date)
    assert cell(s, "G7") == dt.datetime(2023, 9, 15, 10, 30)
    assert cell(s, "H7") is True
    assert sorted(s.merged) == [((4, 2), (5, 2)), ((4, 3), (4, 4))]
    assert cell(wb.sheets[1], "B2") == "Итого"


def test_renamed_xlsx_reads_by_content_not_extension(tmp_path):
    f = offset_book(tmp_path / "форма.xlsx")
    renamed = f.rename(tmp_path / "форма.xls")
    s = reader.read_workbook(renamed).sheets[0]
    assert cell(s, "C7") == "МБОУ СОШ № 1"


def test_real_xls(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Лист1")
    ws.write(0, 0, "Мониторинг по состоянию на 01.10.2023")
    ws.write_merge(2, 2, 1, 2, "Численность обучающихся")
    ws.write(3, 1, "всего")
    ws.write(3, 2, "из них охвачено")
    ws.write(4, 1, 1200)
    ws.write(4, 2, 1100.5)
    ws.write(4, 3, dt.date(2023, 10, 1), xlwt.easyxf(num_format_str="DD.MM.YYYY"))
    hidden = wb.add_sheet("Скрытый")
    hidden.write(0, 0, "x")
    hidden.visibility = 1
    path = tmp_path / "форма.xls"
    wb.save(str(path))
    got = reader.read_workbook(path)
    assert [s.name for s in got.sheets] == ["Лист1"]
    s = got.sheets[0]
    assert cell(s, "A1") == "Мониторинг по состоянию на 01.10.2023"
    assert cell(s, "B3") == "Численность обучающихся" and cell(s, "C3") is None
    assert (cell(s, "B5"), cell(s, "C5")) == (1200, 1100.5)
    assert cell(s, "D5") == dt.date(2023, 10, 1)
    assert s.merged == [((2, 1), (2, 2))]


def test_ods(tmp_path):
    """A minimal OpenDocument spreadsheet written by hand (no odf writer needed)."""
    content = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Лист1">
<table:table-row><table:table-cell office:value-type="string"><text:p>Наименование ОО</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Дата</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="1200"><text:p>1200</text:p></table:table-cell>
<table:table-cell office:value-type="date" office:date-value="2023-10-01"><text:p>01.10.2023</text:p></table:table-cell>
</table:table-row>
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""
    content = content.replace(">\n<", "><")  # calamine wants no whitespace between table cells
    path = tmp_path / "форма.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    s = reader.read_workbook(path).sheets[0]
    assert s.rows == [["Наименование ОО", "Дата"], [1200, dt.date(2023, 10, 1)]]


CSV_ROWS = [["Муниципальное образование", "Наименование ОО", "Охват, %", "Дата"],
            ["г.о. Химки", "МБОУ «СОШ № 1», корпус 2", "85,3", "15.09.2023"],
            ["Южно-Сахалинск", "МАОУ Гимназия № 2", "1 200", ""]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delim", [";", ",", "\t"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delim):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\r\n").writerows(CSV_ROWS)
    path = tmp_path / "готовность_Химки.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    wb = reader.read_workbook(path)
    assert [s.name for s in wb.sheets] == ["готовность_Химки"]
    rows = wb.sheets[0].rows
    assert rows[0] == CSV_ROWS[0]
    assert rows[1] == CSV_ROWS[1]  # decimal comma stays text; quoted delimiters stay inside the value
    assert rows[2][:3] == CSV_ROWS[2][:3] and (len(rows[2]) == 3 or rows[2][3] is None)


def test_csv_title_line_and_decimal_commas_do_not_fool_the_sniffer(tmp_path):
    text = ("Мониторинг охвата, по состоянию на 01.10.2023\r\n"
            "Муниципалитет;Охват, %;Доля\r\n"
            "Химки;85,3;0,5\r\nКоролёв;90,1;0,7\r\n")
    path = tmp_path / "охват.csv"
    path.write_bytes(text.encode("cp1251"))
    rows = reader.read_workbook(path).sheets[0].rows
    assert rows[1] == ["Муниципалитет", "Охват, %", "Доля"]
    assert rows[3] == ["Королёв", "90,1", "0,7"]
    # (tester round t81) every line holding exactly one comma — the title, «Охват, %», one decimal each — beside
    # seven «;»: read as a two-column comma file and refused
    text = ("Мониторинг готовности ОО, 2 полугодие 2024 г.\r\n\r\n"
            "№;Наименование ОО;Уровень;Всего;Охвачено;Охват, %;Ответственный;План\r\n"
            "1;МАОУ СОШ № 6;основной;612;600;98,0;да;да\r\n2;МБОУ СОШ № 9;базовый;480;470;97,9;да;да\r\n")
    path.write_bytes(text.encode("cp1251"))
    rows = reader.read_workbook(path).sheets[0].rows
    assert rows[3] == ["1", "МАОУ СОШ № 6", "основной", "612", "600", "98,0", "да", "да"]


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_excel_unicode_text_is_read_like_any_other_text(tmp_path, codec, bom):
    """«Сохранить как → Текст Юникод (*.txt)»: UTF-16 with its byte order mark, tab-separated, CRLF."""
    text = "\r\n".join("\t".join(f'"{v}"' if "," in v else v for v in r) for r in CSV_ROWS) + "\r\n"
    path = tmp_path / "готовность_Химки.txt"
    path.write_bytes(bom + text.encode(codec))
    rows = reader.read_workbook(path).sheets[0].rows
    assert rows[:2] == CSV_ROWS[:2] and rows[2][:3] == CSV_ROWS[2][:3]


def test_unicode_text_with_a_nul_character_is_still_refused_as_not_a_table(tmp_path):
    path = tmp_path / "выгрузка.txt"
    path.write_bytes(b"\xff\xfe" + "Наименование ОО\tОхват\r\nСОШ\x00\t5\r\n".encode("utf-16-le"))
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(path)
    assert e.value.problems[0].rule == "corrupt"

# --- hostile sheets (the CLI-level behaviour is in test_bad_files.py) ---------------------------------

def rewrite_sheet(src, dst, sheet_xml: bytes):
    """Copy an xlsx replacing xl/worksheets/sheet1.xml."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            data = sheet_xml if i.filename == "xl/worksheets/sheet1.xml" else zin.read(i)
            zout.writestr(i.filename, data)
    return dst


NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.mark.parametrize("sheet_data", [
    # one far cell hidden inside row 1
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="XFD1048576"><v>1</v></c></row>',
    # a far row in column A
    b'<row r="1"><c r="A1"><v>1</v></c><c r="A99999999"><v>1</v></c></row>',
    # a merely large row in column Z: bounded (5.2 M cells at most) yet still over a small limit
    b'<row r="1"><c r="A1"><v>1</v></c><c r="Z900000"><v>1</v></c></row>',
    # references calamine accepts although Excel never writes them: lower case, leading zeros
    b'<row r="1"><c r="A1"><v>1</v></c><c r="xfd1048576"><v>1</v></c></row>',
    b'<row r="1"><c r="A1"><v>1</v></c><c r="B0001048576"><v>1</v></c><c r="AB01"><v>1</v></c></row>',
    # attributes in another order
    b'<row r="1"><c t="n" r="A1"><v>1</v></c></row><row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',
    # cells without references, placed by counting
    b'<row r="1">' + b"<c><v>1</v></c>" * 2000 + b'</row><row r="1048576"><c><v>1</v></c></row>',
])
def test_far_cells_are_refused_before_calamine_builds_the_range(tmp_path, monkeypatch, sheet_data):
    monkeypatch.setenv("MONITORING_MAX_CELLS", "5000000")
    src = tmp_path / "src.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(src)
    f = rewrite_sheet(src, tmp_path / "далеко.xlsx", NS + b"<sheetData>" + sheet_data + b"</sheetData></worksheet>")
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    p = e.value.problems[0]
    assert (p.rule, p.sheet, p.file) == ("too_many_cells", "Sheet", "далеко.xlsx")
    assert "слишком большой" in p.message and p.hint


def test_sheet_extent_fast_path_matches_exact_parse(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 3000):
        ws.append([r, f"школа {r}", None, r * 1.5] + ([None] * 30 + ["край"] if r % 700 == 0 else []))
    ws.cell(row=9999, column=2, value="подвал")
    f = tmp_path / "широкий.xlsx"
    wb.save(f)
    with zipfile.ZipFile(f) as z:
        exact = sheet_guard.sheet_extent_exact(z, "xl/worksheets/sheet1.xml")
        fast = sheet_guard.sheet_extent(z, "xl/worksheets/sheet1.xml")
    assert exact == (9999, 35) and fast == exact


def test_narrow_sheets_take_one_cheap_pass(tmp_path):
    wb = openpyxl.Workbook()
    for r in range(1, 3000):
        wb.active.append([r, f"школа {r}", None, r * 1.5])
    f = tmp_path / "узкий.xlsx"
    wb.save(f)
    with zipfile.ZipFile(f) as z:
        assert sheet_guard.sheet_extent(z, "xl/worksheets/sheet1.xml") == (0, 0)  # A–Z, rows < 1 000 000: bounded
        assert sheet_guard.sheet_extent_exact(z, "xl/worksheets/sheet1.xml") == (2999, 4)


def test_total_unpacked_limit(tmp_path, monkeypatch):
    f = offset_book(tmp_path / "форма.xlsx")
    monkeypatch.setenv("MONITORING_MAX_UNPACKED_MB", "0.001")
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    assert e.value.problems[0].rule == "zip_bomb" and "zip-бомба" in e.value.problems[0].message


def test_cell_limit_names_the_sheet(tmp_path, monkeypatch):
    f = offset_book(tmp_path / "форма.xlsx")
    monkeypatch.setenv("MONITORING_MAX_CELLS", "20")
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    assert e.value.problems[0].sheet == "Химки"
    assert "лист «Химки»" in str(e.value) and "форма.xlsx" in str(e.value)


def ods_file(path, table_xml: str):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet>{table_xml}</office:spreadsheet></office:body>'
               '</office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return path


def test_ods_repeated_values_are_counted_but_empty_tails_are_not(tmp_path):
    ok = ods_file(tmp_path / "хвост.ods",
                  '<table:table table:name="Лист1"><table:table-row><table:table-cell office:value-type="string">'
                  '<text:p>Школа</text:p></table:table-cell></table:table-row>'
                  '<table:table-row table:number-rows-repeated="1048575">'
                  '<table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>')
    assert reader.read_workbook(ok).sheets[0].rows == [["Школа"]]
    bomb = ods_file(tmp_path / "повтор.ods",
                    '<table:table table:name="Повтор"><table:table-row table:number-rows-repeated="1048576">'
                    '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
                    'office:value="1"/></table:table-row></table:table>')
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(bomb)
    assert (e.value.problems[0].rule, e.value.problems[0].sheet) == ("too_many_cells", "Повтор")


def test_xlsb_record_walker_finds_far_cells(tmp_path):
    import struct

    def rec(rtype, data):
        head = bytes([rtype]) if rtype < 128 else bytes([(rtype & 0x7F) | 0x80, rtype >> 7])
        size, out = len(data), b""
        while True:
            b = size & 0x7F
            size >>= 7
            out += bytes([b | (0x80 if size else 0)])
            if not size:
                break
        return head + out + data

    sheet = (rec(129, b"") + rec(0, struct.pack("<I", 0) + b"\x00" * 13)
             + rec(5, struct.pack("<II", 2, 0) + struct.pack("<d", 1.0))
             + rec(0, struct.pack("<I", 1048575) + b"\x00" * 13)
             + rec(5, struct.pack("<II", 16383, 0) + struct.pack("<d", 1.0)) + rec(130, b""))
    f = tmp_path / "far.zip"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("xl/worksheets/sheet1.bin", sheet)
    with zipfile.ZipFile(f) as z:
        assert other_extents.xlsb_extent(z, "xl/worksheets/sheet1.bin") == (1048576, 16384)


def test_disguised_files(tmp_path):
    """What «xls» exports of other systems really are: CSV reads, an HTML page or a PDF is refused clearly."""
    csv_as_xls = tmp_path / "выгрузка.xls"
    csv_as_xls.write_bytes("ОО;Охват\r\nМБОУ СОШ № 1;85,3\r\n".encode("cp1251"))
    assert reader.read_workbook(csv_as_xls).sheets[0].rows == [["ОО", "Охват"], ["МБОУ СОШ № 1", "85,3"]]
    for fname, data in [("страница.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
                        ("скан.xlsx", b"%PDF-1.7\n" + bytes(range(256)) * 4),
                        ("документ.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1000)]:
        f = tmp_path / fname
        f.write_bytes(data)
        with pytest.raises(FileRejected) as e:
            reader.read_workbook(f)
        p = e.value.problems[0]
        assert p.rule == "corrupt" and p.file == fname and "Excel" in p.hint, fname


def test_only_hidden_or_empty_sheets_means_no_data(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Пустой"
    hidden = wb.create_sheet("Данные")
    hidden["A1"] = "Наименование ОО"
    hidden.sheet_state = "hidden"
    f = tmp_path / "скрыто.xlsx"
    wb.save(f)
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    p = e.value.problems[0]
    assert p.rule == "no_data" and "нет данных" in p.message and "скрыт" in p.hint


# --- big worksheets parsed in pieces, in parallel ------------------------------------------------------------

@pytest.fixture
def in_pieces(monkeypatch):
    """Every xlsx worksheet is cut into pieces of a few kilobytes (as a 40 MB one is cut into 8 MB pieces),
    on a two-core machine whatever this one has; yields a counter of the pieces parsed."""
    monkeypatch.setattr(pieces, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(pieces, "PIECE_BYTES", 3000)
    monkeypatch.setattr(sheet_notes, "CHUNK", 1024)
    monkeypatch.setattr(pieces, "_cpus", lambda: 2)
    monkeypatch.setattr(pieces, "PIECES_PER_CORE", 2)
    made = []
    real = piece_parse.Piece.__init__

    def counted(self, *args):
        made.append(1)
        real(self, *args)

    monkeypatch.setattr(piece_parse.Piece, "__init__", counted)
    return made


def whole(path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(pieces, "SPLIT_MIN_BYTES", 10**15)
        return reader.read_workbook(path)


def same_books(a, b):
    assert [s.name for s in a.sheets] == [s.name for s in b.sheets]
    for x, y in zip(a.sheets, b.sheets):
        assert x.rows == y.rows, x.name
        assert sorted(x.merged) == sorted(y.merged), x.name
        assert x.errors == y.errors, x.name


def pieces_book(path):
    """A sheet a piece boundary can fall anywhere in: a title, a merged header, runs of empty rows, a column A
    that is empty for a long stretch, rows that grow wider further down, dates, booleans and a footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Готовность"
    ws["A1"] = "Мониторинг готовности ОО по состоянию на 01.10.2023"
    ws.append(["№", "Муниципальное образование", "Наименование ОО", "Численность", None])
    ws.append([None, None, None, "всего", "охвачено"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("D2:E2")
    for i in range(1, 400):
        row = [i if i % 50 else None, "Химки", f"МБОУ СОШ № {i}", 1000 + i, f"{900 + i}"]
        if i > 250:
            row += [dt.date(2023, 9, 1 + i % 28), i % 2 == 0]  # wider from here on
        ws.append(row)
        if i % 97 == 0:
            for _ in range(15):
                ws.append([])
    ws.append([None, "Итого по г.о. Химки", None, 123456, "120 000"])
    ws.append([])
    ws.append([None, "Исполнитель: Иванова И.И."])
    ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=5)
    wb.save(path)
    return path


def test_big_sheets_read_in_pieces_exactly_as_whole(tmp_path, monkeypatch, in_pieces):
    from tests import messy

    files = [pieces_book(tmp_path / "готовность.xlsx"), offset_book(tmp_path / "форма.xlsx")]
    for make in (messy.readiness_by_sheets, messy.readiness_three_row_header, messy.events_wide,
                 messy.roadmap_sections):
        f = tmp_path / f"{make.__name__}.xlsx"
        make(f)
        files.append(f)
    for f in files:
        in_pieces.clear()
        got = reader.read_workbook(f)
        if f.name == "готовность.xlsx":
            assert len(in_pieces) >= 3  # the big sheet really went in pieces
        same_books(got, whole(f, monkeypatch))
    s = reader.read_workbook(files[0]).sheets[0]
    assert cell(s, "B2") == "Муниципальное образование" and cell(s, "E3") == "охвачено"
    row = next(r for r in s.rows if r[2] == "МБОУ СОШ № 251")
    # «1151» typed as text reads as the number it spells (the reader gives every cell as text; parsers read both)
    assert row[3:] == [1251, 1151, dt.date(2023, 9, 1 + 251 % 28), False]


def test_a_piece_with_a_far_cell_is_refused_before_it_is_parsed(tmp_path, monkeypatch, in_pieces):
    monkeypatch.setenv("MONITORING_MAX_CELLS", "5000000")
    src = pieces_book(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    # a far cell near the end of the sheet, long after the first pieces went to calamine
    at = xml.rindex(b"</row>")
    f = rewrite_sheet(src, tmp_path / "далеко.xlsx", xml[:at] + b'<c r="XFD1048576"><v>1</v></c>' + xml[at:])
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    assert e.value.problems[0].rule == "too_many_cells" and e.value.problems[0].sheet == "Готовность"


@pytest.mark.parametrize("change", ["wide_cell", "rows_out_of_order", "prefixed", "cdata"])
def test_unusual_sheets_fall_back_to_one_whole_read(tmp_path, monkeypatch, in_pieces, change):
    src = pieces_book(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    if change == "wide_cell":  # column AB: bounded, but no longer «narrow»: guarded and read whole
        at = xml.rindex(b"</row>")
        xml = xml[:at] + '<c r="AB500" t="inlineStr"><is><t>край</t></is></c>'.encode() + xml[at:]
    elif change == "rows_out_of_order":  # the last row written first: a later piece holds rows above earlier ones
        start = xml.index(b"<sheetData>") + len(b"<sheetData>")
        last = xml.rindex(b"<row ")
        end = xml.index(b"</sheetData>")
        xml = xml[:start] + xml[last:end] + xml[start:last] + xml[end:]
    elif change == "cdata":  # text that looks like a row tag: the sheet is not cut
        at = xml.rindex(b"</row>")
        xml = xml[:at] + b'<c r="G500" t="inlineStr"><is><t><![CDATA[<row r="1"> x]]></t></is></c>' + xml[at:]
    else:  # namespace prefixes on every element
        xml = xml.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(b"</worksheet>", b"</x:worksheet>")
        for tag in (b"sheetData", b"row", b"c", b"v", b"is", b"t", b"mergeCells", b"mergeCell", b"dimension",
                    b"sheetViews", b"sheetView", b"selection", b"sheetFormatPr", b"pageMargins", b"cols", b"col"):
            xml = xml.replace(b"<" + tag + b" ", b"<x:" + tag + b" ").replace(b"<" + tag + b">", b"<x:" + tag + b">")
            xml = xml.replace(b"</" + tag + b">", b"</x:" + tag + b">").replace(b"<" + tag + b"/>", b"<x:" + tag + b"/>")
    f = rewrite_sheet(src, tmp_path / "необычный.xlsx", xml)
    got = reader.read_workbook(f)
    same_books(got, whole(f, monkeypatch))
    assert cell(got.sheets[0], "C4") == "МБОУ СОШ № 1"
    if change == "wide_cell":
        assert cell(got.sheets[0], "AB500") == "край"
    if change == "cdata":
        assert cell(got.sheets[0], "G500") == '<row r="1"> x'


def test_a_piece_calamine_cannot_parse_falls_back_to_the_whole_read(tmp_path, monkeypatch, in_pieces):
    f = pieces_book(tmp_path / "готовность.xlsx")

    def broken(self):
        raise ValueError("calamine: bad piece")

    monkeypatch.setattr(piece_parse.Piece, "result", broken)
    same_books(reader.read_workbook(f), whole(f, monkeypatch))


def test_reading_reports_its_progress(tmp_path, monkeypatch, in_pieces):
    """A big sheet read in pieces says how far it is (for the progress bar drawn by the caller's thread)."""
    seen = []
    f = pieces_book(tmp_path / "готовность.xlsx")
    wb = reader._checked(f, f.name)(seen.append)
    assert wb.sheets and seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3
    pending = reader.start_reading(f)
    while not pending.wait(0.01):
        assert 0.0 <= pending.fraction <= 1.0
    assert pending.fraction == 1.0 and pending.result().sheets[0].name == "Готовность"
    refused = reader.start_reading(tmp_path / "нет.xlsx")
    assert refused.wait(0) and refused.fraction == 1.0
    with pytest.raises(FileRejected):
        refused.result()


def test_the_cell_limit_counts_the_whole_sheet_not_one_piece(tmp_path, monkeypatch, in_pieces):
    f = pieces_book(tmp_path / "готовность.xlsx")
    rows = len(whole(f, monkeypatch).sheets[0].rows)
    # more than the first piece, less than the sheet (7 columns): refused as the whole read refuses it
    monkeypatch.setenv("MONITORING_MAX_CELLS", str(rows * 7 - 10))
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    assert e.value.problems[0].rule == "too_many_cells" and len(in_pieces) >= 3
    with pytest.raises(FileRejected):
        whole(f, monkeypatch)


def test_formula_errors_are_found_where_they_are_whole_and_in_pieces(tmp_path, monkeypatch, in_pieces):
    import xlsxwriter

    f = tmp_path / "ошибки.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Лист1")
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, ["Муниципальное образование", "Наименование ОО", "Всего", "Охвачено"])
    for r in range(1, 400):
        ws.write_row(r, 0, ["Химки", f"СОШ № {r}", 100 + r, 90 + r])
    ws.write_formula(5, 2, "=1/0", bold, "#DIV/0!")  # a styled cell: s="…" before t="e"
    ws.write_formula(250, 3, "=NA()", None, "#N/A")
    ws.write_formula(398, 27, "=Z1", None, "#REF!")  # beyond column Z
    wb.close()
    in_pieces.clear()
    got = reader.read_workbook(f).sheets[0]
    assert len(in_pieces) >= 2
    assert got.errors == {(5, 2): "#DIV/0!", (250, 3): "#N/A", (398, 27): "#REF!"}
    assert got.rows[5][2] is None and got.rows[250][3] is None  # calamine reads them as empty
    assert whole(f, monkeypatch).sheets[0].errors == got.errors


def test_ods_merged_cells_come_from_the_file_itself(tmp_path):
    """LibreOffice forms merge too: calamine gives no merged ranges for ods, the reader finds them."""
    from etl import pipeline

    def s(text, span=""):
        return f'<table:table-cell office:value-type="string"{span}><text:p>{text}</text:p></table:table-cell>'

    def n(x):
        return f'<table:table-cell office:value-type="float" office:value="{x}"><text:p>{x}</text:p></table:table-cell>'

    cov = "<table:covered-table-cell/>"
    rows = [
        s("Мониторинг готовности ОО за I квартал 2024 года"),
        s("Муниципальное образование", ' table:number-rows-spanned="2"') + s("Наименование ОО", ' table:number-rows-spanned="2"')
        + s("Численность обучающихся 6–11 классов", ' table:number-columns-spanned="2"') + cov,
        cov + cov + s("всего") + s("из них охвачено"),
        s("Химки", ' table:number-rows-spanned="2"') + s("СОШ № 1") + n(100) + n(90),
        cov + s("СОШ № 2") + n(200) + n(150),
        s("Королёв") + s("Лицей № 3") + n(300) + n(300),
    ]
    f = ods_file(tmp_path / "готовность.ods", '<table:table table:name="Лист1">'
                 + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows) + "</table:table>")
    sheet = reader.read_workbook(f).sheets[0]
    assert sorted(sheet.merged) == [((1, 0), (2, 0)), ((1, 1), (2, 1)), ((1, 2), (1, 3)), ((3, 0), (4, 0))]
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["municipality"] == ["Химки", "Химки", "Королёв"]
    assert p.columns["students_covered"] == [90, 150, 300]
    assert p.sheets[0].matched["students_covered"] == "D «Численность обучающихся 6–11 классов | из них охвачено»"


def test_hidden_columns_are_noticed(tmp_path, monkeypatch, in_pieces):
    import xlsxwriter

    f = tmp_path / "скрытые.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Лист1")
    for r in range(300):
        ws.write_row(r, 0, [f"строка {r}", r, r * 2, r * 3, r * 4])
    ws.set_column(1, 1, None, None, {"hidden": True})
    ws.set_column(3, 4, None, None, {"hidden": True})
    wb.close()
    assert reader.read_workbook(f).sheets[0].hidden_cols == {1, 3, 4}  # in pieces
    assert whole(f, monkeypatch).sheets[0].hidden_cols == {1, 3, 4}


def _rows_book(path, hide: dict, autofilter: bool = False):
    """300 rows, rows hidden as `hide` says: Excel row → xlsxwriter row options."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Лист1")
    for r in range(300):
        ws.write_row(r, 0, [f"строка {r}", r, r * 2])
    for row, options in hide.items():
        ws.set_row(row - 1, None, None, options)
    if autofilter:
        ws.autofilter(0, 0, 299, 2)
    wb.close()
    return path


@pytest.mark.parametrize("autofilter", [False, True], ids=["by-hand", "autofilter"])
def test_hidden_rows_are_noticed_but_not_those_of_a_filter_or_a_collapsed_group(tmp_path, monkeypatch, in_pieces,
                                                                               autofilter):
    f = _rows_book(tmp_path / "скрытые строки.xlsx", {8: {"hidden": True}, 250: {"hidden": True},
                                                       40: {"level": 1, "hidden": True}, 41: {"level": 1}},
                   autofilter)
    want = set() if autofilter else {7, 249}  # 0-based; row 40 is a collapsed group's, not hidden by hand
    assert reader.read_workbook(f).sheets[0].hidden_rows == want  # in pieces
    assert len(in_pieces) >= 2
    assert whole(f, monkeypatch).sheets[0].hidden_rows == want


def _xls_two_years(path):
    """Last year's column and a closed school's row kept but hidden, as in Excel 97–2003."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Можайский")
    for r, row in enumerate([["Наименование ОО", "Всего обучающихся 6-11 классов", "Всего обучающихся 6-11 классов"],
                             ["СОШ № 1", 400, 450], ["СОШ № 2", 300, 0], ["СОШ № 3", 500, 520]]):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    ws.col(1).hidden = True
    ws.row(2).hidden = True
    ws.write(5, 0, "СОШ № 3, корпус 2")
    ws.row(5).level = 1  # a collapsed group's row: not hidden by hand
    ws.row(5).hidden = True
    wb.save(str(path))
    return path


def test_hidden_columns_and_rows_of_a_legacy_xls_are_noticed_by_content(tmp_path):
    f = _xls_two_years(tmp_path / "форма.xls")
    renamed = tmp_path / "форма.xlsx"  # an .xls named .xlsx
    renamed.write_bytes(f.read_bytes())
    for path in (f, renamed):
        s = reader.read_workbook(path).sheets[0]
        assert (s.hidden_cols, s.hidden_rows) == ({1}, {2})


def test_an_xls_whose_hidden_parts_cannot_be_read_is_still_read(tmp_path, monkeypatch):
    import xlrd

    def broken(*args, **kwargs):
        raise xlrd.XLRDError("Unsupported format, or corrupt file")

    monkeypatch.setattr(xlrd, "open_workbook", broken)
    s = reader.read_workbook(_xls_two_years(tmp_path / "форма.xls")).sheets[0]
    assert (s.hidden_cols, s.hidden_rows) == (set(), set())
    assert cell(s, "A3") == "СОШ № 2" and cell(s, "C4") == 520



def test_an_xls_with_an_autofilter_says_no_hidden_row(tmp_path, monkeypatch):
    """Rows an autofilter hides are a view (xlwt writes no filter: its built-in name is added to what xlrd read)."""
    import xlrd

    real = xlrd.open_workbook

    class FilterName:
        name, scope = "_FilterDatabase", 0

    def with_filter(*args, **kwargs):
        book = real(*args, **kwargs)
        book.name_obj_list.append(FilterName())
        return book

    monkeypatch.setattr(xlrd, "open_workbook", with_filter)
    s = reader.read_workbook(_xls_two_years(tmp_path / "форма.xls")).sheets[0]
    assert (s.hidden_cols, s.hidden_rows) == ({1}, set())


@pytest.mark.parametrize("filtered", [False, True], ids=["table", "table-filtered"])
def test_rows_hidden_in_a_table_are_noticed_unless_the_table_is_filtered(tmp_path, filtered):
    """A form formatted as a table («Форматировать как таблицу»): a filter set in it hides rows as a view."""
    from openpyxl.worksheet.filters import AutoFilter, CustomFilter, CustomFilters, FilterColumn
    from openpyxl.worksheet.table import Table

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Наименование ОО", "Охвачено"])
    for i in range(1, 6):
        ws.append([f"СОШ № {i}", 100 * i])
    table = Table(displayName="Form", ref="A1:B6", autoFilter=AutoFilter(ref="A1:B6"))
    if filtered:
        table.autoFilter.filterColumn.append(
            FilterColumn(colId=1, customFilters=CustomFilters(customFilter=[CustomFilter("greaterThan", "150")])))
    ws.add_table(table)
    ws.row_dimensions[2].hidden = True
    f = tmp_path / "таблица.xlsx"
    wb.save(f)
    assert reader.read_workbook(f).sheets[0].hidden_rows == (set() if filtered else {1})
