"""The «Билет в будущее» platform's pupil export loads as effectiveness counts per school — registered pupils and
those with at least one diagnostic, проба, excursion, master class, with and without the archived pupils — equal
to the counts in the file; no pupil's row and not the file itself is kept."""
from __future__ import annotations

import _bvb_fixtures as fx
from etl import pipeline
from etl.db import query_df


def test_a_platform_export_of_a_few_thousand_pupils_loads_as_counts_per_school(tmp_path):
    schools = {("Химки", "МБОУ СОШ № 1"): 1400, ("г.о. Химки", "МАОУ Лицей № 2"): 900,
               ("Мытищи", "МБОУ СОШ № 7"): 1100, ("Королёв", "Гимназия № 3"): 600}
    f = tmp_path / "БвБ_выгрузка_I_квартал_2024.xlsx"
    truth = fx.bvb_export(f, schools)
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert (res.status, res.kind, res.period, res.region) == ("loaded", "effectiveness", "2024-Q1", "50"), res.errors
    got = query_df(dbp, "SELECT municipality, school_name, indicator_code, value FROM effectiveness")
    assert len(got) == len(schools) * 10  # ten counts per school, no pupil rows
    want = {"bvb_pupils": "pupils", "bvb_pupils_active": "active", "bvb_diagnostics": "diag",
            "bvb_diagnostics_active": "diag_active", "bvb_probes": "probe", "bvb_probes_active": "probe_active",
            "bvb_excursions": "exc", "bvb_excursions_active": "exc_active", "bvb_masterclasses": "mc",
            "bvb_masterclasses_active": "mc_active"}
    canon = {"г.о. Химки": "Химки"}
    for (m, s), t in truth.items():
        rows = got[(got["municipality"] == canon.get(m, m)) & (got["school_name"] == s)]
        assert {r.indicator_code: int(r.value) for r in rows.itertuples()} == {c: t[k] for c, k in want.items()}
    logs = query_df(dbp, "SELECT archive_path FROM loads")
    assert logs["archive_path"].isna().all()  # the pupils' file is not archived
    assert not (tmp_path / "archive").exists() or not any((tmp_path / "archive").iterdir())


def test_a_count_that_is_not_a_number_stops_the_pupils_export_once(tmp_path):
    import openpyxl

    f = tmp_path / "БвБ.xlsx"
    fx.bvb_export(f, {("Химки", "МБОУ СОШ № 1"): 30})
    wb = openpyxl.load_workbook(f)
    ws = wb.active
    ws.cell(row=10, column=6, value="н/д")  # a pupil's diagnostics
    wb.save(f)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    # one error at its cell (not one per count with and without the archived pupils)
    assert [(p.row, p.value) for p in res.errors] == [(10, "н/д")]
    assert res.errors[0].column.startswith("F «Количество пройденных диагностик")


def test_other_wordings_of_the_pupils_export(tmp_path):
    headers = list(fx.HEADERS)
    headers[6] = "Количество посещенных профессиональных и партнерских проб (за календарный год)"
    headers[8] = "Количество посещённых мастер-классов (за календарный год)"
    f = tmp_path / "БвБ.xlsx"
    truth = fx.bvb_export(f, {("Химки", "МБОУ СОШ № 1"): 200}, headers=headers)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded", res.errors
    got = dict(query_df(tmp_path / "m.duckdb", "SELECT indicator_code, value FROM effectiveness").itertuples(index=False))
    t = truth[("Химки", "МБОУ СОШ № 1")]
    assert (got["bvb_probes"], got["bvb_masterclasses_active"]) == (t["probe"], t["mc_active"])


def test_a_schools_effectiveness_form_with_excursions_is_not_the_course_export(tmp_path):
    """«Посетили экскурсии на предприятия» beside a municipality and a school is the form's excursions indicator,
    not the «Россия — мои горизонты» export's «посетивших занятие» (its pupils were stored as the course's, its
    diagnostics dropped)."""
    from tests._upload_fixtures import form_xlsx

    f = form_xlsx(tmp_path / "эффективность_ОО.xlsx",
                  ["Мониторинг эффективности деятельности по реализации профминимума за II квартал 2024 года"],
                  ["№ п/п", "Муниципалитет", "Наименование ОО", "Обучающихся 6-11 кл., всего",
                   "Прошли профориентационную диагностику, чел.", "Посетили экскурсии на предприятия, чел."],
                  [[1, "г.о. Истра", "МБОУ СОШ № 1", 500, 350, 100],
                   [2, "г.о. Истра", "МАОУ «Лицей № 10»", 600, 420, 120]])
    p = pipeline.prepare(f)
    assert p.kind == "effectiveness" and not p.errors, [e.message for e in p.errors]
    got = {}
    for code, v in zip(p.columns["indicator_code"], p.columns["value"]):
        got[code] = got.get(code, 0) + v
    assert got == {"students_total": 1100, "diagnostics_done": 770, "excursions_done": 220}
