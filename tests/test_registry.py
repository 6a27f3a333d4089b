"""Municipality names as forms write them → the canonical unit; never a silent guess."""
import csv
import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from etl import config, registry
from etl.registry import Match, Registry, get_registry

REF = config.REFERENCE_DIR


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    return Registry.load(REF, aliases_path=tmp_path_factory.mktemp("rt") / "none.csv")


@pytest.mark.parametrize("text, expected", [
    ("Химки", "Химки"), ("Химки ", "Химки"), ("  химки", "Химки"), ("ХИМКИ", "Химки"),
    ("г.о. Химки", "Химки"), ("г. о. Химки", "Химки"), ("г.о.Химки", "Химки"), ("го Химки", "Химки"),
    ("ГО Химки", "Химки"), ("Химки г.о.", "Химки"), ("Городской округ Химки", "Химки"),
    ("городской  округ\xa0Химки", "Химки"), ("городского округа Химки", "Химки"), ("г. Химки", "Химки"),
    ("город Химки", "Химки"), ("м.о. Химки", "Химки"), ("Химки муниципальный округ", "Химки"),
    ("«Химки»", "Химки"), ('"Химки"', "Химки"), ("г.о. Химки Московской области", "Химки"),
    ("Одинцовский г.о.", "Одинцовский"), ("Одинцовский городской округ", "Одинцовский"),
    ("Одинцовский", "Одинцовский"), ("Одинцовского городского округа", "Одинцовский"),
    ("Одинцовский муниципальный округ", "Одинцовский"), ("Одинцовского муниципального округа", "Одинцовский"),
    ("муниципального округа Истра", "Истра"), ("Муниципальный округ Истра", "Истра"), ("Истринский район", "Истра"),
    ("муниципальное образование «Городской округ Химки»", "Химки"), ("Химки, Московская область", "Химки"), ("Одинцовский р-н", "Одинцовский"),
    ("Одинцовский район", "Одинцовский"), ("Одинцовский муниципальный район", "Одинцовский"),
    ("городской округ Королев", "Королёв"), ("Королёв", "Королёв"), ("КОРОЛЕВ", "Королёв"),
    ("Щелково", "Щёлково"), ("Звездный городок", "Звёздный городок"), ("ЗАТО Звёздный городок", "Звёздный городок"),
    ("ЗАТО городской округ Власиха", "Власиха"), ("Городской округ Власиха (ЗАТО)", "Власиха"),
    ("Лосино–Петровский", "Лосино-Петровский"), ("Лосино - Петровский", "Лосино-Петровский"),
    ("Сергиево-Посадский г.о.", "Сергиево-Посадский"), ("Серебряные Пруды", "Серебряные Пруды"),
    ("Городской округ «Город Южно-Сахалинск»", "Южно-Сахалинск"), ("г. Южно-Сахалинск", "Южно-Сахалинск"),
    ("Город Южно-Сахалинск (ГО)", "Южно-Сахалинск"), ("ГО «Александровск-Сахалинский район»", "Александровск-Сахалинский"),
    ("Александровск-Сахалинский район", "Александровск-Сахалинский"), ("МО «Ногликский городской округ»", "Ногликский"),
    ("Холмский г.о.", "Холмский"),
])
def test_match_spellings(reg, text, expected):
    m = reg.match(text)
    assert m is not None, text
    assert m.municipality == expected


def test_match_kinds_and_region(reg):
    assert reg.match("Химки") == Match("Химки", "50", "exact", 100.0)
    assert reg.match("Городской округ Химки").how == "exact"  # the official name
    assert reg.match("г.о. Химки").how == "normalized"
    assert reg.match("Видное").how == "alias"
    assert reg.match("Оха") == Match("Охинский", "65", "alias", 100.0)


@pytest.mark.parametrize("old, absorber", [
    ("Протвино", "Серпухов"), ("г.о. Пущино", "Серпухов"), ("Городской округ Электрогорск", "Павлово-Посадский"),
    ("Дзержинский", "Люберцы"), ("г. Дзержинский", "Люберцы"),
])
def test_merged_units_map_to_absorber(reg, old, absorber):
    m = reg.match(old, "50")
    assert (m.municipality, m.region_code, m.how) == (absorber, "50", "merged")


@pytest.mark.parametrize("alias, unit", [
    ("Ногинск", "Богородский"), ("Ногинский район", "Богородский"), ("Ногинский муниципальный район", "Богородский"),
    ("Ногинского района", "Богородский"), ("г. Видное", "Ленинский"), ("Видное", "Ленинский"),
    ("Одинцово", "Одинцовский"), ("Павловский Посад", "Павлово-Посадский"), ("Серпуховский район", "Серпухов"),
])
def test_reference_aliases(reg, alias, unit):
    m = reg.match(alias, "50")
    assert m.municipality == unit and m.how == "alias"


@pytest.mark.parametrize("alias, region, unit", [
    # (tester round t78: «Сев.-Курильский ГО» was offered as «Курильский» first, «Звенигород» as «Звёздный городок»,
    # «Рошаль» as «Электросталь», «Ивантеевка» asked to be spelt again)
    ("Сев.-Курильский ГО", "65", "Северо-Курильский"), ("Ю-Курильский р-н", "65", "Южно-Курильский"),
    ("Ю.-Сахалинск", "65", "Южно-Сахалинск"), ("г. Звенигород", "50", "Одинцовский"),
    ("Краснозаводск", "50", "Сергиево-Посадский"), ("Рошаль", "50", "Шатура"),
    ("г. Железнодорожный", "50", "Балашиха"), ("Электроугли", "50", "Богородский"), ("Ивантеевка", "50", "Пушкинский"),
])
def test_abbreviated_names_and_towns_within_a_municipality(reg, alias, region, unit):
    m = reg.match(alias, region)
    assert m is not None and m.municipality == unit, reg.suggest(alias, region)


def test_every_unit_and_alias_in_the_reference_resolves(reg):
    with open(REF / "municipalities.csv", encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    for u in units:
        for text in (u["municipality"], u["official_name"]):
            m = reg.match(text, u["region_code"])
            assert m is not None and m.region_code == u["region_code"], text
            assert m.municipality == (u["merged_into"] or u["municipality"])
    with open(REF / "aliases.csv", encoding="utf-8") as f:
        for a in csv.DictReader(f):
            m = reg.match(a["alias"], a["region_code"])
            assert m is not None and m.municipality == a["municipality"], a


def test_municipal_okrug_renaming_2025_matches_same_unit(reg):
    renamed = reg.municipalities("50").query("note == 'муниципальный округ с 2025-01-01'")["name"].tolist()
    assert len(renamed) == 14  # DOMAIN: fourteen Moscow Oblast units renamed from 2025
    for name in renamed:
        official = reg.municipalities("50").set_index("name").loc[name, "official_name"]
        new = official.replace("Городской округ", "Муниципальный округ").replace("городской округ", "муниципальный округ")
        assert reg.match(new).municipality == name


def test_unknown_names_do_not_match(reg):
    for text in ["Химкии", "Лист1", "Свод", "Итого", "Московская область", "городской округ", "", None, "МБОУ СОШ № 1"]:
        assert reg.match(text) is None, text


def test_name_of_another_region_is_returned_with_its_own_region(reg):
    # the pipeline reports it as «относится к другому региону»
    m = reg.match("Химки", "65")
    assert (m.municipality, m.region_code) == ("Химки", "50")
    assert reg.match("Холмск", "50").region_code == "65"


def test_region_preference_resolves_a_name_shared_by_two_regions(tmp_path):
    for f in ("regions.csv", "aliases.csv"):
        shutil.copy(REF / f, tmp_path / f)
    with open(REF / "municipalities.csv", encoding="utf-8") as f:
        text = f.read()
    # an invented unit of region 65 with a name that region 50 also has
    text += "65,Сахалинская область,Ленинский,Ленинский городской округ,городской округ,Ленино,47.0,142.0,,,,\n"
    (tmp_path / "municipalities.csv").write_text(text, encoding="utf-8")
    r = Registry.load(tmp_path, aliases_path=tmp_path / "rt.csv")
    assert r.match("Ленинский г.о.") is None  # ambiguous: never guess
    assert r.match("Ленинский г.о.", "50").region_code == "50"
    assert r.match("Ленинский г.о.", "65").region_code == "65"
    assert r.infer_region({"Ленинский", "Оха", "Холмск"}) == "65"


def test_fuzzy_is_never_used_by_match_but_suggested(reg):
    assert reg.match("Химкии") is None
    sug = reg.suggest("Химкии", "50")
    assert sug[0][:2] == ("Химки", "50")
    assert 80 <= sug[0][2] < 100
    assert len(sug) <= 3
    sug = reg.suggest("Адинцовский г.о.")
    assert sug[0][:2] == ("Одинцовский", "50")
    assert reg.suggest("Краногорск", limit=1) == [("Красногорск", "50", sug_score(reg, "Краногорск"))]
    assert all(0 <= s <= 100 for _, _, s in reg.suggest("Южно Сахалин"))
    assert reg.suggest("Южно Сахалин")[0][:2] == ("Южно-Сахалинск", "65")


def sug_score(reg, text):
    return reg.suggest(text, limit=1)[0][2]


def test_suggest_restricted_to_region_and_merged_to_absorber(reg):
    assert all(r == "65" for _, r, _ in reg.suggest("Холмскй", "65", limit=5))
    assert reg.suggest("Протвина")[0][:2] == ("Серпухов", "50")
    assert reg.suggest("") == []


def test_infer_region(reg):
    assert reg.infer_region({"г.о. Химки", "Королев", "Одинцовский г.о."}) == "50"
    assert reg.infer_region({"Оха", "Холмский г.о.", "Химки"}) == "65"
    assert reg.infer_region({"Оха", "Химки"}) is None  # a tie: unknown
    assert reg.infer_region({"нечто", ""}) is None
    assert reg.infer_region(set()) is None


@pytest.mark.parametrize("text, code", [
    ("50", "50"), (50, "50"), ("Московская область", "50"), ("московская обл.", "50"),
    ("Московской области", "50"), ("Сахалинская", "65"), ("Сахалинская область", "65"), ("65", "65"),
    ("77", None), ("Москва", None), ("МО", None), ("", None), (None, None),
])
def test_region_code(reg, text, code):
    assert reg.region_code(text) == code


def test_regions_and_cadence(reg):
    regions = {r["code"]: r for r in reg.regions()}
    assert set(regions) == {"50", "65"}
    assert regions["50"]["name"] == "Московская область" and regions["50"]["cadence"] == "quarter"
    assert regions["65"]["cadence"] == "half" and regions["65"]["order_no"] == "3.12-1264-р"
    assert {"code", "name", "short_name", "cadence", "ministry", "coordinator", "order_no", "order_date",
            "first_period"} <= set(regions["50"])
    assert reg.cadence("50") == "quarter"
    assert reg.cadence("Сахалинская область") == "half"
    assert reg.cadence(None) is None


def test_municipalities_frame(reg):
    df = reg.municipalities("65")
    assert len(df) == 18
    assert {"name", "official_name", "kind", "centre", "lat", "lon", "active"} <= set(df.columns)
    assert df["active"].all()
    mo = reg.municipalities("50").set_index("name")
    assert not mo.loc["Протвино", "active"] and mo.loc["Протвино", "merged_into"] == "Серпухов"
    assert mo.loc["Химки", "active"] and mo.loc["Химки", "centre"] == "Химки"
    assert 55 < mo.loc["Химки", "lat"] < 56 and 37 < mo.loc["Химки", "lon"] < 38
    assert "Протвино" not in reg.names("50") and "Серпухов" in reg.names("50")


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_add_alias_writes_runtime_file_not_repo(tmp_path, monkeypatch):
    runtime = tmp_path / "learned" / "aliases_learned.csv"
    monkeypatch.setenv("MONITORING_ALIASES", str(runtime))
    repo_before = {f: _sha(REF / f) for f in ("aliases.csv", "municipalities.csv", "regions.csv")}
    r = get_registry()
    assert r.match("Химкинская управа") is None
    path = r.add_alias("Химкинская управа", "Химки", "50")
    assert path == runtime and runtime.exists()
    assert {f: _sha(REF / f) for f in repo_before} == repo_before
    with open(runtime, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(x["alias"], x["municipality"], x["region_code"]) for x in rows] == [("Химкинская управа", "Химки", "50")]
    assert r.match("Химкинская управа") == Match("Химки", "50", "alias", 100.0)
    # a fresh registry (another process, the next run) knows it too
    r2 = get_registry()
    assert r2 is not r
    assert r2.match("химкинская  управа").municipality == "Химки"
    # a second alias is appended; re-confirming the same alias does not duplicate it
    r2.add_alias("Сахалин-центр", "Южно-Сахалинск", "Сахалинская область")
    r2.add_alias("Химкинская управа", "Химки", "50")
    with open(runtime, encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 2
    assert Registry.load(REF, runtime).match("Сахалин-центр").region_code == "65"


def test_add_alias_default_path_is_next_to_database(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITORING_ALIASES", raising=False)
    monkeypatch.setenv("MONITORING_DB", str(tmp_path / "db" / "m.duckdb"))
    assert registry.runtime_aliases_path() == tmp_path / "db" / "aliases_learned.csv"


def test_add_alias_refuses_wrong_input(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITORING_ALIASES", str(tmp_path / "a.csv"))
    r = get_registry()
    with pytest.raises(ValueError, match="Королёв"):
        r.add_alias("г.о. Королёв", "Химки", "50")  # a real unit's name cannot become another unit's alias
    with pytest.raises(ValueError, match="нет в справочнике"):
        r.add_alias("Новоград", "Новоград", "50")
    with pytest.raises(ValueError, match="регион"):
        r.add_alias("Новоград", "Химки", "99")
    with pytest.raises(ValueError):
        r.add_alias("  ", "Химки", "50")
    assert not (tmp_path / "a.csv").exists()


def test_concurrent_add_alias_loses_nothing(tmp_path):
    import os
    import subprocess
    import sys

    runtime = tmp_path / "aliases_learned.csv"
    code = ("import sys\nfrom etl.registry import Registry\n"
            "r = Registry.load(aliases_path=sys.argv[2])\n"
            "for i in range(15):\n    r.add_alias(f'Участок {sys.argv[1]}-{i}', 'Химки', '50')\n")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    procs = [subprocess.Popen([sys.executable, "-c", code, tag, str(runtime)], cwd=root, env=env)
             for tag in ("a", "b")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    with open(runtime, encoding="utf-8") as f:
        aliases = {r["alias"] for r in csv.DictReader(f)}
    assert len(aliases) == 30


@pytest.mark.parametrize("sheet, unit", [
    ("Городской округ Лосино-Петровск", "Лосино-Петровский"),
    ("Сергиево-Посадский городской ок", "Сергиево-Посадский"),
    ("Александровск-Сахалинский город", "Александровск-Сахалинский"),
])
def test_sheet_names_cut_at_31_characters(reg, sheet, unit):
    assert len(sheet[:31]) == 31
    assert reg.match(sheet[:31]).municipality == unit


def test_cut_names_are_completed_only_when_unique(reg):
    assert reg.match("Городской округ Лосино-Петровск") is not None  # 31 characters: a cut sheet name
    assert reg.match("Лосино-Петровск") is None  # shorter text is not a cut: no completion
    ambiguous = "Муниципальное образование Южно-"  # Южно-Сахалинск or Южно-Курильский
    assert len(ambiguous) == 31 and reg.match(ambiguous) is None
    assert reg.match("Мониторинг готовности ОО к реали"[:31]) is None
