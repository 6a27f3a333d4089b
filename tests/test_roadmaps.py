"""Both seed roadmaps (data/roadmaps/) load as `roadmap` forms: every item, sections, deadlines parsed."""
from datetime import date

import pytest

from etl import config, db, pipeline

FILES = {"50": "50_Московская_область_Р-872.csv", "65": "65_Сахалинская_область_3.12-1264-р.csv"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    base = tmp_path_factory.mktemp("roadmaps")
    dbp = base / "r.duckdb"
    results = {}
    for region, name in FILES.items():
        # no --region and no --kind hint for the region: it comes from the file name
        results[region] = pipeline.load_file(config.ROADMAPS_DIR / name, dbp, kind="roadmap")
    return dbp, results


def rows(dbp, sql, params=None):
    with db.read_connection(dbp) as con:
        return con.execute(sql, params or []).fetchall()


def test_both_roadmaps_load_with_region_from_file_name(loaded):
    dbp, results = loaded
    for region, r in results.items():
        assert (r.status, r.region, r.rows_rejected) == ("loaded", region, 0), r.message
    assert rows(dbp, "SELECT region, count(*) FROM roadmap_items GROUP BY ALL ORDER BY ALL") == [("50", 24), ("65", 12)]


def test_items_numbered_in_order_and_sectioned(loaded):
    dbp, _ = loaded
    for region, n in (("50", 24), ("65", 12)):
        nos = [r[0] for r in rows(dbp, "SELECT item_no FROM roadmap_items WHERE region = ? ORDER BY source_row", [region])]
        assert nos == [str(i) for i in range(1, n + 1)]
        sections = [r[0] for r in rows(dbp, "SELECT DISTINCT section FROM roadmap_items WHERE region = ? ORDER BY 1", [region])]
        assert [s[:2] for s in sections] == ["1.", "2.", "3."]
    # the monitoring section of Moscow Oblast: items 19–24, each ending in an analytical note
    got = rows(dbp, "SELECT item_no, planned_result FROM roadmap_items WHERE region = '50' AND section LIKE '3.%' ORDER BY source_row")
    assert [g[0] for g in got] == ["19", "20", "21", "22", "23", "24"]
    assert all(g[1].startswith("Аналитическая справка по результатам мониторинга") for g in got)


@pytest.mark.parametrize("region,item,text,deadline", [
    ("50", "1", "До 22.08.2023", date(2023, 8, 22)),
    ("50", "9", "27.08.2023", date(2023, 8, 27)),
    ("50", "10", "До 15.09.2023", date(2023, 9, 15)),
    ("50", "16", "До 29.03.2024", date(2024, 3, 29)),
    ("50", "23", "До 02.10.2023, далее ежеквартально", date(2023, 10, 2)),
    ("50", "7", "В течение года", None),
    ("50", "17", "по графику", None),
    ("65", "8", "24.08.2023 далее по графику", date(2023, 8, 24)),
    ("65", "11", "До 01.12.2023, далее 1 раз в полгода", date(2023, 12, 1)),
    ("65", "9", "В течение 2023/2024 учебного года", date(2024, 8, 31)),
    # as in the source document (an error there: a 2024/2025 roadmap due before the programme started)
    ("65", "7", "До 29.03.2023", date(2023, 3, 29)),
])
def test_deadlines_kept_as_text_and_parsed(loaded, region, item, text, deadline):
    dbp, _ = loaded
    got = rows(dbp, "SELECT deadline_text, deadline FROM roadmap_items WHERE region = ? AND item_no = ?", [region, item])
    assert got == [(text, deadline)]


def test_wording_and_demo_statuses(loaded):
    dbp, _ = loaded
    got = dict(rows(dbp, "SELECT region || '/' || item_no, measure FROM roadmap_items"))
    assert got["50/5"] == "Создание чата в мессенджере для взаимодействия участников профминимума"
    assert got["65/4"].startswith("Утверждение перечня ОО, планирующих внедрение профминимума в 2023/2024 учебном году")
    assert "«Путь навыков»" in got["50/13"]
    # the item split across pages in the source is one item with the whole list of webinars
    assert got["50/17"].count("вебинар") == 6 and got["50/17"].endswith("в 2023/2024 учебном году»")
    statuses = rows(dbp, "SELECT region, status, count(*) FROM roadmap_items GROUP BY ALL ORDER BY ALL")
    assert {s[1] for s in statuses} <= {"выполнено", "в работе", "не выполнено", "не начато"}
    for region in ("50", "65"):
        per = {s: n for r, s, n in statuses if r == region}
        assert per["выполнено"] > per["в работе"] >= 2 and per["не выполнено"] == 1
    # executors of the Sakhalin roadmap keep the coordinator's full name
    ex = rows(dbp, "SELECT executors FROM roadmap_items WHERE region = '65' AND item_no = '1'")[0][0]
    assert "ГАУ СО «Агентство по развитию человеческого капитала»" in ex


def test_a_roadmap_names_its_region_in_any_case_form(tmp_path):
    import openpyxl

    from etl import pipeline

    f = tmp_path / "дорожная карта.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["План мероприятий по реализации профминимума в общеобразовательных организациях "
               "Сахалинской области"])
    ws.append(["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель",
               "Отметка об исполнении"])
    ws.append(["I. Нормативно-правовое обеспечение"])
    ws.append(["1.", "Утверждение плана", "сентябрь 2023 г.", "МОСО", "выполнено"])
    ws.append(["2.", "Профпробы", "с 01.09.2023 по 31.05.2024", "ОО", "в работе"])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.region == "65"
    assert p.columns["deadline"] == [date(2023, 9, 30), date(2024, 5, 31)]
