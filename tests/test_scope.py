"""A municipal coordinator sees their own municipalities only — enforced where the filters are made (every page,
query and export reads through `filters.clamp`), not by hiding widgets: tried through the sidebar, the URL, the
export page, the key figures' rows and the map."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import filters as F
from app import kpi, specs
from app import users as um
from tests.conftest import sql

ROOT = Path(__file__).resolve().parent.parent
PW = "Пароль-координатора-1"


@pytest.fixture
def coordinator(tmp_path, monkeypatch, small_db):
    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("MONITORING_DB", str(small_db))
    p = tmp_path / "secure" / "users.json"
    um.UserStore(p).add("himki", "Координатор Химок", "municipality", PW, ["г.о. Химки"])
    monkeypatch.setenv("MONITORING_USERS", str(p))
    return small_db


def signed_in(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.text_input(key="auth_login").set_value("himki")
    at.text_input(key="auth_password").set_value(PW)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_overview_counts_only_the_coordinators_municipality(coordinator):
    at = signed_in()
    schools = {m.label: m.value for m in at.metric}["Школ (ОО) в мониторинге"]
    n = sql(coordinator, "SELECT count(*) FROM readiness WHERE region = '50' AND period = '2023-Q4' "
                         "AND municipality = 'Химки'")[0][0]
    assert schools == str(n)
    sidebar = at.sidebar.multiselect(key=F.K_MUN)
    assert sidebar.options == ["Химки"]  # no other municipality is offered
    assert [s.options for s in at.sidebar.selectbox if s.key == F.K_REGION] == [["Московская область"]]


@pytest.mark.parametrize("query", [{"mun": "Королёв"}, {"region": "Сахалинская область"},
                                   {"region": "Сахалинская область", "mun": "Южно-Сахалинск"}])
def test_a_crafted_url_does_not_reach_another_municipality(coordinator, query):
    at = signed_in(query)
    text = "\n".join(c.value for c in at.caption)  # the filters line and every chart's source
    assert "Московская область" in text and "Химки" in text
    assert "Королёв" not in text and "Южно-Сахалинск" not in text and "Сахалинская" not in text
    n = sql(coordinator, "SELECT count(*) FROM readiness WHERE region = '50' AND period = '2023-Q4' "
                         "AND municipality = 'Химки'")[0][0]
    assert {m.label: m.value for m in at.metric}["Школ (ОО) в мониторинге"] == str(n)


def test_clamp_keeps_only_the_scope_whatever_is_asked():
    scope = ("Химки",)
    assert F.clamp(F.Filters("65", "2024-H1", ("Южно-Сахалинск",)), scope).municipalities == ("Химки",)
    assert F.clamp(F.Filters("65", "2024-H1"), scope).region == "50"
    assert F.clamp(F.Filters("50", "2023-Q4", ("Химки", "Королёв")), scope).municipalities == ("Химки",)
    assert F.clamp(F.Filters("50", "2023-Q4"), ()).municipalities == ()  # no scope: as asked


def test_rows_behind_a_card_and_the_map_hold_no_other_municipality(small_db):
    f = F.clamp(F.Filters("50", "2023-Q4"), ("Химки",))
    for frame in kpi.rows_behind(f, "schools", small_db).values():
        assert set(frame["Муниципалитет"]) == {"Химки"}
    data = specs.overview_map(f, small_db).data
    assert set(data["municipality"]) == {"Химки"}
    for key in ("readiness_levels", "agreements_municipalities", "events_municipalities"):
        spec = specs.spec_for(key, f, small_db)
        shown = set(spec.data[spec.x]) if not spec.empty else set()
        assert shown <= {"Химки"}, (key, shown)


def test_the_coordinator_has_no_analyst_page_and_the_export_offers_their_municipality_only(coordinator):
    at = signed_in()
    for path in ("pages/upload.py", "pages/history.py", "pages/tracker.py", "pages/users.py"):
        with pytest.raises(ValueError):
            at.switch_page(path)
    at.switch_page("pages/export.py").run()
    assert not at.exception
    assert at.multiselect(key="export_mun").options == ["Химки"]
    assert [s.options for s in at.selectbox if s.key == "export_region"] == [["Московская область"]]


def test_a_coordinator_needs_municipalities_and_they_are_canonical(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    store = um.UserStore(tmp_path / "u.json")
    with pytest.raises(um.UsersError, match="укажите его муниципалитеты"):
        store.add("x", "x", "municipality", PW, [])
    with pytest.raises(um.UsersError, match="не найден в справочнике"):
        store.add("y", "y", "municipality", PW, ["Нарния"])
    assert store.add("z", "z", "municipality", PW, ["городской округ Химки", "Мытищи"]).scope == ("Химки", "Мытищи")
    assert store.set_role("z", "viewer").scope == ()


def test_the_map_draws_no_other_municipality_and_counts_are_the_coordinators_own(small_db):
    from app import queries
    from app.charts import build_figure

    f = F.clamp(F.Filters("50", "2023-Q4"), ("Химки",))
    fig = build_figure(specs.overview_map(f, small_db))
    names = {c[0] for c in fig.data[0].customdata}
    assert names == {"Химки"}
    assert "Королёв" not in fig.to_json() and "Балашиха" not in fig.to_json()
    v = queries.version(str(small_db))
    state = queries.submission_state(str(small_db), v, "50", "2023-Q4", ("Химки",))
    assert (state["submitted"], state["expected"]) == (1, 1)  # nothing of the others' submissions
    assert queries.period_options(str(small_db), v, "50", ("Химки",)) == ["2023-Q4", "2023-Q3"]


def test_a_blank_or_listed_scope_in_a_hand_edited_file_never_opens_everything(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    p = tmp_path / "u.json"
    store = um.UserStore(p)
    store.add("a", "a", "municipality", PW, ["Химки"])
    data = json.loads(p.read_text(encoding="utf-8"))
    data["users"][0]["municipalities"] = " ; "
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert um.UserStore(p).get("a") is None  # no municipalities: no sign-in at all
    data["users"][0]["municipalities"] = ["Химки", " Мытищи "]
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert um.UserStore(p).get("a").scope == ("Химки", "Мытищи")


def test_a_coordinator_of_two_regions_reaches_each_of_them():
    scope = ("Химки", "Южно-Сахалинск")
    assert F.clamp(F.Filters("50", "2023-Q4"), scope).municipalities == ("Химки",)
    assert F.clamp(F.Filters("65", "2024-H1"), scope).municipalities == ("Южно-Сахалинск",)
    assert F.clamp(F.Filters("65", "2024-H1", ("Химки",)), scope).municipalities == ("Южно-Сахалинск",)


def test_the_coordinator_sees_their_own_forms_and_downloads_their_prefilled_form(coordinator):
    from app import nav

    assert "pages/my_forms.py" in [p.path for p in nav.pages_for("municipality")]
    assert all("pages/my_forms.py" not in [p.path for p in nav.pages_for(r)] for r in ("viewer", "analyst", "admin"))
    at = signed_in()
    at.switch_page("pages/my_forms.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="my_forms_period").set_value("2024-Q1").run()
    assert list(at.dataframe[0].value.index) == ["Химки"]  # no other municipality's state
    labels = [b.proto.label for b in at.get("download_button") if b.proto.label.startswith("Скачать форму")]
    assert labels and all("«Химки»" in x for x in labels), labels  # (and the blanks of every form)
