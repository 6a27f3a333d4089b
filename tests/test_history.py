"""«История загрузок»: who/when/file/checksum/status in Russian, the archived original, rollback with
confirmation (the previous version comes back) and its record in the audit log."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import _upload_fixtures as fx
from app import upload as up
from etl import db, pipeline


def load(dbp, path, who="ana", skip=False):
    return pipeline.commit(pipeline.prepare(path), dbp, skip_bad_rows=skip, loaded_by=who)


def q(dbp, sql):
    with db.read_connection(dbp) as con:
        return con.execute(sql).fetchall()


def history_page() -> AppTest:
    return fx.page_app("history.py")


def pick(at: AppTest):
    """The «Загрузка» picker (its key follows the loads' statuses)."""
    return next(s for s in at.selectbox if s.label == "Загрузка")


def test_history_table_in_russian(dbp, tmp_path):
    r1 = load(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)))
    bad = fx.readiness_xlsx(tmp_path / "плохой.xlsx", [("Химки", "СОШ", "средний", "да", 1, 1)])
    load(dbp, bad, who="boris")
    at = history_page()
    assert not at.exception
    t = at.dataframe[0].value
    # (which file and whether it is in use first: the status was off the screen at 1366 px, a tester's round)
    assert list(t.columns) == ["№", "Когда", "Файл", "Статус", "Вид формы", "Период", "Загружено строк",
                               "Отклонено строк", "Приёмка", "Кто", "Итог", "Регион", "Контрольная сумма"]
    first = t.iloc[-1]
    assert first["Кто"] == "ana" and first["Файл"] == "v1.xlsx" and first["Статус"] == "загружено"
    assert first["Контрольная сумма"] == pipeline.file_sha256(tmp_path / "v1.xlsx")[:12]
    assert first["Период"] == "III квартал 2023 г." and first["Регион"] == "Московская область"
    assert first["Вид формы"] == "готовность ОО" and first["Загружено строк"] == "3"
    assert t.iloc[0]["Статус"] == "отклонено" and t.iloc[0]["Отклонено строк"] == "1"
    # the newest (rejected) one is selected: no rollback for it; its original and its error report to send back
    assert not [b for b in at.button if b.label == "Откатить"]
    assert [b.proto.label for b in at.get("download_button")] == ["Скачать исходный файл",
                                                                   "Скачать отчёт об ошибках"]
    pick(at).set_value(r1.load_id).run()
    assert [b.proto.label for b in at.get("download_button")] == ["Скачать исходный файл"]  # nothing to report
    assert [b for b in at.button if b.label == "Откатить"]


def test_the_error_report_of_a_rejected_file_can_be_had_later(dbp, tmp_path):
    import io

    import openpyxl

    bad = fx.readiness_xlsx(tmp_path / "плохой.xlsx", [("Химки", "СОШ", "средний", "да", 1, 1)])
    r = load(dbp, bad)
    assert r.status == "rejected"
    (path,) = q(dbp, f"SELECT archive_path FROM loads WHERE load_id = {r.load_id}")[0]
    bad.unlink()  # the analyst's own copy is gone: the archived original is what the report is made of
    report = openpyxl.load_workbook(io.BytesIO(up.error_report(path, up.quarantine_of(dbp, r.load_id))))
    errors = report["Ошибки"]
    assert [c.value for c in errors[2]][:5] == ["Лист1", 3, "C «Уровень профминимума»", "средний",
                                                "Неизвестный уровень профминимума"]
    assert report["Лист1"]["C3"].comment.text.startswith("Неизвестный уровень профминимума")


def test_a_rolled_back_files_name_is_said_as_text(dbp, tmp_path):
    """A file name written as Markdown («**ОТКАТ** [ссылка](https:evil.example)») is never bold or a link in the
    rollback's notice: it is escaped as every other text from a file."""
    v = load(dbp, fx.readiness_xlsx(tmp_path / "**ОТКАТ** [ссылка](https:evil.example).xlsx",
                                    fx.clean_rows("Химки", 2, total=100)))
    at = history_page()
    at.checkbox(key=f"history_sure_{v.load_id}").check().run()
    at.button(key=f"history_rollback_{v.load_id}").click().run()
    assert not at.exception
    msg = at.success[0].value
    assert r"«\*\*ОТКАТ\*\* \[ссылка\](https" in msg, msg


def test_rollback_with_confirmation_brings_previous_version_back(dbp, tmp_path):
    v1 = load(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3, total=100)))
    v2 = load(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 2, total=500)))
    assert q(dbp, "SELECT count(*), sum(students_total) FROM readiness") == [(2, 1000)]
    at = history_page()
    assert pick(at).value == v2.load_id
    roll = at.button(key=f"history_rollback_{v2.load_id}")
    assert roll.disabled  # needs the confirmation first
    assert q(dbp, "SELECT status FROM loads ORDER BY load_id") == [("replaced",), ("loaded",)]
    at.checkbox(key=f"history_sure_{v2.load_id}").check().run()
    at.button(key=f"history_rollback_{v2.load_id}").click().run()
    assert not at.exception
    msg = at.success[0].value
    assert msg.startswith(f"Откат загрузки № {v2.load_id} («v2.xlsx»)")
    assert f"Вернулась предыдущая версия: загрузка № {v1.load_id} («v1.xlsx»)" in msg
    assert q(dbp, "SELECT load_id, status FROM loads ORDER BY load_id") == [(v1.load_id, "loaded"),
                                                                           (v2.load_id, "rolled_back")]
    assert q(dbp, "SELECT count(*), sum(students_total) FROM readiness") == [(3, 300)]
    assert q(dbp, "SELECT who, action, load_id FROM audit_log") == [("local", "rollback", v2.load_id)]
    audit = at.dataframe[-1].value
    assert audit.iloc[0]["Действие"] == "откат загрузки" and audit.iloc[0]["Кто"] == "локальный пользователь"
    t = at.dataframe[0].value
    assert t.set_index("№").loc[v2.load_id, "Статус"] == "отменено откатом"
    # the picker says so too, and keeps the load chosen (a tester's round: it still said «загружено»)
    assert pick(at).value == v2.load_id
    assert f"№ {v2.load_id} — v2.xlsx (отменено откатом)" in pick(at).options


def test_rollback_of_the_only_version_empties_that_submission(dbp, tmp_path):
    v1 = load(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)))
    msg = up.rollback(dbp, v1.load_id, who="ana")
    assert "Предыдущей версии этой сдачи нет" in msg
    assert q(dbp, "SELECT count(*) FROM readiness") == [(0,)]
    with pytest.raises(ValueError, match="нельзя откатить"):
        up.rollback(dbp, v1.load_id, who="ana")


def test_quarantine_of_a_load_is_shown(dbp, tmp_path):
    f = fx.readiness_xlsx(tmp_path / "q.xlsx", fx.clean_rows("Химки", 2) + [("Химки", "СОШ 9", "средний", "да", 1, 1)])
    r = load(dbp, f, skip=True)
    at = history_page()
    assert pick(at).value == r.load_id
    assert at.expander[0].label == "Замечания: ошибок — 1"  # (errors and warnings counted apart)
    probs = at.dataframe[1].value
    assert probs.iloc[0][["Строка", "Значение"]].tolist() == ["5", "средний"]


def test_a_load_of_several_periods_names_each_in_russian():
    assert up.period_ru("2023-H2, 2024-H1") == "2-е полугодие 2023 г., 1-е полугодие 2024 г."
    assert up.period_ru(None) == "не определён"


def test_a_load_without_a_period_kind_or_region_shows_a_dash_never_none():
    import pandas as pd

    nan = float("nan")  # (a NULL of the loads view comes to pandas as None or NaN)
    df = pd.DataFrame({"load_id": [2, 1], "loaded_at": [None, None], "loaded_by": ["ana", "ana"],
                       "file_name": ["Дорожная карта.xlsx", "письмо.docx"], "sha256": ["", ""],
                       "kind": ["roadmap", nan], "period": [nan, None], "region": ["50", nan],
                       "rows_loaded": [12, 0], "rows_rejected": [0, 0], "status": ["loaded", "rejected"],
                       "message": ["", ""]})
    t = up.history_display(df)
    assert list(t["Период"]) == ["—", "—"]
    assert list(t["Регион"]) == ["Московская область", "—"] and t["Вид формы"].iloc[1] == "—"
    assert not any(str(v).lower() in ("none", "nan") for v in t.to_numpy().ravel())


def test_rolling_back_a_replaced_load_says_the_pages_did_not_change(dbp, tmp_path):
    """A tester's round (06.12.2026): rolling back the replaced v1 said «Вернулась предыдущая версия: загрузка № v2»,
    though v2, the newer one, was on the pages all along; a regional file partly replaced since listed the newer
    municipal file among the versions that «came back». The journal and the CLI now keep the same full sentence."""
    v1 = load(dbp, fx.readiness_xlsx(tmp_path / "v1.xlsx", fx.clean_rows("Химки", 3)))
    v2 = load(dbp, fx.readiness_xlsx(tmp_path / "v2.xlsx", fx.clean_rows("Химки", 4)))
    msg = up.rollback(dbp, v1.load_id, who="ana")
    assert msg == (f"Откат загрузки № {v1.load_id} («v1.xlsx»). Данные этой загрузки на панели не показывались (их "
                   f"заменила загрузка № {v2.load_id} («v2.xlsx»)): панель не изменилась")
    assert q(dbp, "SELECT message FROM audit_log") == [(msg,)]
    # a regional file over two municipalities, Химки's part replaced since by Химки's own file
    both = load(dbp, fx.readiness_xlsx(tmp_path / "свод.xlsx", fx.clean_rows("Химки", 2) + fx.clean_rows("Лобня", 2)))
    mine = load(dbp, fx.readiness_xlsx(tmp_path / "химки_новый.xlsx", fx.clean_rows("Химки", 5)))
    msg = up.rollback(dbp, both.load_id, who="ana")
    # (Лобня's part had none; Химки's is still mine's — said as what did not change, not as a version come back:
    # a tester's round, 07.12.2026, read «данные этой загрузки убраны из панели» as Химки's gone too)
    assert msg == (f"Откат загрузки № {both.load_id} («свод.xlsx»). Предыдущей версии этой сдачи нет: данные этой "
                   f"загрузки убраны из панели в части «Лобня»; по «Химки» панель показывает загрузку "
                   f"№ {mine.load_id} («химки_новый.xlsx»), как и до отката")
    assert q(dbp, "SELECT municipality, count(*) FROM readiness GROUP BY 1") == [("Химки", 5)]
