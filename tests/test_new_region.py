"""A region added to the reference by an analyst (README «Новый регион»): its map is whole without a hand-made
layout, and a coordinator of a municipality whose name another region also has works in their own region."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import filters as F
from app import tilemap
from app import users as um
from etl import config, pipeline
from tests import _upload_fixtures as fx

ROOT = Path(__file__).resolve().parent.parent
PW = "Пароль-координатора-1"
UNITS = [  # (name, official name, kind, centre, lat, lon): Богородский is a Московская unit's name too
    ("Богородский", "Богородский муниципальный округ", "муниципальный округ", "Богородск", "56.10", "43.51"),
    ("Дальнеконстантиновский", "Дальнеконстантиновский муниципальный округ", "муниципальный округ",
     "Дальнее Константиново", "55.90", "44.08"),
    ("Кстовский", "Кстовский муниципальный округ", "муниципальный округ", "Кстово", "56.15", "44.20"),
    ("Нижний Новгород", "городской округ город Нижний Новгород", "городской округ", "Нижний Новгород", "56.33",
     "44.00"),
    ("Сокольский", "городской округ Сокольский", "городской округ", "Сокольское", "", ""),  # no coordinates yet
]


@pytest.fixture
def third_region(tmp_path, monkeypatch):
    """The product's reference with Нижегородская область added as README says: a line in regions.csv, its
    municipalities in municipalities.csv — and no tile layout."""
    ref = tmp_path / "reference"
    shutil.copytree(config.REFERENCE_DIR, ref)
    with open(ref / "regions.csv", "a", encoding="utf-8") as f:
        f.write("52,Нижегородская область,Нижегородская обл.,quarter,МОиН НО,НИРО,316-01-63-2150/23,"
                "2023-08-25,2023-Q3\n")
    with open(ref / "municipalities.csv", "a", encoding="utf-8") as f:
        for u in UNITS:
            f.write("52,Нижегородская область," + ",".join(u) + ",,,,\n")
    monkeypatch.setattr(config, "REFERENCE_DIR", ref)
    return ref


def test_a_new_regions_map_places_every_municipality_from_its_coordinates(third_region):
    grid = tilemap.load_grid("Нижегородская область")
    assert sorted(grid["municipality"]) == sorted(u[0] for u in UNITS)
    assert len(set(zip(grid["col"], grid["row"]))) == len(UNITS)  # a cell each
    cell = {m: (c, r) for m, c, r in zip(grid["municipality"], grid["col"], grid["row"])}
    assert cell["Богородский"][1] > cell["Нижний Новгород"][1]  # south of the city, as on the map
    fig = tilemap.tile_figure(pd.DataFrame({"municipality": ["Кстовский"], "v": [0.95]}), "52", "v",
                              percent=True, thresholds=(0.7, 0.9), value_label="Доля ОО")
    labels = {c[0]: t for c, t in zip(fig.data[0].customdata, fig.data[0].text)}
    long_label = labels["Дальнеконстантиновский"].split("<br>")[:2]  # two lines that fit a tile
    assert all(len(x) <= tilemap.LINE + 1 for x in long_label), long_label
    assert "".join(long_label).replace("-", "") == "Дальнеконстантиновский"
    assert tilemap.load_grid("50").equals(tilemap.load_grid("Московская область"))  # the tuned grid kept


def test_a_name_of_two_regions_asks_for_the_region_and_keeps_it(third_region, tmp_path, capsys):
    store = um.UserStore(tmp_path / "users.json")
    with pytest.raises(um.UsersError, match="есть в нескольких регионах .*Московская область — 50.*"
                                            "Нижегородская область — 52.*--region"):
        store.add("bog", "Координатор", "municipality", PW, ["Богородский"])
    rec = store.add("bog", "Координатор", "municipality", PW, ["Богородский"], region="Нижегородская область")
    assert rec.scope == ("52:Богородский",) and um.scope_label(rec.scope[0]) == "Богородский (Нижегородская область)"
    assert store.add("kst", "К", "municipality", PW, ["Кстовский муниципальный округ"]).scope == ("Кстовский",)
    with pytest.raises(um.UsersError, match="муниципалитет региона «Нижегородская область», а не «Московская"):
        store.add("x", "X", "municipality", PW, ["Кстовский"], region="50")
    f = F.clamp(F.Filters("50", "2023-Q4", ("Богородский",)), rec.scope)
    assert (f.region, f.municipalities) == ("52", ("Богородский",))
    assert "52:Богородский" in um.municipality_names() and "50:Богородский" in um.municipality_names()
    # the command line
    path = str(tmp_path / "cli.json")
    args = ["--file", path, "add", "b2", "--role", "municipality", "--municipality", "Богородский",
            "--password-stdin"]
    import io
    import sys

    sys.stdin = io.StringIO(PW + "\n")
    assert um.main(args) == 1 and "--region" in capsys.readouterr().err
    sys.stdin = io.StringIO(PW + "\n")
    assert um.main(args + ["--region", "52"]) == 0
    sys.stdin = sys.__stdin__
    assert um.main(["--file", path, "list"]) == 0
    assert "Богородский (Нижегородская область)" in capsys.readouterr().out


def test_the_coordinator_of_the_new_regions_unit_sees_its_own_schools(third_region, tmp_path, monkeypatch):
    db = tmp_path / "m.duckdb"
    rows = [("Богородский муниципальный округ", f"МБОУ СОШ № {i + 1}", "базовый", "да", 300 + i, 200 + i)
            for i in range(4)]
    form = fx.readiness_xlsx(tmp_path / "богородский.xlsx", rows,
                             title="Нижегородская область. Мониторинг готовности ОО за III квартал 2023 года")
    res = pipeline.load_file(form, db)
    assert res.status == "loaded" and res.region == "52", res.message
    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("MONITORING_DB", str(db))
    users = tmp_path / "secure" / "users.json"
    um.UserStore(users).add("bog", "Координатор", "municipality", PW, ["52:Богородский"])
    monkeypatch.setenv("MONITORING_USERS", str(users))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.text_input(key="auth_login").set_value("bog")
    at.text_input(key="auth_password").set_value(PW)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Школ (ОО) в мониторинге"] == "4"
    assert [s.options for s in at.sidebar.selectbox if s.key == F.K_REGION] == [["Нижегородская область"]]
    assert at.sidebar.multiselect(key=F.K_MUN).options == ["Богородский"]


def test_a_new_regions_blank_forms_and_the_period_help_speak_of_its_own_cadence(third_region, tmp_path):
    import openpyxl

    from app import upload as up
    from etl.blank_forms import write_blank_forms

    paths = write_blank_forms(tmp_path / "forms", region_code="52")
    wb = openpyxl.load_workbook(paths[0])
    text = "\n".join(str(c.value) for row in wb["Инструкция"].iter_rows() for c in row if c.value)
    assert "«за I квартал 2024 года» (Нижегородская область, ежеквартально)" in text
    assert "Сахалинская" not in text and "Московская" not in text
    assert "«Мои формы»" in text  # where a coordinator sends it
    assert "Нижегородская область — ежеквартально («I квартал 2024»)" in up.period_help()
    assert "раз в полгода («2-е полугодие 2023»)" in up.period_help()


def test_a_change_too_small_for_whole_percent_is_said_in_tenths_never_as_plus_zero():
    from etl.plausibility import _pct

    assert [_pct(x) for x in (0.0, 0.0004, 0.003, -0.0049, 0.126, -0.5)] == \
        ["±0 %", "±0 %", "+0,3 %", "−0,5 %", "+13 %", "−50 %"]


def test_a_municipality_line_of_the_readmes_eight_values_loads_and_a_misencoded_file_is_named(tmp_path, monkeypatch):
    """A line of municipalities.csv with the eight values README lists (no trailing «,,,,»): every load failed with
    «файл базы повреждён … пересобрать командой etl demo». A reference file saved by Russian Excel (cp1251, «;») is
    named with what to do, never «внутренняя ошибка»; one in UTF-8 with «;» is read."""
    from etl import reference
    from etl.errors_ru import message_for
    from etl.model import FileRejected

    ref = tmp_path / "reference"
    shutil.copytree(config.REFERENCE_DIR, ref)
    with open(ref / "municipalities.csv", "a", encoding="utf-8") as f:
        f.write("69,Тверская область,Тверь,Городской округ город Тверь,городской округ,Тверь,56.8587,35.9176\n")
    monkeypatch.setattr(config, "REFERENCE_DIR", ref)
    f = fx.readiness_xlsx(tmp_path / "Химки.xlsx", fx.clean_rows("Химки", 3))
    assert pipeline.load_file(f, tmp_path / "m.duckdb", region="50").status == "loaded"
    text = (ref / "regions.csv").read_text(encoding="utf-8").replace(",", ";")
    (ref / "regions.csv").write_bytes(text.encode("cp1251", errors="replace"))
    with pytest.raises(reference.ReferenceFileError) as e:
        pipeline.load_file(f, tmp_path / "m2.duckdb", region="50")
    assert message_for(e.value).startswith("Справочник «data/reference/regions.csv» сохранён не в кодировке UTF-8")
    # «CSV UTF-8» of Excel with Russian settings separates by «;»: read as it is (tester round t86 — the advice to
    # save it with commas could not be followed there)
    (ref / "regions.csv").write_text(text, encoding="utf-8")
    assert pipeline.load_file(f, tmp_path / "m3.duckdb", region="50").status == "loaded"


@pytest.mark.parametrize("title, muni", [("Готовность ОО города Химок, по состоянию на 01.10.2023", "Химки"),
                                         ("Сведения по школам г. Мытищ за IV квартал 2023 г.", "Мытищи")])
def test_a_municipality_named_in_another_case_in_the_title(tmp_path, title, muni):
    """«ОО города Твери», «школы г. Ржева»: a form with no municipality column whose title names the place in the
    genitive was refused («название листа и заголовок его не содержат»)."""
    f = fx.form_xlsx(tmp_path / "готовность.xlsx", [title],
                     ["Наименование ОО", "Уровень профминимума", "Обучающихся 6-11 классов, всего",
                      "из них охвачено профминимумом"],
                     [["МБОУ СОШ № 1", "базовый", 300, 280], ["МБОУ СОШ № 2", "основной", 200, 190]])
    p = pipeline.prepare(f, region="50")
    assert not [e for e in p.errors if e.rule == "no_municipality"], [e.message for e in p.errors]
    assert set(p.columns["municipality"]) == {muni}


@pytest.mark.parametrize("title, status, said", [
    # the region named in the title: its unit of the shared name (was refused «заголовок его не содержат»)
    ("Мониторинг готовности ОО Богородского муниципального округа Нижегородской области на 01.01.2025", "loaded",
     None),
    ("Нижегородская область, Богородский муниципальный округ, IV квартал 2024 г.", "loaded", None),
    # no region named: the shared name is said, the region asked for
    ("Богородский муниципальный округ, IV квартал 2024 г.", "rejected",
     "«Богородский» — муниципалитет нескольких регионов: Московская область (Богородский), Нижегородская область "
     "(Богородский); регион в форме не указан"),
    # the title's region has no such unit: never read as Московская область's (was loaded into it)
    ("Мониторинг готовности ОО городского округа Химки Нижегородской области, IV квартал 2024 г.", "rejected",
     "В заголовке или имени файла — Нижегородская область, а «Химки» в справочнике — муниципалитет региона "
     "Московская область"),
])
def test_a_municipality_named_only_in_the_title_is_read_in_the_titles_region(third_region, tmp_path, title, status,
                                                                             said):
    """Tester round t86 (Калужская область): the title's region was not used to read the municipality it names."""
    path = fx.form_xlsx(tmp_path / "готовность.xlsx", [title],
                        ["Наименование ОО", "Уровень", "Всего обучающихся 6–11 классов", "Охвачено профминимумом"],
                        [["МБОУ СОШ № 1", "базовый", 300, 250], ["МБОУ СОШ № 2", "базовый", 200, 150]])
    res = pipeline.load_file(path, tmp_path / "db.duckdb")
    assert res.status == status, [e.message for e in res.errors]
    if status == "loaded":
        assert (res.region, res.municipalities) == ("52", ["Богородский"])
    else:
        (e,) = res.errors
        assert e.message.startswith(said) and ("--region" in e.hint or "municipalities.csv" in e.hint)


def test_a_name_of_two_regions_in_a_column_or_on_the_command_line_asks_for_the_region(third_region, tmp_path, capsys):
    """Tester round t86: «Неизвестное муниципальное образование … «Богородский» (100 %), «Богородский» (100 %)»,
    «муниципалитеты не распознаны», and `etl forms --municipality` asking for the options it was given."""
    from etl.__main__ import main

    path = fx.form_xlsx(tmp_path / "готовность_2024-Q4.xlsx", ["Готовность ОО, IV квартал 2024 г."],
                        ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
                         "Охвачено профминимумом"], [["Богородский", "МБОУ СОШ № 1", 300, 250]])
    res = pipeline.load_file(path, tmp_path / "db.duckdb")
    said = {e.rule: e for e in res.errors}
    assert said["no_region"].message == ("Не удалось определить регион: муниципалитет «Богородский» есть в "
                                         "нескольких регионах (Московская область, Нижегородская область)")
    assert said["unknown_municipality"].message == ("Муниципальное образование с таким названием есть в нескольких "
                                                    "регионах: Московская область, Нижегородская область")
    assert main(["forms", "--out", str(tmp_path / "f"), "--municipality", "Богородский", "--period", "2024-Q4",
                 "--db", str(tmp_path / "db.duckdb")]) == 2
    assert capsys.readouterr().err.strip() == ("Ошибка: муниципалитет «Богородский» есть в нескольких регионах "
                                               "(Московская область, Нижегородская область): укажите регион (--region)")
