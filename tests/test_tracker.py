"""«Сдача форм»: municipalities × forms for a period — submitted when, with how many errors, which not yet;
the deadline from the region's cadence; overdue highlighted."""
from __future__ import annotations

from datetime import date, datetime

import pytest

import _upload_fixtures as fx
from app import tracker as tr
from etl import db, pipeline


def load_at(dbp, path, when: datetime, skip=False):
    r = pipeline.commit(pipeline.prepare(path), dbp, skip_bad_rows=skip, loaded_by="ana")
    with db.write_connection(dbp) as con:  # the submission arrived on that day
        con.execute("UPDATE load_log SET loaded_at = ? WHERE load_id = ?", [when, r.load_id])
    return r


@pytest.fixture
def submitted(dbp, tmp_path):
    load_at(dbp, fx.readiness_xlsx(tmp_path / "химки.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25, 10))
    bad = fx.clean_rows("Королёв", 2) + [("Королёв", "СОШ 9", "средний", "да", 1, 1)]
    load_at(dbp, fx.readiness_xlsx(tmp_path / "королёв.xlsx", bad), datetime(2023, 10, 5, 12), skip=True)
    return dbp


def test_matrix_states_deadline_and_errors(submitted):
    texts, states, deadline = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 10, 10))
    assert deadline == date(2023, 10, 1)  # quarter cadence: due «по состоянию на» 01.10.2023
    col = "Готовность ОО"
    assert texts.loc["Химки", col] == "25.09.2023, без ошибок"
    assert states.loc["Химки", col] == "on_time"
    assert texts.loc["Королёв", col] == "05.10.2023, строк с ошибками в файле: 1 — с опозданием на 4 дня"
    assert states.loc["Королёв", col] == "late"
    assert texts.loc["Балашиха", col] == "просрочено" and states.loc["Балашиха", col] == "overdue"
    assert states.loc["Химки", "Договоры"] == "overdue"
    # municipalities merged into another are not asked for forms: the loader counts their schools in the merged
    # unit in every period (today's borders), so they could never be «сдано»
    assert "Протвино" not in texts.index and "Дзержинский" not in texts.index and "Люберцы" in texts.index
    n = len(texts)
    assert tr.summary(states)[col] == (2, n, n - 2, 1)  # Химки on time, Королёв late
    # before the deadline nothing is overdue yet
    _, early, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 9, 26))
    assert early.loc["Балашиха", col] == "missing"
    # colours: overdue red, late amber
    html = tr.styled(texts, states).to_html()
    assert tr.STATE_COLOURS["overdue"] in html and tr.STATE_COLOURS["late"] in html


def test_new_version_counts_and_half_year_cadence(submitted, tmp_path):
    load_at(submitted, fx.readiness_xlsx(tmp_path / "химки2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 9, 28))
    texts, _, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 10, 10))
    assert texts.loc["Химки", "Готовность ОО"] == "25.09.2023 (версий: 2), без ошибок"
    texts, states, deadline = tr.matrix(submitted, "65", "2023-H2", today=date(2024, 2, 1))
    assert deadline == date(2024, 1, 1)
    assert "Южно-Сахалинск" in texts.index and (states == "overdue").all().all()
    assert tr.period_options(submitted, "65", today=date(2024, 8, 1))[:3] == ["2024-H2", "2024-H1", "2023-H2"]
    assert tr.period_options(submitted, "50", today=date(2024, 2, 1)) == ["2024-Q1", "2023-Q4", "2023-Q3"]


def test_a_rejected_file_shows_for_its_municipality(submitted, tmp_path):
    # Балашиха sends a file with an unknown level: rejected as a whole (nothing is loaded)
    bad = fx.clean_rows("Балашиха", 2) + [("Балашиха", "СОШ 9", "средний", "да", 1, 1)]
    r = load_at(submitted, fx.readiness_xlsx(tmp_path / "балашиха.xlsx", bad), datetime(2023, 9, 27, 9))
    assert r.status == "rejected"
    texts, states, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 9, 28))
    col = "Готовность ОО"
    assert texts.loc["Балашиха", col] == "файл отклонён 27.09.2023" and states.loc["Балашиха", col] == "rejected"
    assert states.loc["Балашиха", "Договоры"] == "missing"  # only the form it sent
    texts, states, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 10, 10))
    assert texts.loc["Балашиха", col] == "файл отклонён 27.09.2023 — срок прошёл"
    n = len(texts)
    assert tr.summary(states)[col] == (2, n, n - 2, 1)  # not submitted: counts as overdue after the deadline
    assert tr.STATE_COLOURS["rejected_overdue"] in tr.styled(texts, states).to_html()
    table = tr.rejected_table(tr.rejected_files(submitted, "50", "2023-Q3"))
    assert table.iloc[0].to_dict() | {"Итог": ""} == {
        "№": r.load_id, "Файл": "балашиха.xlsx", "Вид формы": "готовность ОО", "Муниципалитеты": "Балашиха",
        "Когда": "27.09.2023 09:00", "Кто": "ana", "Итог": ""}
    # a later accepted file wins over the rejected one
    load_at(submitted, fx.readiness_xlsx(tmp_path / "балашиха2.xlsx", fx.clean_rows("Балашиха", 2)),
            datetime(2023, 9, 29, 9))
    texts, states, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 10, 10))
    assert texts.loc["Балашиха", col] == "29.09.2023, без ошибок" and states.loc["Балашиха", col] == "on_time"
    # the page lists the rejected file in Russian
    at = fx.page_app("tracker.py")
    assert not at.exception
    assert "Отклонённые файлы за период: 1" in [e.label for e in at.expander]
    shown = at.dataframe[1].value  # below the matrix
    assert list(shown.columns) == ["№", "Файл", "Вид формы", "Муниципалитеты", "Когда", "Кто", "Итог"]
    assert shown.iloc[0]["Вид формы"] == "готовность ОО" and shown.iloc[0]["Муниципалитеты"] == "Балашиха"


def test_tracker_page(submitted):
    at = fx.page_app("tracker.py")
    assert not at.exception
    assert at.title[0].value == "Сдача форм"
    assert at.selectbox(key="tracker_region").value == "50"
    assert at.selectbox(key="tracker_period").value == "2023-Q3"  # the newest period with submissions
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**III квартал 2023 г.**, Московская область: срок сдачи — 01.10.2023 — срок прошёл" in text
    m = {x.label: x.value for x in at.metric}
    assert m["Готовность ОО"].startswith("2 из ")
    n = int(m["Готовность ОО"].split(" из ")[1])
    rates = [c.value for c in at.caption if c.value.startswith("сдали ")]
    assert rates[0] == f"сдали {200 / n:.1f}\u00a0%, в срок — {100 / n:.1f}\u00a0%".replace(".", ",")  # Королёв late
    assert any(b.proto.label == "Скачать таблицу сдачи (xlsx)" for b in at.get("download_button"))
    df = at.dataframe[0].value
    assert df.loc["Химки", "Готовность ОО"] == "25.09.2023, без ошибок"
    assert df.loc["Балашиха", "Готовность ОО"] == "просрочено"
    assert any(b.proto.label.startswith("Скачать бланки форм") for b in at.get("download_button"))
    at.selectbox(key="tracker_prefill").set_value("Химки").run()
    assert not at.exception
    assert any(b.proto.label.startswith("Скачать форму «Химки» (") for b in at.get("download_button"))
    # a campaign's dates already past are said before it opens (a tester's round: coordinators locked out at once)
    assert any(w.value.startswith("Срок сдачи (01.10.2023) уже прошёл") for w in at.warning)
    at.checkbox(key="campaign_lock_on").check().run()
    assert any(w.value.startswith("Дата закрытия приёма (08.10.2023) уже прошла: координаторы не смогут сдать")
               for w in at.warning)


def test_the_tracker_opens_on_the_region_the_monitoring_pages_show(submitted):
    from app import filters as F

    at = fx.page_app("tracker.py", session={F.K_REGION: "65"})
    assert not at.exception and at.selectbox(key="tracker_region").value == "65"


def test_blank_forms_zip_has_every_municipal_form(dbp):
    import io
    import zipfile

    import openpyxl

    z = zipfile.ZipFile(io.BytesIO(tr.blank_forms_zip("50")))
    names = sorted(z.namelist())
    assert len(names) == 4 and all(n.startswith("50_") and n.endswith(".xlsx") for n in names)
    assert any("готовность" in n for n in names) and any("мероприят" in n for n in names)
    for n in names:
        wb = openpyxl.load_workbook(io.BytesIO(z.read(n)))
        assert wb.sheetnames  # a real workbook each


def test_a_prefilled_readiness_form_lists_the_schools_and_loads_back_when_filled(small_db, tmp_path):
    """The school registry gives a municipality's schools of its latest earlier period; the form written for the
    next period lists them (name, INN, level) with empty numbers; filled in, it loads for that period."""
    import openpyxl

    from app import tracker as tr
    from etl import db, pipeline

    work = tmp_path / "m.duckdb"
    work.write_bytes(small_db.read_bytes())
    db.ensure_schema(work)
    data, name, n = tr.prefilled_form(work, "50", "Химки", "2024-Q1")
    schools = db.query_df(work, "SELECT school_name, school_inn FROM readiness WHERE region = '50' AND "
                                "period = '2023-Q4' AND municipality = 'Химки' ORDER BY school_name")
    assert n == len(schools) > 0 and name == "Готовность_ОО_Химки_I_квартал_2024.xlsx"
    f = tmp_path / name
    f.write_bytes(data)
    wb = openpyxl.load_workbook(f)
    ws = wb.worksheets[0]
    assert ws["A3"].value == "за I квартал 2024 г."
    told = " ".join(str(c.value) for c in wb.worksheets[-1]["A"] if c.value)
    assert "Отчётный период уже вписан в заголовок формы («за I квартал 2024 г.»)" in told and "вместо" not in told
    rows = [[c.value for c in r][:8] for r in ws.iter_rows(min_row=6, max_row=5 + n)]
    assert [r[1] for r in rows] == list(schools["school_name"]) and [r[2] for r in rows] == list(schools["school_inn"])
    assert all(r[0] == "Химки" and r[4:] == [None] * 4 for r in rows)  # numbers empty
    for i, r in enumerate(ws.iter_rows(min_row=6, max_row=5 + n)):
        r[4].value, r[5].value, r[6].value, r[7].value = "Петрова А. А.", "да", 200 + i, 150 + i
    wb.save(f)
    res = pipeline.load_file(f, work)
    assert (res.status, res.period, res.rows_loaded) == ("loaded", "2024-Q1", n), res.errors[:3]
    assert db.query_df(work, "SELECT count(*) AS n FROM school_registry WHERE municipality = 'Химки' "
                             "AND last_period = '2024-Q1'")["n"][0] == n
    # the period's form accepted, the coordinator sends it again (a correction): the same schools, not none
    assert tr.prefilled_form(work, "50", "Химки", "2024-Q1")[2] == n
    # and a form for an earlier period lists that period's schools, whatever came after it
    assert tr.prefilled_form(work, "50", "Химки", "2023-Q4")[2] == n


def test_the_tracker_xlsx_has_the_pages_colours_and_the_deadlines(submitted):
    """An independent tester (07.12.2026): the tracker's xlsx had the status texts only — no colours, no deadline."""
    import io

    import openpyxl

    texts, states, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 10, 10))
    data = tr.matrix_xlsx(texts, "Московская область", "III квартал 2023 г.", states,
                          tr.deadlines_text(submitted, "50", "2023-Q3"))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert "срок сдачи — " in ws["A2"].value
    rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
    col = [c.value for c in ws[5]].index("Готовность ОО") + 1
    for m, state in (("Химки", "on_time"), ("Королёв", "late"), ("Балашиха", "overdue")):
        assert states.loc[m, "Готовность ОО"] == state
        assert ws.cell(rows[m], col).fill.fgColor.rgb[-6:] == tr.STATE_COLOURS[state].lstrip("#").upper()
    assert ws.cell(rows["Химки"], 1).fill.fill_type is None  # (the municipality's own cell: plain)


def test_the_map_of_who_has_sent_a_form(submitted):
    from app import tracker as tr

    texts, states, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 10, 10))
    fig = tr.state_map("50", states, "Готовность ОО")
    tiles = {c[0]: c[2] for c in fig.data[0].customdata}
    assert tiles["Химки"] == "сдано" and tiles["Королёв"] == "поздно"
    assert tiles["Балашиха"] == "просрочено"
    legend = [t.name for t in fig.data[1:]]
    assert {"сдано", "сдано с опозданием", "просрочено", "не сдано", "файл отклонён"} <= set(legend)


def test_a_prefilled_form_from_a_database_of_an_older_version(small_db, tmp_path):
    """A database written before the school registry existed: its schema is brought up to date on first use."""
    import duckdb

    from app import tracker as tr

    old = tmp_path / "old.duckdb"
    old.write_bytes(small_db.read_bytes())
    con = duckdb.connect(str(old))
    con.execute("DROP VIEW school_registry")
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'schema_fingerprint'")
    con.close()
    _data, name, n = tr.prefilled_form(old, "50", "Химки", "2024-Q1")
    assert n > 0 and name.startswith("Готовность_ОО_Химки")


def submit_at(dbp, path, when: datetime):
    """A coordinator's submission (on review until the analyst decides), arrived on that day."""
    r = pipeline.commit(pipeline.prepare(path), dbp, loaded_by="himki", for_acceptance=True)
    with db.write_connection(dbp) as con:
        con.execute("UPDATE load_log SET loaded_at = ? WHERE load_id = ?", [when, r.load_id])
    return r


def test_a_submission_over_an_accepted_form_says_it_replaces_it_once_accepted(dbp, tmp_path):
    """A tester's round (07.12.2026): a coordinator's correction on review was told «заменены данные загрузки № 4»
    while the pages kept № 4 — it replaces it once accepted."""
    from etl import acceptance

    v1 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    acceptance.decide(dbp, v1.load_id, "accepted", "ana")
    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 9, 28))
    assert v2.message.endswith(f"; после приёмки будут заменены данные загрузки № {v1.load_id}"), v2.message
    with db.read_connection(dbp) as con:  # (History: the accepted version the pages show is not «заменено»)
        assert con.execute("SELECT status FROM loads WHERE load_id = ?", [v1.load_id]).fetchone() == ("loaded",)
    acceptance.decide(dbp, v2.load_id, "accepted", "ana")
    with db.read_connection(dbp) as con:
        assert con.execute("SELECT status FROM loads WHERE load_id = ?", [v1.load_id]).fetchone() == ("replaced",)


def test_an_accepted_version_stays_submitted_when_a_newer_one_is_returned(dbp, tmp_path):
    from etl import acceptance

    v1 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    acceptance.decide(dbp, v1.load_id, "accepted", "ana")
    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 10, 3))
    col = "Готовность ОО"
    texts, states, _ = tr.matrix(dbp, "50", "2023-Q3", today=date(2023, 10, 10))
    assert states.loc["Химки", col] == "on_time"  # v1, accepted by the deadline, is what the pages show
    assert texts.loc["Химки", col].endswith(" — принято; новая версия на проверке")
    acceptance.decide(dbp, v2.load_id, "returned", "ana", "Проверьте численность")
    texts, states, _ = tr.matrix(dbp, "50", "2023-Q3", today=date(2023, 10, 10))
    assert states.loc["Химки", col] == "on_time"
    assert texts.loc["Химки", col].endswith(" — принято; новая версия возвращена: Проверьте численность")
    assert tr.summary(states)[col][0] == 1  # submitted, as the overview counts it


def test_a_submission_on_review_sent_by_the_deadline_counts_as_on_time(dbp, tmp_path):
    submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    submit_at(dbp, fx.readiness_xlsx(tmp_path / "k.xlsx", fx.clean_rows("Королёв", 3)), datetime(2023, 10, 5))
    texts, states, _ = tr.matrix(dbp, "50", "2023-Q3", today=date(2023, 10, 10))
    col = "Готовность ОО"
    assert (states.loc["Химки", col], states.loc["Королёв", col]) == ("pending", "pending_late")
    done, _n, _overdue, on_time = tr.summary(states)[col]
    assert (done, on_time) == (2, 1)


def test_the_coordinator_is_told_the_campaign_deadline(dbp, tmp_path):
    from etl import acceptance

    load_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    assert tr.deadlines_text(dbp, "50", "2023-Q3") == "срок сдачи — 01.10.2023"
    acceptance.open_campaign(dbp, "readiness", "50", "2023-Q3", date(2023, 10, 15), "ana", date(2023, 10, 20))
    assert tr.deadlines_text(dbp, "50", "2023-Q3", today=date(2023, 10, 20)) == (
        "сроки сдачи: Готовность ОО — 15.10.2023 (приём до 20.10.2023); Договоры — 01.10.2023; "
        "Мероприятия — 01.10.2023; Эффективность — 01.10.2023")
    assert tr.deadlines_text(dbp, "50", "2023-Q3", today=date(2023, 10, 21)).startswith(
        "сроки сдачи: Готовность ОО — 15.10.2023 (приём закрыт 20.10.2023);")


def test_before_accepting_the_analyst_sees_the_forms_counts_beside_the_accepted_ones(dbp, tmp_path):
    from etl import acceptance

    v1 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    def figures(load_id):
        subs = acceptance.submissions(dbp, "50", "2023-Q3")
        return tr.submission_figures(dbp, subs, "50", "2023-Q3")[load_id].set_index("Показатель")

    first = figures(v1.load_id)
    assert first.loc["Школ (ОО)", "В сданной форме"] == "3" and first.loc["Школ (ОО)", "Принято сейчас"] == "—"
    acceptance.decide(dbp, v1.load_id, "accepted", "ana")
    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 10, 3))
    fig = figures(v2.load_id)
    (total_v2,), = db.query_df(dbp, f"SELECT sum(students_total) FROM readiness_rows WHERE load_id = {v2.load_id}"
                               ).itertuples(index=False)
    assert fig.loc["Школ (ОО)", "В сданной форме"] == "4" and fig.loc["Школ (ОО)", "Принято сейчас"] == "3"
    assert fig.loc["Обучающихся 6–11 кл.", "В сданной форме"] == str(int(total_v2))
    (path,) = acceptance.submissions(dbp, "50", "2023-Q3").query(f"load_id == {v2.load_id}")["archive_path"]
    original = acceptance.original_file(path)
    assert original is not None and original.read_bytes() == (tmp_path / "v2.xlsx").read_bytes()


def test_a_merged_municipality_is_never_expected_on_its_own(dbp, tmp_path):
    # Дзержинский joined Люберцы on 31.10.2024: a form of Дзержинский, of any period, is loaded as Люберцы — so
    # Дзержинский is asked for nothing (it was «просрочено» in every period), Люберцы for every period
    load_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Дзержинский", 3)), datetime(2023, 9, 25))
    for period in ("2023-Q3", "2024-Q3", "2024-Q4"):
        munis = tr.municipalities(dbp, "50", period)
        assert "Дзержинский" not in munis and "Люберцы" in munis
    texts, states, _ = tr.matrix(dbp, "50", "2023-Q3", today=date(2023, 10, 10))
    assert states.loc["Люберцы", "Готовность ОО"] == "on_time"  # Дзержинский's form: its schools are Люберцы's


def test_a_returned_version_is_never_shown_and_a_rollback_names_what_the_pages_show(dbp, tmp_path):
    from app import upload as up
    from etl import acceptance

    v1 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    acceptance.decide(dbp, v1.load_id, "accepted", "ana")
    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 9, 27))
    acceptance.decide(dbp, v2.load_id, "returned", "ana", "Проверьте численность")
    # «включая непринятые»: the accepted version and those on review, never the one sent back
    count = "SELECT count(*) AS n FROM {}.readiness WHERE municipality = 'Химки'"
    assert db.query_df(dbp, count.format("pending"))["n"][0] == 3 == db.query_df(dbp, count.format("main"))["n"][0]
    v3 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v3.xlsx", fx.clean_rows("Химки", 5)), datetime(2023, 9, 29))
    assert db.query_df(dbp, count.format("pending"))["n"][0] == 5  # on review: shown with the pending data
    acceptance.decide(dbp, v3.load_id, "accepted", "ana")
    msg = up.rollback(dbp, v3.load_id, "ana")
    assert f"Вернулась предыдущая версия: загрузка № {v1.load_id} («v1.xlsx»)" in msg and "v2.xlsx" not in msg
    assert db.query_df(dbp, count.format("main"))["n"][0] == 3


def test_a_submission_replaced_before_any_decision_can_no_longer_be_accepted(dbp, tmp_path):
    """An independent tester's round (06.12.2026): v2 replaced by v3 stayed «на проверке» with «Принять» — accepting
    it to clear the queue would publish the outdated version."""
    from etl import acceptance

    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    v3 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v3.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 9, 26))
    subs = acceptance.submissions(dbp, "50", "2023-Q3").set_index("load_id")
    assert subs.loc[v2.load_id, "state"] == "superseded" and subs.loc[v3.load_id, "state"] == "pending"
    assert acceptance.state_text("superseded") == "заменено новой сдачей"
    assert acceptance.ALLOWED.get("superseded", ()) == ()
    with pytest.raises(acceptance.AcceptanceError, match="заменено новой сдачей"):
        acceptance.decide(dbp, v2.load_id, "accepted", "ana")
    # the history says the same (a tester, 07.12.2026: «Приёмка: на проверке» there for good)
    from app import upload as up

    shown = up.history_display(up.history(dbp)).set_index("№")["Приёмка"]
    assert (shown[v2.load_id], shown[v3.load_id]) == ("заменено новой сдачей", "на проверке")
    acceptance.decide(dbp, v3.load_id, "accepted", "ana")
    count = "SELECT count(*) AS n FROM main.readiness WHERE municipality = 'Химки'"
    assert db.query_df(dbp, count)["n"][0] == 4
    # rolled back, v3 gives v2 its place on review again — said so, not «no previous version»
    msg = up.rollback(dbp, v3.load_id, "ana")
    assert msg.endswith(f". На проверку вернулась предыдущая сдача: № {v2.load_id} («v2.xlsx») — на страницах "
                        "мониторинга её данных нет, пока аналитик её не примет"), msg
    assert "Предыдущей версии" not in msg
    assert acceptance.submissions(dbp, "50", "2023-Q3").set_index("load_id").loc[v2.load_id, "state"] == "pending"


def test_the_pages_never_open_on_a_period_that_has_not_begun(dbp, tmp_path):
    load_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    load_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 3), title="Мониторинг готовности ОО "
                                   "за I квартал 2024 года"), datetime(2023, 10, 9))
    opts = ["2024-Q1", "2023-Q4", "2023-Q3"]  # a form of 2024-Q1 loaded by mistake on 09.10.2023
    assert tr.started(opts, today=date(2023, 10, 10)) == ["2023-Q4", "2023-Q3"]
    assert tr.default_period(dbp, "50", opts, today=date(2023, 10, 10)) == "2023-Q3"  # the newest with data
    assert tr.default_period(dbp, "50", opts, today=date(2024, 2, 1)) == "2024-Q1"  # once it has begun


def test_a_form_opened_for_correction_tells_the_coordinator_what_to_do(dbp, tmp_path):
    from etl import acceptance

    v1 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    acceptance.decide(dbp, v1.load_id, "accepted", "ana")
    acceptance.decide(dbp, v1.load_id, "reopened", "ana", "Уточните число навигаторов")
    (r,) = acceptance.submissions(dbp, "50", "2023-Q3").itertuples(index=False)
    assert acceptance.state_text(r.state, r.last_action) == "открыто для исправления: сдайте исправленную форму"
    # the analyst's acceptance list: what it is, not the coordinator's instruction
    assert acceptance.state_text(r.state, r.last_action, analyst=True) == "открыто для исправления"
    assert r.comment == "Уточните число навигаторов"
    assert acceptance.state_text("pending", "submitted") == "на проверке"
    # the tracker (and its xlsx) says the same, not «на проверке» (a tester's round, 07.12.2026)
    texts, states, _ = tr.matrix(dbp, "50", "2023-Q3", today=date(2023, 10, 10))
    cell = texts.loc["Химки", "Готовность ОО"]
    assert cell.endswith("— открыто для исправления: Уточните число навигаторов") and "на проверке" not in cell
    assert states.loc["Химки", "Готовность ОО"] == "returned"
    # the correction, on review: its figures beside those of the form it corrects (a tester's round, 07.12.2026:
    # «Принято сейчас: —» for every figure — the reopened form had left the pages)
    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 9, 28))
    subs = acceptance.submissions(dbp, "50", "2023-Q3")
    fig = tr.submission_figures(dbp, subs, "50", "2023-Q3")[v2.load_id].set_index("Показатель")
    assert tuple(fig.loc["Школ (ОО)"]) == ("4", "—", "3")
    assert fig.columns[-1] == f"Принято раньше (№ {v1.load_id}, открыто для исправления)"


def test_the_acceptance_list_shows_each_submission_its_own_figures_and_warnings(dbp, tmp_path):
    # the list is drawn for every submission of the period at once (one query per form, not per submission)
    from app import upload as up
    from etl import acceptance

    v1 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)), datetime(2023, 9, 25))
    acceptance.decide(dbp, v1.load_id, "accepted", "ana")
    v2 = submit_at(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)), datetime(2023, 9, 28))
    half = [("Королёв", f"Лицей № {i}", "базовый", "да", 120, None) for i in (1, 2)]  # coverage left empty
    k = submit_at(dbp, fx.readiness_xlsx(tmp_path / "k.xlsx", fx.clean_rows("Королёв", 1) + half),
                  datetime(2023, 9, 29))
    subs = acceptance.submissions(dbp, "50", "2023-Q3")
    figures = {i: f.set_index("Показатель") for i, f in tr.submission_figures(dbp, subs, "50", "2023-Q3").items()}
    assert sorted(figures) == sorted([v1.load_id, v2.load_id, k.load_id])
    schools = {i: tuple(f.loc["Школ (ОО)"]) for i, f in figures.items()}
    assert schools == {v1.load_id: ("3", "3"), v2.load_id: ("4", "3"), k.load_id: ("3", "—")}
    assert figures[k.load_id].loc["Обучающихся 6–11 кл.", "В сданной форме"] == "340"

    warned = up.warnings_of(dbp, list(subs["load_id"]))
    assert set(warned) == {k.load_id}  # only Королёв's form has warnings
    assert [(w.row, w.rule) for w in warned[k.load_id]] == [(4, "coverage_half_filled"), (5, "coverage_half_filled")]
    assert [w.row for w in up.warnings_of(dbp, [k.load_id], limit=1)[k.load_id]] == [4]


def test_an_empty_blank_is_rejected_for_the_municipality_its_title_names(submitted, tmp_path):
    """Щёлково sends its blank with no school in it: the tracker says «файл отклонён» for Щёлково, not «просрочено»."""
    f = fx.form_xlsx(tmp_path / "Щелково_готовность.xlsx",
                     ["Мониторинг готовности ОО за III квартал 2023 года", "городской округ Щёлково"],
                     ["Наименование ОО", "Всего обучающихся 6-11 классов", "Охвачено профминимумом"], [])
    r = load_at(submitted, f, datetime(2023, 9, 27, 9))
    assert r.status == "rejected"
    texts, states, _ = tr.matrix(submitted, "50", "2023-Q3", today=date(2023, 9, 28))
    assert (texts.loc["Щёлково", "Готовность ОО"], states.loc["Щёлково", "Готовность ОО"]) == (
        "файл отклонён 27.09.2023", "rejected")


def test_every_state_of_a_form_has_a_colour_of_its_own():
    """(tester round t82) «на проверке» and «сдано с опозданием, на проверке» had one colour in the table and on the
    map: a form 615 days late showed only as «проверка»."""
    from app import tracker as tr

    for colours in (tr.STATE_COLOURS, tr.MAP_COLOURS):
        assert set(colours) == set(tr.STATE_RU)
        same = {c for c in colours.values() if list(colours.values()).count(c) > 1}
        assert not same, same


def test_forms_waiting_in_other_periods_are_named_on_the_period_shown():
    """(tester round t82) A correction of IV кв. 2024 waited unseen while the page opened on I кв. 2025."""
    import pandas as pd

    from app import tracker as tr

    subs = pd.DataFrame({"load_id": [108, 109, 110], "kind": ["readiness", "agreements", "events"],
                         "period": ["2025-Q1", "2024-Q4", "2024-Q4"], "state": ["pending", "pending", "accepted"],
                         "municipalities": ["Химки", "Лобня", "Лобня"]})
    assert tr.waiting_elsewhere(subs, "2025-Q1") == "IV квартал 2024 г. — № 109 (Лобня, договоры о сетевом " \
                                                    "взаимодействии)"
    assert tr.waiting_elsewhere(subs, "2024-Q4") == "I квартал 2025 г. — № 108 (Химки, готовность ОО)"
