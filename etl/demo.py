"""Realistic, messy demo submissions for both seed regions, and the truth they encode.

`generate(out_dir, scale=1.0, seed=2023) -> Truth` writes the monitoring forms a regional coordinator
actually receives (title rows, merged two-row headers, column-number rows, «Итого по г.о. X» subtotals,
footers, one sheet per municipality beside a «Свод» sheet, cp1251 csv with decimal commas, numbers as
text, yes/no and levels written every which way, old names of merged municipalities, the period only in
the title or only in the file name) and returns what a correct load must find in the database.

Every (kind, region, period, municipality) scope is written in exactly ONE file, so no file replaces another.

Ratio indicators of the effectiveness form (`coverage_share`, `diagnostics_share`, `probes_share`) are
always accompanied by their numerator and denominator indicators; when a form carries a percentage
column, its value is stored as written, in percent (0–100), and must never be summed or averaged —
rates are re-aggregated from the components (see `data/reference/indicators.csv`).
"""
from __future__ import annotations

import csv
import random
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from etl import periods, reference
from etl.model import col_letter

REGION_NAMES = {"50": "Московская область", "65": "Сахалинская область"}
LEVELS = ("базовый", "основной", "продвинутый")
PARTNER_TYPES = ("ВУЗ", "СПО", "индустриальный партнёр", "МОУО", "ОО", "иное")

# Plausible relative sizes (number of schools at scale 1 before normalisation). Merged units are listed
# under their own names; their schools belong to the absorbing unit (see `_canonical`).
MO_SIZES = {
    "Балашиха": 55, "Богородский": 30, "Бронницы": 4, "Власиха": 2, "Волоколамский": 14, "Воскресенск": 22,
    "Восход": 1, "Дзержинский": 6, "Дмитровский": 30, "Долгопрудный": 12, "Домодедово": 30, "Дубна": 12,
    "Егорьевск": 18, "Жуковский": 12, "Зарайск": 8, "Звёздный городок": 1, "Истра": 22, "Кашира": 12, "Клин": 20,
    "Коломна": 28, "Королёв": 24, "Котельники": 5, "Красногорск": 40, "Краснознаменск": 3, "Ленинский": 35,
    "Лобня": 8, "Лосино-Петровский": 6, "Лотошино": 5, "Луховицы": 12, "Лыткарино": 6, "Люберцы": 42,
    "Можайский": 18, "Молодёжный": 1, "Мытищи": 45, "Наро-Фоминский": 30, "Одинцовский": 60,
    "Орехово-Зуевский": 35, "Павлово-Посадский": 16, "Подольск": 52, "Протвино": 3, "Пушкинский": 30,
    "Пущино": 3, "Раменский": 45, "Реутов": 12, "Рузский": 13, "Сергиево-Посадский": 35, "Серебряные Пруды": 7,
    "Серпухов": 26, "Солнечногорск": 25, "Ступино": 25, "Талдомский": 10, "Фрязино": 8, "Химки": 45,
    "Черноголовка": 3, "Чехов": 22, "Шатура": 16, "Шаховская": 7, "Щёлково": 35, "Электрогорск": 3,
    "Электросталь": 18,
}
SAKH_SIZES = {
    "Южно-Сахалинск": 35, "Александровск-Сахалинский": 6, "Анивский": 7, "Долинский": 8, "Корсаковский": 10,
    "Курильский": 3, "Макаровский": 4, "Невельский": 7, "Ногликский": 4, "Охинский": 8, "Поронайский": 8,
    "Северо-Курильский": 2, "Смирныховский": 6, "Томаринский": 5, "Тымовский": 7, "Углегорский": 9,
    "Холмский": 10, "Южно-Курильский": 3,
}
TARGET_SCHOOLS = {"50": 1250, "65": 130}
ZATO = {"Власиха", "Восход", "Звёздный городок", "Краснознаменск", "Молодёжный"}
LAGGING = {"50": ["Шаховская", "Лотошино", "Серебряные Пруды", "Зарайск"], "65": ["Северо-Курильский", "Курильский"]}


PERSONS = ["Иванова И.И.", "Петрова А.С.", "Смирнова Е.В.", "Кузнецов Д.А.", "Соколова М.Н.", "Попова О.Г.",
           "Лебедева Т.П.", "Козлова Н.В.", "Новикова С.А.", "Морозов П.И.", "Волкова Л.Ю.", "Алексеева Ю.Р.",
           "Никитина В.К.", "Фёдорова Г.Е.", "Орлова К.Д.", "Макаров С.С.", "Захарова А.А.", "Зайцева Е.Н."]
VILLAGES = ["Ивановская", "Петровская", "Никольская", "Покровская", "Успенская", "Троицкая", "Ильинская",
            "Березовская", "Сосновская", "Дубровская", "Озерецкая", "Луговская", "Горская", "Каменская",
            "Заречная", "Полянская", "Речицкая", "Борисовская", "Михайловская", "Александровская", "Воронцовская",
            "Семёновская", "Лесная", "Ключевская", "Садовая", "Васильевская", "Марьинская", "Григорьевская"]
PARTNERS = {
    "50": {
        "ВУЗ": ["ГБОУ ВО МО «Академия социального управления»", "ФГБОУ ВО «Государственный университет просвещения»",
                "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "ГБОУ ВО МО «Технологический университет им. А.А. Леонова»",
                "ГОУ ВО МО «Государственный гуманитарно-технологический университет»", "ФГАОУ ВО «МФТИ»",
                "ГБОУ ВО МО «Университет «Дубна»"],
        "СПО": ["ГАПОУ МО «Подмосковный колледж «Энергия»", "ГБПОУ МО «Коломенский аграрный колледж»",
                "ГБПОУ МО «Серпуховский колледж»", "ГБПОУ МО «Орехово-Зуевский железнодорожный техникум»",
                "ГБПОУ МО «Красногорский колледж»", "ГБПОУ МО «Колледж «Подмосковье»", "ГБПОУ МО «Люберецкий техникум»"],
        "индустриальный партнёр": ["АО «Мособлгаз»", "АО «Мособлэнерго»", "ПАО «Туполев»", "АО «НПО Энергомаш»",
                                   "ООО «Вайлдберриз»", "АО «Корпорация «Тактическое ракетное вооружение»",
                                   "ГУП МО «Мострансавто»", "АО «Коломенский завод»"],
        "МОУО": ["Управление образования администрации городского округа"],
        "ОО": ["ГБОУ МО «Физико-математический лицей»", "МАОУ «Лицей № 1»", "ГБОУ МО «Президентский лицей»"],
        "иное": ["ГАУК МО «Музейное объединение»", "МБУК «Центральная библиотека»"],
    },
    "65": {
        "ВУЗ": ["ФГБОУ ВО «Сахалинский государственный университет»",
                "Филиал ФГБОУ ВО «ДВГУПС» в г. Южно-Сахалинске"],
        "СПО": ["ГБПОУ «Сахалинский техникум отраслевых технологий и сервиса»",
                "ГБПОУ «Сахалинский индустриальный техникум»", "ГБПОУ «Сахалинский базовый медицинский колледж»",
                "ГБПОУ «Сахалинский колледж искусств»", "ГБПОУ «Сахалинский техникум механизации сельского хозяйства»"],
        "индустриальный партнёр": ["ООО «Сахалинская Энергия»", "ПАО «Сахалинэнерго»", "АО «Сахалинское морское пароходство»",
                                   "ООО «Газпром добыча шельф Южно-Сахалинск»", "ООО «Гидрострой»",
                                   "АО «Сахалинская нефтяная компания»"],
        "МОУО": ["Департамент образования администрации городского округа"],
        "ОО": ["ГБОУ «Лицей № 1 г. Южно-Сахалинска»", "МАОУ «Гимназия № 3»"],
        "иное": ["ГБУК «Сахалинский областной краеведческий музей»"],
    },
}
PARTNER_TYPE_TEXT = {
    "ВУЗ": ["ВУЗ", "вуз", "образовательная организация высшего образования", "ВУЗ"],
    "СПО": ["колледж", "техникум", "СПО", "ПОО", "профессиональная образовательная организация"],
    "индустриальный партнёр": ["предприятие", "работодатель", "индустриальный партнёр", "Индустриальный партнер"],
    "МОУО": ["МОУО", "МОУО"],
    "ОО": ["школа", "ОО", "общеобразовательная организация"],
    "иное": ["иное", "иное"],
}
PARTNER_MIX = {"ВУЗ": 0.18, "СПО": 0.34, "индустриальный партнёр": 0.26, "МОУО": 0.06, "ОО": 0.12, "иное": 0.04}
LEVEL_TEXT = {
    "базовый": ["базовый", "Базовый уровень", "БАЗОВЫЙ", " базовый ", "Базовый"],
    "основной": ["основной", "ОСНОВНОЙ", "Основной уровень", "основной ", "Основной"],
    "продвинутый": ["продвинутый", " продвинутый ", "Продвинутый уровень", "ПРОДВИНУТЫЙ"],
}
EVENT_LEVEL_TEXT = {"федеральный": ["федеральный", "Федеральный", "федеральный уровень"],
                    "региональный": ["региональный", "Региональный", "региональный уровень"],
                    "муниципальный": ["муниципальный", "Муниципальный", "муниципальный уровень"]}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FOOTERS = ["Исполнитель: {p}, тел. 8 (498) 602-{n:02d}-{m:02d}", "Исполнитель: {p}",
           "Примечание: данные представлены муниципальным органом управления образованием"]

# Written variants of each catalogue event (data/reference/events.csv); the truth is keyed by the catalogue name.
EVENT_TEXT = {
    "Профориентационный фестиваль «Путь навыков»": ["Фестиваль «Путь навыков»", "Профориентационный фестиваль «Путь навыков»",
                                                   "«Путь навыков»"],
    "Территориальное родительское онлайн-собрание по профориентации": [
        "Территориальное родительское собрание 27.08.2023", "Родительское онлайн-собрание 27.08.2023",
        "Территориальное родительское онлайн-собрание по профориентации"],
    "Всероссийское родительское собрание по профориентации 14.09.2023": [
        "Всероссийское родительское собрание 14.09.2023", "Родительское собрание 14.09.2023"],
    "Всероссийское родительское собрание по профориентации 21.03.2024": [
        "Всероссийское родительское собрание 21.03.2024", "Родительское собрание 21.03.2024"],
    "Профессиональные пробы": ["Профпробы", "Профессиональные пробы", "Профессиональные пробы на базе колледжей"],
    "Экскурсии на предприятия": ["Экскурсии на предприятия", "Экскурсии на предприятия региона"],
    "Вебинары и конференции для педагогов": ["Вебинары для педагогов", "Вебинары и конференции для педагогов"],
    "Всероссийский открытый урок «Шоу профессий»": ["Всероссийский открытый урок «Шоу профессий»", "«Шоу профессий»"],
    "Региональный чемпионат «Профессионалы»": ["Региональный чемпионат «Профессионалы»", "Чемпионат «Профессионалы»"],
    "Ярмарка профессий «Сахалин — мои горизонты»": ["Ярмарка профессий «Сахалин — мои горизонты»", "Ярмарка профессий"],
}
PUT = "Профориентационный фестиваль «Путь навыков»"
PROBES, EXCURSIONS = "Профессиональные пробы", "Экскурсии на предприятия"
WEBINARS, SHOW = "Вебинары и конференции для педагогов", "Всероссийский открытый урок «Шоу профессий»"
PM_27, PM_14, PM_21 = ("Территориальное родительское онлайн-собрание по профориентации",
                       "Всероссийское родительское собрание по профориентации 14.09.2023",
                       "Всероссийское родительское собрание по профориентации 21.03.2024")
PROF, FAIR = "Региональный чемпионат «Профессионалы»", "Ярмарка профессий «Сахалин — мои горизонты»"

# Indicators written by the effectiveness forms (codes of data/reference/indicators.csv).
EFF_COUNTS = ["students_total", "students_covered", "diagnostics_done", "probes_done", "excursions_done",
              "parents_involved", "teachers_dpo", "teachers_briefed", "rmg_lessons", "orientiry_passed",
              "orientiry_high"]
EFF_RATIOS = {"coverage_share": ("students_covered", "students_total"),
              "diagnostics_share": ("diagnostics_done", "students_total"),
              "probes_share": ("probes_done", "students_total")}


# ----------------------------------------------------------------------------------------------- truth

@dataclass
class ReadinessAgg:
    schools: int = 0
    students_total: int = 0
    students_covered: int = 0
    levels: Counter = field(default_factory=Counter)
    responsible: int = 0
    plan: int = 0
    bvb: int = 0
    navigators_pos: int = 0
    navigators: int = 0


@dataclass
class Truth:
    """What a correct load of the generated files must show in the contract views.

    Keys use canonical names: region code, canonical period, canonical (absorbing) municipality,
    catalogue event name, indicator code, canonical partner type.
    """

    readiness: dict[tuple[str, str, str], ReadinessAgg] = field(default_factory=dict)  # (region, period, muni)
    agreements: dict[tuple[str, str, str], Counter] = field(default_factory=dict)  # -> partner_type counts
    events: dict[tuple[str, str, str, str], list[int]] = field(default_factory=dict)  # (.., event) -> [s, p, t]
    effectiveness: dict[tuple[str, str, str, str], float] = field(default_factory=dict)  # (.., indicator) -> v
    files: list[dict] = field(default_factory=list)  # {path, kind, region, period, municipalities, shape}
    rows: Counter = field(default_factory=Counter)  # kind -> records a correct load stores

    def periods(self, region: str) -> list[str]:
        return sorted({k[1] for k in self.readiness if k[0] == region})

    def municipalities(self, region: str, period: str) -> list[str]:
        return sorted(k[2] for k in self.readiness if k[0] == region and k[1] == period)

    def readiness_rows(self) -> list[tuple]:
        """(region, period, municipality, schools, students_total, students_covered, базовый, основной,
        продвинутый, responsible, plan, bvb, navigators_pos, navigators) sorted."""
        return sorted((*k, a.schools, a.students_total, a.students_covered, a.levels["базовый"],
                       a.levels["основной"], a.levels["продвинутый"], a.responsible, a.plan, a.bvb,
                       a.navigators_pos, a.navigators) for k, a in self.readiness.items())

    def agreement_rows(self) -> list[tuple]:
        """(region, period, municipality, partner_type, count) sorted."""
        return sorted((*k, t, n) for k, c in self.agreements.items() for t, n in c.items() if n)

    def event_rows(self) -> list[tuple]:
        """(region, period, municipality, event, students, parents, teachers) sorted."""
        return sorted((*k, *v) for k, v in self.events.items())

    def effectiveness_rows(self) -> list[tuple]:
        """(region, period, municipality, indicator_code, value) sorted."""
        return sorted((*k, v) for k, v in self.effectiveness.items())


# ----------------------------------------------------------------------------------------------- helpers

def _municipality_table() -> list[dict]:
    return list(reference.rows("municipalities.csv"))


def region_periods(region: str, scale: float) -> list[str]:
    """Monitoring periods of the demo: MO quarterly 2023-Q3…2024-Q4, Sakhalin half-yearly 2023-H2…2024-H2;
    benchmark scales (≥ 8) add 2025 up to 8 quarters / 4 halves."""
    if region == "50":
        out = ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
        return out + (["2025-Q1", "2025-Q2"] if scale >= 8 else [])
    out = ["2023-H2", "2024-H1", "2024-H2"]
    return out + (["2025-H1"] if scale >= 8 else [])


def _period_parts(p: str) -> tuple[int, str, int]:
    return int(p[:4]), p[5], int(p[6])


def period_end(p: str) -> date:
    y, k, n = _period_parts(p)
    months = 3 if k == "Q" else 6
    m = n * months + 1
    return (date(y + 1, 1, 1) if m > 12 else date(y, m, 1)) - timedelta(days=1)


def period_start(p: str) -> date:
    y, k, n = _period_parts(p)
    return date(y, (n - 1) * (3 if k == "Q" else 6) + 1, 1)


def asof(p: str) -> date:
    """«по состоянию на» date of a period: the day after it ends."""
    return period_end(p) + timedelta(days=1)


def period_title(p: str, rng: random.Random) -> str:
    y, k, n = _period_parts(p)
    if k == "Q":
        return rng.choice([f"за {ROMAN[n]} квартал {y} года", f"за {ROMAN[n]} квартал {y} г.",
                           f"по состоянию на {asof(p):%d.%m.%Y}", f"по состоянию на {asof(p):%d.%m.%Y} г."])
    return rng.choice([f"за {n}-е полугодие {y} года", f"за {ROMAN[n]} полугодие {y} г.",
                       f"по состоянию на {asof(p):%d.%m.%Y}"])


def period_cell(p: str, rng: random.Random) -> str:
    """A period as written in a «Период» column."""
    y, k, n = _period_parts(p)
    if k == "Q":
        return rng.choice([p, f"{ROMAN[n]} квартал {y} г.", f"{n} квартал {y}", f"{ROMAN[n]} квартал {y} года"])
    return rng.choice([p, f"{n} полугодие {y} г.", f"{ROMAN[n]} полугодие {y} года", f"{n}-е полугодие {y} г."])


def _spell_num(v: int, rng: random.Random, csv_mode: bool = False) -> Any:
    """Numbers as the forms write them: a number, text with (non-breaking) spaces, «-» for zero."""
    if v == 0:
        return rng.choice(["-", "-", 0, "0", "–"])
    r = rng.random()
    if r < 0.5 and not csv_mode:
        return v
    s = f"{v:,}".replace(",", rng.choice([" ", "\u00a0"]) if v >= 1000 else "")
    return s if r < 0.95 else s + " "


def _spell_yes(v: bool, rng: random.Random, csv_mode: bool = False) -> Any:
    if v:
        return rng.choice(["да", "Да", "ДА", "+", "1", "имеется", "да "] + ([] if csv_mode else [1]))
    return rng.choice(["нет", "Нет", "0", "отсутствует", "НЕТ"] + ([] if csv_mode else ["−", 0]))


def _spell_muni(canon: str, row: dict, rng: random.Random) -> str:
    """A municipality as forms write it: «г.о. Химки», «Одинцовский г.о.», «городской округ Королев»…"""
    official = row["official_name"]
    opts = [canon, canon, official]
    if row["region_code"] == "50":
        if official.lower().startswith("городской округ"):
            opts += [f"г.о. {canon}", f"городской округ {canon}", f"г.о. {canon} ", f"Городской округ {canon}"]
        elif "городской округ" in official:
            opts += [f"{canon} г.о.", f"{canon} городской округ"]
    else:
        if "городской округ" in official:
            opts += [f"{canon} городской округ", f"{canon} ГО"]
    s = rng.choice(opts)
    if rng.random() < 0.3:
        s = s.replace("ё", "е").replace("Ё", "Е")
    return s


def _inn(region: str, n: int) -> str:
    """A 10-digit INN of a legal entity with a valid check digit."""
    body = f"{region}{(n * 7919) % 100:02d}{n % 100000:05d}"[:9]
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return body + str(sum(int(d) * k for d, k in zip(body, w)) % 11 % 10)


def _largest_remainder(weights: dict[str, float], total: int, minimum: int = 1) -> dict[str, int]:
    s = sum(weights.values())
    raw = {k: max(minimum, total * w / s) for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = total - sum(out.values())
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[:max(rest, 0)]:
        out[k] += 1
    return out


# ----------------------------------------------------------------------------------------------- world model

@dataclass
class School:
    sid: int
    region: str
    unit: str  # the municipality the school belonged to originally (may be merged later)
    name: str
    inn: str
    students: int
    level: int
    responsible: bool
    plan: bool
    navigators: int
    bvb: bool
    coverage: float
    person: str
    agreements: list = field(default_factory=list)  # (partner_type, partner_name, number, signed_on)


class World:
    """Schools of both regions and their state in each period (deterministic for a seed)."""

    def __init__(self, scale: float, seed: int):
        self.scale, self.seed = scale, seed
        self.rng = random.Random(seed)
        self.ref = {r["municipality"]: r for r in _municipality_table()}
        self.units: dict[str, list[str]] = {}
        self.schools: list[School] = []
        self.lagging = {m for ms in LAGGING.values() for m in ms}
        self._build()

    def existed(self, unit: str, period: str) -> bool:
        """A unit merged since still existed in a period when it existed on the period's last day."""
        valid_to = self.ref[unit].get("valid_to")
        return not valid_to or period_end(period) <= date.fromisoformat(valid_to)

    def canonical(self, unit: str, period: str) -> str:
        """The canonical municipality of a unit, as the registry matches names: a unit merged since
        (Протвино, Пущино, Электрогорск, Дзержинский) counts under the unit that absorbed it in every period,
        so series compare on today's borders."""
        return self.ref[unit].get("merged_into") or unit

    def display(self, unit: str, period: str) -> str:
        """The name a form of the period uses: its own name while the unit exists; old names linger in forms
        for a while after a merger (Протвино, Пущино in 2023; Электрогорск in 2024-Q1)."""
        target = self.ref[unit].get("merged_into")
        if not target or self.existed(unit, period):
            return unit
        lingers = {"Протвино": "2024", "Пущино": "2024", "Электрогорск": "2024-Q2"}.get(unit, "")
        return unit if period < lingers else target

    def later_merged(self, unit: str) -> bool:
        """A unit merged since: the demo names it only in a municipality column (its schools are listed
        among the absorbing unit's in sheet-per-municipality files)."""
        return bool(self.ref[unit].get("merged_into"))

    def _build(self) -> None:
        rng = self.rng
        for region, sizes in (("50", MO_SIZES), ("65", SAKH_SIZES)):
            known = [m for m, r in self.ref.items() if r["region_code"] == region]
            sizes = {m: w for m, w in sizes.items() if m in self.ref}
            for m in known:  # any unit missing from the size table gets a modest size
                sizes.setdefault(m, 8)
            counts = _largest_remainder(sizes, max(len(sizes), round(TARGET_SCHOOLS[region] * self.scale)))
            self.units[region] = sorted(sizes)
            numbering: Counter = Counter()
            villages: dict[str, list[str]] = {}
            sid = len(self.schools)
            for unit in sorted(sizes):
                group = self.ref[unit].get("merged_into") or unit
                villages.setdefault(group, rng.sample(VILLAGES, len(VILLAGES)))
                rural = sizes[unit] <= 16 and unit not in ZATO or region == "65" and unit != "Южно-Сахалинск"
                lag = unit in self.lagging
                for _ in range(counts[unit]):
                    sid += 1
                    name = self._school_name(group, unit, rural, numbering, villages[group], rng)
                    students = rng.randint(35, 420) if rural and rng.random() < 0.6 else rng.randint(280, 1350)
                    lvl = 0 if rng.random() < (0.8 if lag else 0.66) else (1 if rng.random() < 0.85 else 2)
                    s = School(
                        sid, region, unit, name, _inn(region, sid), students, lvl,
                        responsible=rng.random() < (0.7 if lag else 0.93), plan=rng.random() < (0.55 if lag else 0.85),
                        navigators=rng.choice([0, 0, 1, 1, 2, 3]) if lag else rng.choice([0, 1, 1, 2, 2, 3, 4]),
                        bvb=lvl > 0 or rng.random() < 0.4, coverage=rng.uniform(0.62, 0.85) if lag else rng.uniform(0.84, 0.97),
                        person=rng.choice(PERSONS))
                    self.schools.append(s)

    @staticmethod
    def _school_name(group: str, unit: str, rural: bool, numbering: Counter, villages: list[str],
                     rng: random.Random) -> str:
        suffix = f" г. {unit}" if unit != group else ""
        if rural and villages and rng.random() < 0.45:
            v = villages.pop()
            return rng.choice([f"МБОУ {v} СОШ", f"МОУ «{v} средняя общеобразовательная школа»",
                               f"МБОУ «{v} ООШ»"]) + suffix
        numbering[group] += 1
        n = numbering[group]
        kind = rng.random()
        if kind < 0.55:
            base = rng.choice([f"МБОУ СОШ № {n}", f"МАОУ СОШ № {n}", f"МОУ СОШ № {n}",
                               f"МБОУ «Средняя общеобразовательная школа № {n}»"])
        elif kind < 0.72:
            base = rng.choice([f"МАОУ «Лицей № {n}»", f"МБОУ Лицей № {n}"])
        elif kind < 0.88:
            base = rng.choice([f"МБОУ «Гимназия № {n}»", f"МАОУ Гимназия № {n}"])
        elif kind < 0.96:
            base = f"МАОУ «Образовательный центр № {n}»"
        else:
            base = f"МБОУ «Школа № {n}»"
        return base + suffix

    def evolve(self, region: str, period: str, first: bool) -> None:
        """Advance every school of the region by one period: readiness, coverage, levels, agreements."""
        rng = self.rng
        new_year = period[5:] in ("Q3", "H2") and not first
        for s in self.schools:
            if s.region != region:
                continue
            lag = s.unit in self.lagging
            if not first:
                up = 0.05 if lag else 0.12
                if s.level == 0 and rng.random() < up:
                    s.level = 1
                elif s.level == 1 and rng.random() < up / 3:
                    s.level = 2
                if not s.responsible and rng.random() < (0.3 if lag else 0.7):
                    s.responsible = True
                if not s.plan and rng.random() < (0.25 if lag else 0.6):
                    s.plan = True
                if rng.random() < (0.2 if lag else 0.35):
                    s.navigators += rng.choice([1, 1, 2])
                s.bvb = s.bvb or s.level > 0 or rng.random() < 0.3
                s.coverage = min(1.0, s.coverage + rng.uniform(0.0, 0.03 if lag else 0.045))
            if new_year:
                s.students = max(20, round(s.students * rng.uniform(0.97, 1.05)))
            if rng.random() < 0.05:
                s.person = rng.choice(PERSONS)
            # agreements signed during the period
            start, end = period_start(period), period_end(period)
            n_new = (1 + (rng.random() < 0.5) if first else int(rng.random() < (0.18 if lag else 0.4)))
            if first and lag and rng.random() < 0.4:
                n_new = 0
            for _ in range(n_new):
                t = rng.choices(list(PARTNER_MIX), weights=list(PARTNER_MIX.values()))[0]
                signed = start + timedelta(days=rng.randrange((end - start).days + 1))
                if first:  # the roadmap asks for agreements by 15.09.2023
                    signed = date(start.year, 8, 20) + timedelta(days=rng.randrange(26))
                no = f"{len(s.agreements) + 1}{rng.choice(['-СВ', '/СВ', '-ДС', ''])}-{s.sid % 1000}"
                s.agreements.append((t, rng.choice(PARTNERS[s.region][t]), no, signed))

    def covered(self, s: School) -> int:
        return min(s.students, round(s.students * s.coverage))


# ----------------------------------------------------------------------------------------------- writers

class Formula:
    """A cell with an Excel formula and its cached value (what a reader without Excel sees)."""

    def __init__(self, expr: str, value: Any):
        self.expr, self.value = expr, value


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based)
    header_rows: tuple[int, ...] = ()
    widths: dict[int, float] = field(default_factory=dict)
    freeze: int | None = None


def write_xlsx(path: Path, sheets: list[SheetSpec]) -> None:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1})
    bold = wb.add_format({"bold": True})
    datef = wb.add_format({"num_format": "dd.mm.yyyy"})
    for sp in sheets:
        ws = wb.add_worksheet(sp.name)
        merged_first = {(r0, c0): (r0, c0, r1, c1) for r0, c0, r1, c1 in sp.merges}
        covered = {(r, c) for r0, c0, r1, c1 in sp.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        hdr = set(sp.header_rows)
        for ri, row in enumerate(sp.rows):
            fmt = head if ri in hdr else None
            for ci, v in enumerate(row):
                if (ri, ci) in merged_first:
                    r0, c0, r1, c1 = merged_first[(ri, ci)]
                    ws.merge_range(r0, c0, r1, c1, v if v is not None else "", fmt or bold)
                    continue
                if (ri, ci) in covered or v is None:
                    continue
                if isinstance(v, Formula):
                    ws.write_formula(ri, ci, v.expr, fmt, v.value)
                elif isinstance(v, (date, datetime)):
                    ws.write_datetime(ri, ci, datetime(v.year, v.month, v.day), datef)
                elif isinstance(v, str):
                    ws.write_string(ri, ci, v, fmt)
                else:
                    ws.write_number(ri, ci, v, fmt)
        for c, w in sp.widths.items():
            ws.set_column(c, c, w)
        if sp.freeze:
            ws.freeze_panes(sp.freeze, 0)
    wb.close()


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "cp1251") -> None:
    """A csv as a Russian Excel saves it: cp1251, `;`, decimal commas."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, Formula):
            v = v.value
        if isinstance(v, float):
            return f"{v:.1f}".replace(".", ",")
        if isinstance(v, (date, datetime)):
            return f"{v:%d.%m.%Y}"
        return str(v)

    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        for r in rows:
            w.writerow([cell(v) for v in r])


def _sheet_name(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text.strip()[:31]


# ----------------------------------------------------------------------------------------------- generator

class Generator:
    def __init__(self, out_dir: Path, scale: float, seed: int, progress: Callable[[float, str], None] | None):
        self.out = Path(out_dir)
        self.scale = scale
        self.world = World(scale, seed)
        self.rng = random.Random(seed + 1)
        self.truth = Truth()
        self.say = progress or (lambda f, t: None)
        self.big = scale > 4
        self.written: set[Path] = set()
        self.period = ""
        self.probes_so_far: dict[tuple[str, str], tuple[str, int]] = {}  # (region, school) → (school year, pupils)

    # ---- bookkeeping
    def schools_of(self, region: str, period: str) -> dict[str, list[School]]:
        """Canonical municipality -> schools (in a stable order) reported in the period."""
        out: dict[str, list[School]] = defaultdict(list)
        for s in self.world.schools:
            if s.region == region:
                out[self.world.canonical(s.unit, period)].append(s)
        return dict(sorted(out.items()))

    def display_unit(self, s: School, period: str) -> str:
        """The unit name a form uses for the school (old names of merged units while they were in use)."""
        return self.world.display(s.unit, period)

    def record(self, path: Path, kind: str, region: str, period: str, munis: list[str], shape: str) -> None:
        self.truth.files.append({"path": str(path), "kind": kind, "region": region, "period": period,
                                 "municipalities": sorted(munis), "shape": shape})

    def fname(self, region: str, *parts: str, ext: str = "xlsx") -> Path:
        """A file in <region>/<period>/ (the folder is for people; the pipeline reads only the file name)."""
        sub = self.out / ("Московская_область" if region == "50" else "Сахалинская_область") / self.period
        path = sub / ("_".join(p.replace(" ", "_") for p in parts if p) + "." + ext)
        assert path not in self.written, f"two demo files would share the name {path}"
        self.written.add(path)
        return path

    # ---- main
    def run(self) -> Truth:
        w = self.world
        plan = [(r, p) for r in ("50", "65") for p in region_periods(r, self.scale)]
        firsts = {r: True for r in ("50", "65")}
        for i, (region, period) in enumerate(plan):
            self.say(0.9 * i / len(plan), f"{REGION_NAMES[region]}, {period}")
            w.evolve(region, period, firsts[region])
            if region == "65" and not firsts[region]:  # a half-year is two quarters of progress
                w.evolve(region, period, False)
            firsts[region] = False
            self.period = period
            by_muni = self.schools_of(region, period)
            self.readiness(region, period, by_muni)
            self.agreements(region, period, by_muni)
            ev = self.events(region, period, by_muni)
            self.effectiveness(region, period, by_muni, ev)
        self.say(1.0, "Готово")
        return self.truth

    def _split(self, munis: list[str], sizes: list[int]) -> list[list[str]]:
        """Shuffle municipalities and cut them into groups of the given sizes (the rest is the last group)."""
        ms = munis[:]
        self.rng.shuffle(ms)
        out, i = [], 0
        for n in sizes:
            out.append(ms[i:i + n])
            i += n
        out.append(ms[i:])
        return out

    # ---- readiness
    def _school_truth(self, region: str, period: str, muni: str, schools: list[School]) -> None:
        a = self.truth.readiness.setdefault((region, period, muni), ReadinessAgg())
        for s in schools:
            a.schools += 1
            a.students_total += s.students
            a.students_covered += self.world.covered(s)
            a.levels[LEVELS[s.level]] += 1
            a.responsible += s.responsible
            a.plan += s.plan
            a.bvb += s.bvb
            a.navigators_pos += s.navigators > 0
            a.navigators += s.navigators
        self.truth.rows["readiness"] += len(schools)

    def _readiness_cells(self, s: School, csv_mode: bool = False) -> list[Any]:
        rng = self.rng
        resp = (s.person if rng.random() < 0.6 else _spell_yes(True, rng, csv_mode)) if s.responsible \
            else rng.choice(["нет", "Нет", "отсутствует"])
        return [s.name, s.inn if rng.random() < 0.85 or csv_mode else int(s.inn),
                rng.choice(LEVEL_TEXT[LEVELS[s.level]]), resp, _spell_yes(s.plan, rng, csv_mode),
                _spell_num(s.students, rng, csv_mode), _spell_num(self.world.covered(s), rng, csv_mode),
                _spell_num(s.navigators, rng, csv_mode), _spell_yes(s.bvb, rng, csv_mode)]

    def readiness(self, region: str, period: str, by_muni: dict[str, list[School]]) -> None:
        named = [m for m in by_muni if not self.world.later_merged(m)]  # may be named by a sheet or file name
        if region == "50":
            singles, sheets = self._split(named, [2, 12])[:2]
        else:
            singles, sheets = self._split(named, [1, 5])[:2]
        csvs, rest = self._split([m for m in by_muni if m not in singles + sheets], [6 if region == "50" else 0])
        for m in singles:
            self._readiness_single(region, period, m, by_muni[m])
        if sheets:
            self._readiness_sheets(region, period, sheets, by_muni)
        if csvs:
            self._readiness_csv(region, period, csvs, by_muni)
        if rest:
            self._readiness_region(region, period, rest, by_muni)

    def _title_readiness(self, period: str) -> list[str]:
        t = period_title(period, self.rng)
        if t.startswith("по состоянию"):
            return [f"Мониторинг готовности ОО к реализации профминимума {t}"]
        return ["Мониторинг готовности ОО к реализации профминимума", t]

    def _readiness_header(self, with_muni: bool, two_rows: bool) -> tuple[list[list], list[tuple], int]:
        """Header rows, merges, index of the first data column after №."""
        lead = ["№ п/п"] + (["Муниципальное образование"] if with_muni else [])
        cols = ["Наименование ОО", "ИНН", "Уровень реализации профминимума", "Ответственный за профминимум (ФИО)",
                "План утвержден"]
        tail = ["Обучено педагогов-навигаторов", "Регистрация на платформе «Билет в будущее»"]
        if not two_rows:
            return [lead + cols + ["Всего обучающихся 6–11 классов", "Охвачено профминимумом"] + tail], [], len(lead)
        top = lead + cols + ["Численность обучающихся 6–11 классов", None] + tail
        sub = [None] * (len(lead) + len(cols)) + ["всего", "из них охвачено"] + [None] * len(tail)
        merges = []
        for c, v in enumerate(top):
            if v is None:
                continue
            if v.startswith("Численность"):
                merges.append((0, c, 0, c + 1))
            else:
                merges.append((0, c, 1, c))
        return [top, sub], merges, len(lead)

    def _readiness_block(self, rows: list, schools: list[School], period: str, muni_col: bool,
                         first_data_row: int, region: str, canon: str, subtotal: str | None,
                         num_start: int) -> list[tuple[int, int]]:
        """Append school rows (and a subtotal); returns the Excel row spans of the data rows."""
        rng = self.rng
        w = self.world
        start = len(rows)
        for i, s in enumerate(schools):
            cells = self._readiness_cells(s)
            lead = [num_start + i] + ([_spell_muni(self.display_unit(s, period), w.ref[self.display_unit(s, period)], rng)]
                                      if muni_col else [])
            rows.append(lead + cells)
        if subtotal:
            ncol = len(rows[-1])
            sub = [None] * ncol
            sub[1 if muni_col else 1] = subtotal
            tot_col = (2 if muni_col else 1) + 5  # «всего»
            r0, r1 = start + 1, len(rows)
            sub[tot_col] = Formula(f"=SUM({col_letter(tot_col)}{r0}:{col_letter(tot_col)}{r1})", sum(s.students for s in schools))
            sub[tot_col + 1] = Formula(f"=SUM({col_letter(tot_col + 1)}{r0}:{col_letter(tot_col + 1)}{r1})",
                                       sum(w.covered(s) for s in schools))
            sub[tot_col + 2] = sum(s.navigators for s in schools)
            rows.append(sub)
        return [(start, len(rows))]

    def _footer(self, rows: list) -> None:
        rng = self.rng
        rows.append([])
        rows.append([rng.choice(FOOTERS).format(p=rng.choice(PERSONS), n=rng.randrange(100), m=rng.randrange(100))])

    def _readiness_region(self, region: str, period: str, munis: list[str], by_muni: dict) -> None:
        rng = self.rng
        rows: list[list] = [[t] for t in self._title_readiness(period)]
        rows.append([REGION_NAMES[region]])
        rows.append([])
        hdr, merges, _ = self._readiness_header(True, two_rows=True)
        h0 = len(rows)
        rows += hdr
        merges = [(r0 + h0, c0, r1 + h0, c1) for r0, c0, r1, c1 in merges]
        rows.append(list(range(1, len(hdr[0]) + 1)))  # column numbers
        total_s, total_c, n = 0, 0, 1
        for m in munis:
            schools = by_muni[m]
            # old names of merged units come as their own blocks (and subtotals)
            blocks: dict[str, list[School]] = defaultdict(list)
            for s in schools:
                blocks[self.display_unit(s, period)].append(s)
            for unit, ss in blocks.items():
                label = rng.choice(["Итого по г.о. ", "Итого по ", "Итого "]) + unit
                self._readiness_block(rows, ss, period, True, h0, region, m, label, n)
                n += len(ss)
            self._school_truth(region, period, m, schools)
            total_s += sum(s.students for s in schools)
            total_c += sum(self.world.covered(s) for s in schools)
        tot = [None] * len(hdr[0])
        tot[1] = "ИТОГО по области" if rng.random() < 0.5 else "Всего"
        tot[7], tot[8] = total_s, total_c
        rows.append(tot)
        self._footer(rows)
        sp = SheetSpec(rng.choice(["Лист1", "Готовность ОО", "ОО"]), rows, merges,
                       header_rows=(h0, h0 + 1), widths={1: 26, 2: 44, 3: 13, 4: 22, 5: 24}, freeze=h0 + 3)
        stamp = period if rng.random() < 0.5 else f"{asof(period):%d.%m.%Y}"
        path = self.fname(region, region, "Готовность_ОО", stamp if rng.random() < 0.5 else "", "свод")
        write_xlsx(path, [sp])
        self.record(path, "readiness", region, period, munis, "region-xlsx")

    def _readiness_sheets(self, region: str, period: str, munis: list[str], by_muni: dict) -> None:
        """One sheet per municipality (no municipality column) plus a «Свод» sheet repeating totals."""
        rng = self.rng
        w = self.world
        sheets, svod = [], []
        # sometimes the period is only in the file name, as the «as of» date: «…_01.10.2023.xlsx»
        date_only = rng.random() < 0.35
        title = ["Мониторинг готовности ОО к реализации профминимума"] if date_only else self._title_readiness(period)
        for m in munis:
            blocks: dict[str, list[School]] = defaultdict(list)
            for s in by_muni[m]:
                blocks[self.display_unit(s, period)].append(s)
            for unit, ss in blocks.items():
                rows: list[list] = [[t] for t in title]
                rows.append([w.ref[unit]["official_name"]])
                two = rng.random() < 0.5
                hdr, merges, _ = self._readiness_header(False, two_rows=two)
                h0 = len(rows)
                rows += hdr
                merges = [(r0 + h0, c0, r1 + h0, c1) for r0, c0, r1, c1 in merges]
                if rng.random() < 0.6:
                    rows.append(list(range(1, len(hdr[0]) + 1)))
                self._readiness_block(rows, ss, period, False, h0, region, m,
                                      f"Итого по {_spell_muni(unit, w.ref[unit], rng)}", 1)
                self._footer(rows)
                name = _sheet_name(rng.choice([unit, unit, _spell_muni(unit, w.ref[unit], rng)]))
                sheets.append(SheetSpec(name, rows, merges, header_rows=tuple(range(h0, h0 + len(hdr))),
                                        widths={1: 44, 4: 22}))
                svod.append([len(svod) + 1, w.ref[unit]["official_name"], len(ss), sum(s.students for s in ss),
                             sum(w.covered(s) for s in ss)])
            self._school_truth(region, period, m, by_muni[m])
        srows = [["Сводная информация о готовности ОО к реализации профминимума"], [title[-1]], [],
                 ["№ п/п", "Муниципальное образование", "Количество ОО", "Всего обучающихся 6–11 классов",
                  "Охвачено профминимумом"]] + svod
        srows.append([None, "ИТОГО", sum(r[2] for r in svod), sum(r[3] for r in svod), sum(r[4] for r in svod)])
        svod_sheet = SheetSpec("Свод", srows, header_rows=(3,), widths={1: 40})
        books = [svod_sheet] + sheets if rng.random() < 0.5 else sheets + [svod_sheet]
        path = self.fname(region, "Готовность_ОО_по_муниципалитетам",
                          f"{asof(period):%d.%m.%Y}" if date_only or rng.random() < 0.3 else "")
        write_xlsx(path, books)
        self.record(path, "readiness", region, period, munis, "sheets+svod")

    def _readiness_csv(self, region: str, period: str, munis: list[str], by_muni: dict) -> None:
        rng = self.rng
        rows: list[list] = []
        if rng.random() < 0.5:
            rows.append([f"Мониторинг готовности ОО к реализации профминимума {period_title(period, rng)}"])
        rows.append(["Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
                     "Ответственный за профминимум (ФИО)", "План утвержден", "Всего обучающихся 6–11 классов",
                     "Охвачено профминимумом", "Обучено педагогов-навигаторов",
                     "Регистрация на платформе «Билет в будущее»"])
        for m in munis:
            for s in by_muni[m]:
                u = self.display_unit(s, period)
                rows.append([_spell_muni(u, self.world.ref[u], rng)] + self._readiness_cells(s, csv_mode=True))
            self._school_truth(region, period, m, by_muni[m])
        path = self.fname(region, "Готовность_ОО", "выгрузка", period, ext="csv")
        write_csv(path, rows)
        self.record(path, "readiness", region, period, munis, "csv-cp1251")

    def _readiness_single(self, region: str, period: str, m: str, schools: list[School]) -> None:
        """One municipality, one sheet: period only in the file name, municipality only in the file name
        or in a column."""
        rng = self.rng
        w = self.world
        with_col = rng.random() < 0.5
        rows: list[list] = [["Мониторинг готовности ОО к реализации профминимума"]]
        hdr, merges, _ = self._readiness_header(with_col, two_rows=rng.random() < 0.5)
        h0 = len(rows)
        rows += hdr
        merges = [(r0 + h0, c0, r1 + h0, c1) for r0, c0, r1, c1 in merges]
        for i, s in enumerate(schools):
            u = self.display_unit(s, period)
            rows.append([i + 1] + ([_spell_muni(u, w.ref[u], rng)] if with_col else []) + self._readiness_cells(s))
        tot = [None] * len(hdr[0])
        tot[1] = "Итого"
        rows.append(tot)
        self._school_truth(region, period, m, schools)
        # «Готовность_ОО_Химки_2024-Q1.xlsx» when a column names the municipality; otherwise the name ends the file name
        path = self.fname(region, "Готовность_ОО", m, period) if with_col else self.fname(region, "Готовность_ОО", period, m)
        write_xlsx(path, [SheetSpec("Лист1", rows, merges, header_rows=tuple(range(h0, h0 + len(hdr))))])
        self.record(path, "readiness", region, period, [m], "single-muni")

    # ---- agreements
    def agreements(self, region: str, period: str, by_muni: dict[str, list[School]]) -> None:
        end = period_end(period)
        # a single-municipality file only from municipalities that have agreements (an empty form has no rows)
        having = [m for m in by_muni if any(a[3] <= end for s in by_muni[m] for a in s.agreements)]
        singles, _ = self._split(having, [2 if region == "50" else 1])
        rest = [m for m in by_muni if m not in singles]
        for group, shape in [([m], "single") for m in singles] + [(rest, "region")]:
            if not group:
                continue
            rng = self.rng
            combined = rng.random() < 0.5  # «№ 12-СВ от 15.09.2023» in one column
            as_date = rng.random() < 0.5
            rows: list[list] = [["Мониторинг заключения договоров (соглашений) о сетевом взаимодействии "
                                 + period_title(period, rng)]]
            if shape == "single":
                rows.append([self.world.ref[group[0]]["official_name"] + ", " + REGION_NAMES[region]])
            rows.append([])
            head = ["№ п/п", "Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра"]
            head += ["Реквизиты договора (соглашения)"] if combined else ["Номер договора", "Дата заключения"]
            h0 = len(rows)
            rows.append(head)
            n = 0
            for m in group:
                cnt = self.truth.agreements.setdefault((region, period, m), Counter())
                for s in by_muni[m]:
                    u = self.display_unit(s, period)
                    for t, partner, no, signed in s.agreements:
                        if signed > end:
                            continue
                        n += 1
                        cnt[t] += 1
                        pname = partner if t != "МОУО" else f"{partner} {u}"
                        row = [n, _spell_muni(u, self.world.ref[u], rng), s.name, rng.choice(PARTNER_TYPE_TEXT[t]), pname]
                        if combined:
                            row.append(f"№ {no} от {signed:%d.%m.%Y}" + (" г." if rng.random() < 0.2 else ""))
                        else:
                            row += [f"№ {no}" if rng.random() < 0.5 else no,
                                    signed if as_date else f"{signed:%d.%m.%Y}"]
                        rows.append(row)
                self.truth.rows["agreements"] += sum(cnt.values())
            stamp = period if rng.random() < 0.6 else f"{asof(period):%d.%m.%Y}"
            as_csv = self.big and shape == "region"  # benchmark scale: hundreds of thousands of rows
            path = self.fname(region, "Договоры_сетевое_взаимодействие", group[0] if shape == "single" else REGION_NAMES[region],
                              stamp, ext="csv" if as_csv else "xlsx")
            if as_csv:
                write_csv(path, rows)
            else:
                self._footer(rows)
                write_xlsx(path, [SheetSpec("Договоры", rows, header_rows=(h0,), widths={1: 24, 2: 40, 3: 18, 4: 50, 5: 24})])
            self.record(path, "agreements", region, period, group, shape + ("-csv" if as_csv else ""))

    # ---- events
    def _event_plan(self, region: str, period: str) -> list[str]:
        y, k, n = _period_parts(period)
        if region == "50":
            base = [PROBES, EXCURSIONS]
            extra = {"2023-Q3": [PM_27, PM_14, WEBINARS], "2023-Q4": [PUT, SHOW, WEBINARS], "2024-Q1": [PM_21, PUT, SHOW],
                     "2024-Q2": [PUT, WEBINARS], "2024-Q3": [WEBINARS, SHOW], "2024-Q4": [PUT, SHOW],
                     "2025-Q1": [PUT, WEBINARS], "2025-Q2": [PUT, SHOW]}[period]
        else:
            base = [PROBES, EXCURSIONS]
            extra = {"2023-H2": [PM_14, WEBINARS, FAIR], "2024-H1": [PM_21, PROF, SHOW], "2024-H2": [FAIR, WEBINARS],
                     "2025-H1": [PROF, SHOW]}[period]
        return extra + base

    def events(self, region: str, period: str, by_muni: dict[str, list[School]]) -> dict:
        """Participants per school and event; written long (per school) or wide (per municipality)."""
        rng = self.rng
        w = self.world
        plan = self._event_plan(region, period)
        idx = region_periods(region, self.scale).index(period)
        growth = 1 + 0.12 * idx
        munis = list(by_muni)
        # «Путь навыков» is held municipality by municipality: each municipality once per school year
        put_munis = set()
        if PUT in plan:
            order = sorted(munis, key=lambda m: zlib.crc32(f"{self.world.seed}{m}".encode()))
            year_periods = [p for p in region_periods(region, self.scale)
                            if PUT in self._event_plan(region, p) and _school_year(p) == _school_year(period)]
            share = year_periods.index(period)
            put_munis = {m for i, m in enumerate(order) if i % len(year_periods) == share}
        per_school: dict[int, dict[str, tuple[int, int, int]]] = {}
        for m in munis:
            lag = m in w.lagging
            ss = by_muni[m]
            m_students = sum(s.students for s in ss)
            put_total = 0
            if m in put_munis:
                put_total = min(round(rng.uniform(800, 1150) * (1.25 if m_students > 20000 else 1.0)),
                                round(m_students * 0.7))
            for s in ss:
                d: dict[str, tuple[int, int, int]] = {}
                frac = s.students / m_students if m_students else 0
                for ev in plan:
                    if ev == PUT:
                        if m not in put_munis:
                            continue
                        st = round(put_total * frac)
                        d[ev] = (st, round(st * rng.uniform(0.05, 0.15)), max(1, round(st / 25)))
                    elif ev in (PM_27, PM_14, PM_21):
                        if rng.random() < (0.25 if lag else 0.08):
                            continue
                        d[ev] = (0, round(s.students * rng.uniform(0.2, 0.55)), rng.randint(1, 6))
                    elif ev == WEBINARS:
                        if rng.random() < 0.3:
                            continue
                        d[ev] = (0, 0, rng.randint(1, 5))
                    elif ev == PROBES:
                        if rng.random() < (0.4 if lag else 0.15):
                            continue
                        d[ev] = (round(s.students * rng.uniform(0.05, 0.15) * growth), 0, rng.randint(1, 4))
                    elif ev == EXCURSIONS:
                        if rng.random() < (0.5 if lag else 0.25):
                            continue
                        d[ev] = (round(s.students * rng.uniform(0.03, 0.1) * growth), rng.randint(0, 8), rng.randint(1, 3))
                    else:  # SHOW, PROF, FAIR
                        if rng.random() < 0.35:
                            continue
                        d[ev] = (round(s.students * rng.uniform(0.1, 0.4)), rng.randint(0, 15), rng.randint(1, 4))
                    if sum(d[ev]) == 0:
                        d[ev] = (d[ev][0], d[ev][1], 1)
                per_school[s.sid] = d
        # layouts: wide per municipality for some, long per school for the others
        wide, rest = self._split(munis, [max(1, round(len(munis) * (0.08 if self.big else 0.35)))])
        self._events_wide(region, period, wide, by_muni, per_school, plan)
        self._events_long(region, period, rest, by_muni, per_school)
        return per_school

    def _event_truth(self, region: str, period: str, m: str, ev: str, v: tuple[int, int, int]) -> None:
        t = self.truth.events.setdefault((region, period, m, ev), [0, 0, 0])
        for i in range(3):
            t[i] += v[i]

    def _events_long(self, region, period, munis, by_muni, per_school) -> None:
        if not munis:
            return
        rng = self.rng
        w = self.world
        with_level = rng.random() < 0.6
        as_csv = self.big or rng.random() < 0.2
        rows: list[list] = []
        if not as_csv or rng.random() < 0.5:
            rows.append([f"Мониторинг участия в региональных, муниципальных мероприятиях {period_title(period, rng)}"])
            rows.append([])
        head = ["Муниципальное образование", "Наименование ОО", "Мероприятие"] + (["Уровень мероприятия"] if with_level else []) \
            + ["Дата проведения", "Обучающиеся", "Родители", "Педагоги"]
        h0 = len(rows)
        rows.append(head)
        text_of = {ev: rng.choice(EVENT_TEXT[ev]) for ev in EVENT_TEXT}
        level_of = _catalogue_levels()
        dates = _catalogue_dates()
        for m in munis:
            fest_day = period_start(period) + timedelta(days=rng.randrange(20, 80))
            for s in by_muni[m]:
                u = self.display_unit(s, period)
                mu = _spell_muni(u, w.ref[u], rng)
                for ev, v in per_school[s.sid].items():
                    d = dates.get(ev) or (fest_day if ev == PUT else
                                                       period_start(period) + timedelta(days=rng.randrange(85)))
                    row = [mu, s.name, text_of[ev]]
                    if with_level:
                        row.append(rng.choice(EVENT_LEVEL_TEXT[level_of[ev]]))
                    row.append(f"{d:%d.%m.%Y}" if as_csv or rng.random() < 0.5 else d)
                    row += [_spell_num(x, rng, as_csv) for x in v]
                    rows.append(row)
                    self._event_truth(region, period, m, ev, v)
                    self.truth.rows["events"] += 1
        if not as_csv:
            self._footer(rows)
        path = self.fname(region, "Участие_в_мероприятиях", REGION_NAMES[region], period, ext="csv" if as_csv else "xlsx")
        if as_csv:
            write_csv(path, rows)
        else:
            write_xlsx(path, [SheetSpec("Мероприятия", rows, header_rows=(h0,), widths={0: 24, 1: 40, 2: 40})])
        self.record(path, "events", region, period, munis, "long-csv" if as_csv else "long")

    def _events_wide(self, region, period, munis, by_muni, per_school, plan) -> None:
        if not munis:
            return
        rng = self.rng
        w = self.world
        rows: list[list] = [[f"Мониторинг участия в региональных, муниципальных мероприятиях {period_title(period, rng)}"],
                            [REGION_NAMES[region]]]
        h0 = len(rows)
        top = ["№ п/п", "Муниципальное образование"]
        sub = [None, None]
        merges = [(h0, 0, h0 + 1, 0), (h0, 1, h0 + 1, 1)]
        for ev in plan:
            c = len(top)
            top += [rng.choice(EVENT_TEXT[ev]), None, None]
            sub += ["обучающиеся", "родители", "педагоги"]
            merges.append((h0, c, h0, c + 2))
        rows += [top, sub]
        totals = [0] * (len(top) - 2)
        for i, m in enumerate(sorted(munis, key=lambda m: m)):
            agg: dict[str, list[int]] = {}
            for s in by_muni[m]:
                for ev, v in per_school[s.sid].items():
                    a = agg.setdefault(ev, [0, 0, 0])
                    for j in range(3):
                        a[j] += v[j]
            row = [i + 1, _spell_muni(m, w.ref[m], rng)]
            for k, ev in enumerate(plan):
                if ev in agg:
                    row += [_spell_num(x, rng) for x in agg[ev]]
                    for j in range(3):
                        totals[3 * k + j] += agg[ev][j]
                    self._event_truth(region, period, m, ev, tuple(agg[ev]))
                    self.truth.rows["events"] += 1
                else:
                    row += [None, None, None]
            rows.append(row)
        r0, r1 = h0 + 3, len(rows)
        rows.append([None, "Итого"] + [Formula(f"=SUM({col_letter(c + 2)}{r0}:{col_letter(c + 2)}{r1})", v) for c, v in enumerate(totals)])
        self._footer(rows)
        path = self.fname(region, "Мероприятия_свод_по_МО", period if rng.random() < 0.5 else "")
        if not any(x in " ".join(map(str, rows[0])) for x in ("за ", "по состоянию")):
            path = self.fname(region, "Мероприятия_свод_по_МО", period)
        write_xlsx(path, [SheetSpec("Свод по МО", rows, merges, header_rows=(h0, h0 + 1), widths={1: 30})])
        self.record(path, "events", region, period, munis, "wide")

    # ---- effectiveness
    def _probes_in_school_year(self, region: str, period: str, by_muni: dict[str, list[School]],
                               per_school: dict) -> dict[str, int]:
        """School → its pupils who took part in a professional trial since September (the effectiveness form
        counts the school year so far: the period's participants added to the earlier periods' of the same school
        year, at most the school's pupils) — so the share grows through the year, and slower where events are few."""
        sy = periods.school_year_of(period)
        out = {}
        for ss in by_muni.values():
            for s in ss:
                year, before = self.probes_so_far.get((region, s.sid), (sy, 0))
                n = min(s.students, (before if year == sy else 0) + per_school[s.sid].get(PROBES, (0, 0, 0))[0])
                self.probes_so_far[(region, s.sid)] = (sy, n)
                out[s.sid] = n
        return out

    def effectiveness(self, region: str, period: str, by_muni: dict[str, list[School]], per_school: dict) -> None:
        rng = self.rng
        w = self.world
        idx = region_periods(region, self.scale).index(period)
        values: dict[str, dict[str, float]] = {}
        probes_of = self._probes_in_school_year(region, period, by_muni, per_school)
        for m, ss in by_muni.items():
            lag = m in w.lagging
            tot = sum(s.students for s in ss)
            cov = sum(w.covered(s) for s in ss)
            diag = round(cov * min(0.95, (0.25 if lag else 0.35) + 0.1 * idx + rng.uniform(0, 0.05)))
            probes = sum(probes_of[s.sid] for s in ss)
            exc = sum(per_school[s.sid].get(EXCURSIONS, (0, 0, 0))[0] for s in ss)
            parents = sum(v[1] for s in ss for v in per_school[s.sid].values())
            nav = sum(s.navigators for s in ss)
            v = {"students_total": tot, "students_covered": cov, "diagnostics_done": diag, "probes_done": probes,
                 "excursions_done": exc, "parents_involved": parents, "teachers_dpo": nav + round(nav * rng.uniform(0.1, 0.6)),
                 "teachers_briefed": round(len(ss) * rng.uniform(2, 6)),
                 "rmg_lessons": sum(round(s.students / 25) for s in ss) * (12 if region == "50" else 24)}
            # «Мои ориентиры»: pupils who took the diagnostic, and those of them with high readiness (~30–42 %)
            v["orientiry_passed"] = round(diag * rng.uniform(0.55, 0.85))
            v["orientiry_high"] = round(v["orientiry_passed"] * rng.uniform(0.26 if lag else 0.32, 0.42))
            values[m] = v
        named = [m for m in by_muni if not w.later_merged(m)]
        single = self._split(named, [1 if region == "50" else 0])[0]
        wide, rest = self._split([m for m in by_muni if m not in single], [max(1, len(by_muni) // 2)])
        names = _indicator_names()
        # wide: one row per municipality, one column per indicator (some forms add a percentage column)
        with_pct = rng.random() < 0.6
        codes = EFF_COUNTS + (["coverage_share", "diagnostics_share"] if with_pct else [])
        rows: list[list] = [["Мониторинг эффективности деятельности по реализации профминимума " + period_title(period, rng)],
                            [REGION_NAMES[region]]]
        h0 = len(rows)
        heads = [names[c][0] if rng.random() < 0.7 else names[c][1] for c in codes]
        heads = [h + (", %" if c in EFF_RATIOS and "%" not in h else "") for h, c in zip(heads, codes)]
        rows.append(["№ п/п", "Муниципальное образование"] + heads)
        rows.append(list(range(1, len(codes) + 3)))
        for i, m in enumerate(sorted(wide)):
            v = dict(values[m])
            for c in codes:
                if c in EFF_RATIOS:
                    num, den = EFF_RATIOS[c]
                    v[c] = round(100 * v[num] / v[den], 1) if v[den] else 0.0
            row = [i + 1, _spell_muni(m, w.ref[m], rng)]
            for c in codes:
                x = v[c]
                row.append(f"{x:.1f}".replace(".", ",") if c in EFF_RATIOS else _spell_num(int(x), rng))
                self.truth.effectiveness[(region, period, m, c)] = float(x)
                self.truth.rows["effectiveness"] += 1
            rows.append(row)
        self._footer(rows)
        path = self.fname(region, "Эффективность_профминимума", REGION_NAMES[region], "свод", period if rng.random() < 0.4 else "")
        if "за " not in rows[0][0] and "состоянию" not in rows[0][0]:
            path = self.fname(region, "Эффективность_профминимума", REGION_NAMES[region], "свод", period)
        write_xlsx(path, [SheetSpec("Показатели", rows, header_rows=(h0,), widths={1: 30})])
        self.record(path, "effectiveness", region, period, wide, "wide")
        # long: municipality, indicator, value, period column
        if rest:
            as_csv = rng.random() < 0.4  # cp1251, «;», decimal commas
            with_share = rng.random() < 0.5
            rows = [["Показатели эффективности реализации профминимума"], []]
            h0 = len(rows)
            rows.append(["Муниципальное образование", "Показатель", "Значение", "Период"])
            for m in sorted(rest):
                mu = _spell_muni(m, w.ref[m], rng)
                pc = period_cell(period, rng)
                for c in EFF_COUNTS + (["coverage_share"] if with_share else []):
                    label = rng.choice([names[c][0], names[c][1], c])
                    if c in EFF_RATIOS:
                        num, den = EFF_RATIOS[c]
                        x = round(100 * values[m][num] / values[m][den], 1) if values[m][den] else 0.0
                        cell = f"{x:.1f}".replace(".", ",")
                    else:
                        x = values[m][c]
                        cell = _spell_num(int(x), rng, as_csv)
                    rows.append([mu, label, cell, pc])
                    self.truth.effectiveness[(region, period, m, c)] = float(x)
                    self.truth.rows["effectiveness"] += 1
            path = self.fname(region, "Эффективность_показатели", "по_МО", period, ext="csv" if as_csv else "xlsx")
            if as_csv:
                write_csv(path, rows)
            else:
                write_xlsx(path, [SheetSpec("Лист1", rows, header_rows=(h0,), widths={0: 30, 1: 60})])
            self.record(path, "effectiveness", region, period, rest, "long-period-column")
        # one municipality reports per school: «ОО | indicator columns», municipality and period in the title
        # (its schools' levels then come from the readiness form: the «by level» chart has data)
        for m in single:
            t = period_title(period, rng)
            ss = by_muni[m]
            per = {s.sid: {"students_total": s.students, "students_covered": w.covered(s),
                           "probes_done": probes_of[s.sid],
                           "excursions_done": per_school[s.sid].get(EXCURSIONS, (0, 0, 0))[0],
                           "parents_involved": sum(v[1] for v in per_school[s.sid].values()),
                           "rmg_lessons": round(s.students / 25) * (12 if region == "50" else 24)} for s in ss}
            for c in ("diagnostics_done", "teachers_dpo", "teachers_briefed", "orientiry_passed"):  # municipal totals,
                for s, x in zip(ss, _split_total(int(values[m][c]), [s.students for s in ss])):  # split
                    per[s.sid][c] = x
            for s, x in zip(ss, _split_total(int(values[m]["orientiry_high"]),
                                             [per[s.sid]["orientiry_passed"] for s in ss])):
                per[s.sid]["orientiry_high"] = min(x, per[s.sid]["orientiry_passed"])
            values[m]["orientiry_high"] = sum(per[s.sid]["orientiry_high"] for s in ss)
            rows = [[f"Показатели эффективности реализации профминимума {t}"], [w.ref[m]["official_name"]], [],
                    ["№ п/п", "Наименование ОО"] + [names[c][0] for c in EFF_COUNTS]]
            for i, s in enumerate(ss):
                rows.append([i + 1, s.name] + [_spell_num(int(per[s.sid][c]), rng) for c in EFF_COUNTS])
            for c in EFF_COUNTS:
                assert sum(per[s.sid][c] for s in ss) == values[m][c], (m, c)
                self.truth.effectiveness[(region, period, m, c)] = float(values[m][c])
                self.truth.rows["effectiveness"] += len(ss)
            self._footer(rows)
            path = self.fname(region, "Эффективность", m, "по_ОО", "" if "за " in t or "состоянию" in t else period)
            write_xlsx(path, [SheetSpec("Показатели", rows, header_rows=(3,), widths={1: 40})])
            self.record(path, "effectiveness", region, period, [m], "per-school-wide")


def _split_total(total: int, weights: list[int]) -> list[int]:
    """`total` split in whole numbers in proportion to `weights`; the parts add up to `total` exactly."""
    w = sum(weights) or 1
    parts = [total * x // w for x in weights]
    for i in range(total - sum(parts)):  # what rounding down left over, one each
        parts[i % len(parts)] += 1
    return parts


def _school_year(p: str) -> int:
    y, k, n = _period_parts(p)
    start_month = (n - 1) * (3 if k == "Q" else 6) + 1
    return y if start_month >= 7 else y - 1


_CAT: dict | None = None


def _events_catalogue() -> dict:
    global _CAT
    if _CAT is None:
        _CAT = {r["event"]: r for r in reference.rows("events.csv")}
    return _CAT


def _catalogue_levels() -> dict[str, str]:
    return {e: r["event_level"] for e, r in _events_catalogue().items()}


def _catalogue_dates() -> dict[str, date]:
    return {e: date.fromisoformat(r["event_date"]) for e, r in _events_catalogue().items() if r["event_date"]}


def _indicator_names() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["name"], r["short_name"]) for r in reference.rows("indicators.csv")}


def generate(out_dir: Path, scale: float = 1.0, seed: int = 2023,
             progress: Callable[[float, str], None] | None = None) -> Truth:
    """Write messy demo submissions for both regions into out_dir; return the truth they encode."""
    missing = set(EVENT_TEXT) - set(_events_catalogue())
    if missing:
        raise ValueError(f"events missing from data/reference/events.csv: {sorted(missing)}")
    return Generator(Path(out_dir), scale, seed, progress).run()
