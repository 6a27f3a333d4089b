"""Generators of messy monitoring workbooks, as municipalities really send them (DOMAIN.md «What the incoming
spreadsheets look like»). Each generator writes a file and returns the truth: the exact records a correct
ETL must produce and the figures an analyst would check (numbers of schools, sums).
"""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

NBSP = "\xa0"


def _merge(ws, r0, c0, r1, c1):
    """1-based, inclusive."""
    ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


# ---------------------------------------------------------------------------------------------
# Readiness: one sheet per municipality (the municipality is the sheet name), 2-row merged header,
# column numbers, spacer column, subtotal formulas, footer, and a «Свод» sheet repeating the totals.

# (school, level raw, level, responsible raw, responsible, plan raw, plan, total raw, total, covered raw, covered,
#  navigators raw, navigators, bvb raw, bvb)
READINESS_SHEETS = {
    "Химки": [
        ("МБОУ СОШ № 1", "базовый", "базовый", "Иванова И.И.", True, "да", True, "1 200", 1200, "1 100", 1100,
         "2", 2, "+", True),
        ("МБОУ СОШ № 2", "Базовый уровень", "базовый", "Да", True, "ДА", True, f"1{NBSP}050", 1050, 1000, 1000,
         "-", 0, "нет", False),
        ("МАОУ Гимназия № 4", "ОСНОВНОЙ ", "основной", "+", True, "1", True, 640, 640, "640", 640, 3, 3,
         "имеется", True),
        ("МБОУ Лицей № 5", " продвинутый", "продвинутый", "нет", False, "отсутствует", False, "420", 420,
         "400", 400, 1, 1, "−", False),
    ],
    "Королёв": [
        ("МБОУ СОШ № 7", "основной уровень", "основной", "Петров П.П.", True, "+", True, 900, 900, 850, 850,
         2, 2, "да", True),
        ("МБОУ СОШ № 8", "Базовый", "базовый", 0, False, 0, False, "1 000", 1000, "950", 950, "0", 0,
         "0", False),
        ("МАОУ Лицей № 9", "ПРОДВИНУТЫЙ", "продвинутый", "1", True, "имеется", True, 700, 700, "700", 700,
         "4", 4, 1, True),
    ],
    "Одинцовский г.о.": [
        ("МБОУ Одинцовская СОШ № 1", "базовый", "базовый", "Сидорова С.С.", True, "да", True, 1500, 1500,
         "1 480", 1480, 5, 5, "да", True),
        ("МБОУ Одинцовская гимназия № 13", "основной", "основной", "да", True, "нет", False, 1300, 1300,
         1250, 1250, "2", 2, "+", True),
    ],
}
READINESS_MUNI = {"Химки": "Химки", "Королёв": "Королёв", "Одинцовский г.о.": "Одинцовский"}


def readiness_by_sheets(path: Path) -> dict:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    records = []
    totals = {}
    for si, (sheet_name, schools) in enumerate(READINESS_SHEETS.items()):
        ws = wb.create_sheet(sheet_name)
        # 1–3 title rows
        titles = ["Мониторинг готовности общеобразовательных организаций к реализации профминимума"]
        if si == 0:
            titles.append("по состоянию на 01.10.2023")
        if si == 2:
            titles = ["Приложение 1", "к письму от 02.10.2023", "Мониторинг готовности ОО"]
        for t in titles:
            ws.append([t])
        ws.append([])
        h = len(titles) + 2  # 1-based first header row
        # A: №, B: name, C: spacer, D: level, E: responsible, F: plan, G+H: pupils (merged parent), I: navigators,
        # J: bvb
        ws.append(["№ п/п", "Наименование общеобразовательной организации", None, "Уровень реализации профминимума",
                   "Ответственный за профминимум (ФИО)", "План утвержден",
                   "Численность обучающихся 6–11 классов", None, "Обучено педагогов-навигаторов",
                   "Регистрация на платформе «Билет в будущее»"])
        ws.append([None, None, None, None, None, None, "всего", "из них охвачено", None, None])
        for c in (1, 2, 4, 5, 6, 9, 10):
            _merge(ws, h, c, h + 1, c)
        _merge(ws, h, 7, h, 8)
        ws.append([1, 2, None, 3, 4, 5, 6, 7, 8, 9])
        first = h + 3
        for i, s in enumerate(schools, 1):
            ws.append([i, s[0], None, s[1], s[3], s[5], s[7], s[9], s[11], s[13]])
            records.append({"municipality": READINESS_MUNI[sheet_name], "school_name": s[0], "level": s[2],
                            "responsible_appointed": s[4], "plan_approved": s[6], "students_total": s[8],
                            "students_covered": s[10], "navigators": s[12], "bvb_registered": s[14],
                            "source_sheet": sheet_name, "source_row": first + i - 1})
        last = first + len(schools) - 1
        muni = READINESS_MUNI[sheet_name]
        ws.append([None, f"Итого по г.о. {muni}", None, None, None, None, f"=SUM(G{first}:G{last})",
                   f"=SUM(H{first}:H{last})", f"=SUM(I{first}:I{last})", None])
        ws.append([])
        ws.append(["Исполнитель: Смирнова О.В., тел. 8 (495) 123-45-67"])
        ws.append([None, "Руководитель управления образования", None, None, "____________", "М.П."])
        totals[muni] = (sum(s[8] for s in schools), sum(s[10] for s in schools))
    # the summary sheet repeats the totals per municipality (must not be counted again)
    ws = wb.create_sheet("Свод")
    ws.append(["Сводная информация по состоянию на 01.10.2023"])
    ws.append(["№ п/п", "Муниципальное образование", "Количество ОО", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом"])
    for i, (m, (t, c)) in enumerate(totals.items(), 1):
        ws.append([i, m, len(READINESS_SHEETS[[k for k, v in READINESS_MUNI.items() if v == m][0]]), t, c])
    ws.append([None, "ИТОГО по области", None, "=SUM(D3:D5)", "=SUM(E3:E5)"])
    wb.save(path)
    schools = Counter(r["municipality"] for r in records)
    return {
        "kind": "readiness", "period": "2023-Q3", "region": "50", "records": records,
        "schools": dict(schools), "n": len(records),
        "students_total": {m: t for m, (t, c) in totals.items()},
        "students_covered": {m: c for m, (t, c) in totals.items()},
        "levels": dict(Counter(r["level"] for r in records)),
        "summary_sheet": "Свод",
    }


# ---------------------------------------------------------------------------------------------
# Readiness on one sheet: a 3-row merged header, a municipality column with name variants, section rows
# per municipality, subtotal rows, numbers as text; INN as numbers and as text.

READINESS_ONE = [
    # municipality raw, canonical, school, inn raw, inn, level, total, covered
    ("г.о. Химки", "Химки", "МБОУ СОШ № 11", 5047011111, "5047011111", "Базовый уровень", "базовый", "1 000", 1000,
     "900", 900),
    ("Городской округ Химки ", "Химки", "МБОУ СОШ № 12", "5047012222", "5047012222", "основной", "основной",
     500, 500, 500, 500),
    ("городской округ Королев", "Королёв", "МБОУ СОШ № 21", "5018021111", "5018021111", "ПРОДВИНУТЫЙ",
     "продвинутый", f"2{NBSP}000", 2000, "1 999", 1999),
    ("Королёв", "Королёв", "МБОУ СОШ № 22", "5018 022 222", "5018022222", "базовый", "базовый", 300, 300, "-", 0),
]


def readiness_three_row_header(path: Path) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Форма 1"
    ws.append(["Мониторинг реализации профминимума за I квартал 2024 года"])
    ws.append(["№ п/п", "Муниципальное образование", "Образовательная организация", None, "Профминимум",
               None, None])
    ws.append([None, None, None, None, "Уровень", "Численность обучающихся 6-11 классов", None])
    ws.append([None, None, "наименование", "ИНН", None, "всего", "из них охвачено"])
    for c in (1, 2):
        _merge(ws, 2, c, 4, c)
    _merge(ws, 2, 3, 3, 4)
    _merge(ws, 2, 5, 2, 7)
    _merge(ws, 3, 5, 4, 5)
    _merge(ws, 3, 6, 3, 7)
    ws.append([1, 2, 3, 4, 5, 6, 7])
    records = []
    row = 6
    n = 0
    for muni in ("Химки", "Королёв"):
        ws.append([f"Городской округ {muni}"])
        row += 1
        for s in [s for s in READINESS_ONE if s[1] == muni]:
            n += 1
            ws.append([n, s[0], s[2], s[3], s[5], s[7], s[9]])
            records.append({"municipality": s[1], "school_name": s[2], "school_inn": s[4], "level": s[6],
                            "students_total": s[8], "students_covered": s[10], "source_sheet": "Форма 1",
                            "source_row": row})
            row += 1
        ws.append([None, f"Итого по городскому округу {muni}", None, None, None, "=SUM(F1:F2)", "=SUM(G1:G2)"])
        row += 1
    ws.append([None, "Всего", None, None, None, 3800, 3399])
    ws.append(["Примечание: данные предварительные"])
    wb.save(path)
    return {"kind": "readiness", "period": "2024-Q1", "region": "50", "records": records, "n": len(records),
            "students_total": sum(r["students_total"] for r in records),
            "students_covered": sum(r["students_covered"] for r in records)}


# ---------------------------------------------------------------------------------------------
# Events, wide: one row per municipality, a group of columns per event (merged header) split into
# обучающиеся / родители / педагоги (any subset). Sakhalin, half-year cadence.

EVENTS_WIDE_GROUPS = [
    ("Ярмарка профессий «Сахалин — мои горизонты»", ["students", "parents", "teachers"],
     "Ярмарка профессий «Сахалин — мои горизонты»", "региональный"),
    ("Профпробы", ["students", "teachers"], "Профессиональные пробы", "муниципальный"),
    ("Всероссийское родительское собрание 14.09.2023", ["parents", "teachers"],
     "Всероссийское родительское собрание по профориентации 14.09.2023", "федеральный"),
]
SUB_RU = {"students": "обучающиеся", "parents": "родители", "teachers": "педагоги"}
EVENTS_WIDE_ROWS = [
    ("Город Южно-Сахалинск", "Южно-Сахалинск", [(1200, 300, 40), (150, 12), (2500, 90)]),
    ("Холмский городской округ", "Холмский", [(300, "-", 10), ("45", "3"), ("400", "15")]),
    ("Корсаковский ГО", "Корсаковский", [("250", 60, 8), (None, None), (380, 20)]),
]


def events_wide(path: Path) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    ws.append(["Мониторинг участия в профориентационных мероприятиях"])
    ws.append(["за 2-е полугодие 2023 года"])
    top = ["№ п/п", "Муниципальное образование"]
    sub = [None, None]
    col = 3
    spans = []
    for title, parts, _, _ in EVENTS_WIDE_GROUPS:
        top += [title] + [None] * (len(parts) - 1)
        sub += [SUB_RU[p] for p in parts]
        spans.append((col, col + len(parts) - 1))
        col += len(parts)
    ws.append(top)
    ws.append(sub)
    _merge(ws, 3, 1, 4, 1)
    _merge(ws, 3, 2, 4, 2)
    for a, b in spans:
        if b > a:
            _merge(ws, 3, a, 3, b)
    records = []
    for i, (raw, muni, vals) in enumerate(EVENTS_WIDE_ROWS, 1):
        line = [i, raw]
        for (title, parts, canon, level), v in zip(EVENTS_WIDE_GROUPS, vals):
            line += list(v)
            if all(x is None for x in v):
                continue
            rec = {"municipality": muni, "event": canon, "event_level": level, "students": None, "parents": None,
                   "teachers": None, "source_row": 4 + i}
            for p, x in zip(parts, v):
                rec[p] = 0 if x == "-" else int(x)
            records.append(rec)
        ws.append(line)
    ws.append([None, "Итого по области"] + [f"=SUM({get_column_letter(c)}5:{get_column_letter(c)}7)"
                                             for c in range(3, col)])
    wb.save(path)
    by_event = Counter()
    for r in records:
        by_event[r["event"]] += sum(r[p] or 0 for p in ("students", "parents", "teachers"))
    return {"kind": "events", "period": "2023-H2", "region": "65", "records": records, "n": len(records),
            "participants_by_event": dict(by_event),
            "students": sum(r["students"] or 0 for r in records)}


# ---------------------------------------------------------------------------------------------
# Events, long: one row per school and event; the period only in the file name.

EVENTS_LONG = [
    ("Химки", "МБОУ СОШ № 1", "Фестиваль «Путь навыков»", "Профориентационный фестиваль «Путь навыков»",
     "региональный", "региональный", datetime(2024, 2, 15), date(2024, 2, 15), 120, 10, 5),
    ("Химки", "МБОУ СОШ № 2", "Экскурсии на предприятия", "Экскурсии на предприятия", "Муниципальный",
     "муниципальный", "12.03.2024", date(2024, 3, 12), "45", "-", "3"),
    ("Королёв", "МБОУ СОШ № 7", "Всероссийское родительское собрание 21.03.2024",
     "Всероссийское родительское собрание по профориентации 21.03.2024", None, "федеральный", None,
     date(2024, 3, 21), None, "310", "12"),
]


def events_long(path: Path) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Участие обучающихся, родителей и педагогов в профориентационных мероприятиях"])
    ws.append(["№", "Муниципалитет", "Школа", "Наименование мероприятия", "Уровень мероприятия",
               "Дата проведения", "Количество обучающихся-участников", "Родители (законные представители)",
               "Педагогические работники"])
    records = []
    for i, e in enumerate(EVENTS_LONG, 1):
        ws.append([i, e[0], e[1], e[2], e[4], e[6], e[8], e[9], e[10]])
        records.append({"municipality": e[0], "school_name": e[1], "event": e[3], "event_level": e[5],
                        "event_date": e[7], "students": None if e[8] is None else int(e[8]),
                        "parents": 0 if e[9] == "-" else int(e[9]), "teachers": int(e[10]),
                        "source_row": 2 + i})
    ws.append([None, "Всего", None, None, None, None, 165, 320, 20])
    wb.save(path)
    return {"kind": "events", "period": "2024-Q1", "region": "50", "records": records, "n": len(records)}


# ---------------------------------------------------------------------------------------------
# Events, long, as a coordinator lays them out by hand: the event (name, level, date) merged over the schools
# that took part, the municipality merged over its schools, a subtotal under each event, a section label merged
# across the table.

EVENTS_MERGED = [
    ("Экскурсии на предприятия", "муниципальный", datetime(2024, 3, 12), [
        ("Химки", ["МБОУ СОШ № 1", "МБОУ СОШ № 2"], [(45, 2, 3), (30, 0, 2)]),
        ("Королёв", ["МБОУ СОШ № 7"], [(25, 1, 1)]),
    ]),
    ("Профориентационный фестиваль «Путь навыков»", "региональный", datetime(2024, 2, 15), [
        ("Королёв", ["МБОУ СОШ № 7", "МБОУ СОШ № 8", "МАОУ Лицей № 9"], [(120, 10, 5), (80, 4, 2), (60, 0, 3)]),
    ]),
]


def events_merged(path: Path) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Участие в профориентационных мероприятиях за I квартал 2024 года"])
    ws.append(["№", "Наименование мероприятия", "Уровень мероприятия", "Дата проведения", "Муниципалитет",
               "Школа", "Обучающиеся", "Родители", "Педагоги"])
    ws.append(["Московская область"])
    _merge(ws, 3, 1, 3, 9)
    records, k = [], 0
    for event, level, when, munis in EVENTS_MERGED:
        first = ws.max_row + 1
        for muni, schools, counts in munis:
            top = ws.max_row + 1
            for j, (school, (st, pa, te)) in enumerate(zip(schools, counts)):
                k += 1
                ws.append([k, event if ws.max_row + 1 == first else None, level if ws.max_row + 1 == first else None,
                           when if ws.max_row + 1 == first else None, muni if j == 0 else None, school, st, pa, te])
                records.append({"municipality": muni, "school_name": school, "event": event, "event_level": level,
                                "event_date": when.date(), "students": st, "parents": pa, "teachers": te,
                                "source_row": ws.max_row})
            if len(schools) > 1:
                _merge(ws, top, 5, ws.max_row, 5)
        for c in (2, 3, 4):
            _merge(ws, first, c, ws.max_row, c)
        ws.append([None, None, None, None, None, "Итого по мероприятию",
                   *(sum(c[i] for _, _, cs in munis for c in cs) for i in range(3))])
    wb.save(path)
    return {"kind": "events", "period": "2024-Q1", "region": "50", "records": records, "n": len(records),
            # covered cells: event name, level and date under each event's first row; municipality under its first
            "filled": sum(3 * (sum(len(sc) for _, sc, _ in munis) - 1) + sum(len(sc) - 1 for _, sc, _ in munis)
                          for _, _, _, munis in EVENTS_MERGED)}


# ---------------------------------------------------------------------------------------------
# Agreements: csv saved from a Russian Excel (cp1251, ';'), a title line, dates inside the reference.

AGREEMENTS = [  # (written municipality, municipality, school, written type, type, partner, reference, date, number)
    ("Одинцовский г.о.", "Одинцовский", "МБОУ Одинцовская СОШ № 1", "ВУЗ", "ВУЗ",
     "МГУ им. М.В. Ломоносова", "№ 12-СВ от 15.09.2023", date(2023, 9, 15), "12-СВ"),
    ("Одинцово", "Одинцовский", "МБОУ Одинцовская СОШ № 1", "колледж", "СПО",
     "ГБПОУ МО «Одинцовский техникум»", "№ 7 от 01.10.2023", date(2023, 10, 1), "7"),
    ("г.о. Химки", "Химки", "МБОУ СОШ № 1", "Предприятие", "индустриальный партнёр",
     "АО «НПО Энергомаш»", "Договор 3/23 от 20.11.2023", date(2023, 11, 20), "3/23"),
    ("Химки", "Химки", "МБОУ СОШ № 2", "образовательная организация высшего образования", "ВУЗ",
     "МАИ", "б/н", None, "б/н"),
]


def agreements_csv(path: Path) -> dict:
    lines = [["Договоры о сетевом взаимодействии", "", "", "", ""],
             ["№", "МО", "ОО (сторона договора)", "Тип партнёра", "Наименование партнёра",
              "Реквизиты договора (соглашения)"]]
    records = []
    for i, a in enumerate(AGREEMENTS, 1):
        lines.append([str(i), a[0], a[2], a[3], a[5], a[6]])
        records.append({"municipality": a[1], "school_name": a[2], "partner_type": a[4], "partner_name": a[5],
                        "agreement_no": a[8], "signed_on": a[7], "source_row": 2 + i})
    lines.append(["", "Итого договоров", "", "", "4", ""])
    with open(path, "w", encoding="cp1251", newline="") as f:
        csv.writer(f, delimiter=";").writerows(lines)
    return {"kind": "agreements", "region": "50", "records": records, "n": len(records),
            "by_type": dict(Counter(r["partner_type"] for r in records))}


# ---------------------------------------------------------------------------------------------
# Effectiveness: csv (cp1251, ';', decimal comma), long layout with a period column; and a wide xlsx.

EFFECTIVENESS_LONG = [
    ("Южно-Сахалинск", "Доля охвата", "coverage_share", "85,3", 85.3, "2 полугодие 2023"),
    ("Южно-Сахалинск", "Прошли диагностику", "diagnostics_done", "1 250", 1250.0, "2 полугодие 2023"),
    ("Холмский городской округ", "Доля прошедших диагностику", "diagnostics_share", "70%", 70.0, "2023-H2"),
    ("Холмский городской округ", "Участники профпроб", "probes_done", "-", 0.0, ""),
]


def effectiveness_csv(path: Path) -> dict:
    lines = [["Показатели эффективности реализации профминимума"], [],
             ["Муниципальное образование", "Наименование показателя", "Значение показателя", "Отчётный период"]]
    records = []
    for i, e in enumerate(EFFECTIVENESS_LONG, 1):
        lines.append([e[0], e[1], e[3], e[5]])
        records.append({"municipality": e[0].split()[0], "indicator_code": e[2], "value": e[4],
                        "period": "2023-H2", "source_row": 3 + i})
    records[2]["municipality"] = records[3]["municipality"] = "Холмский"
    with open(path, "w", encoding="cp1251", newline="") as f:
        csv.writer(f, delimiter=";").writerows(lines)
    return {"kind": "effectiveness", "period": "2023-H2", "region": "65", "records": records, "n": len(records)}


EFFECTIVENESS_WIDE = [
    ("Химки", {"students_total": 12000, "students_covered": "11 500", "probes_done": 3000, "teachers_dpo": 45}),
    ("Королёв", {"students_total": "9 800", "students_covered": 9000, "probes_done": None, "teachers_dpo": "30"}),
]


def effectiveness_wide(path: Path) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Показатели"
    ws.append(["Показатели эффективности за IV квартал 2023 года"])
    ws.append(["Муниципальное образование", "Численность обучающихся 6–11 классов", "Охвачено профминимумом",
               "Участники профпроб", "Педагоги с ДПО"])
    records = []
    for i, (m, vals) in enumerate(EFFECTIVENESS_WIDE, 1):
        ws.append([m] + list(vals.values()))
        for code, v in vals.items():
            if v is None:
                continue
            records.append({"municipality": m, "indicator_code": code,
                            "value": float(str(v).replace(" ", "")), "source_row": 2 + i})
    wb.save(path)
    return {"kind": "effectiveness", "period": "2023-Q4", "region": "50", "records": records, "n": len(records)}


def effectiveness_percent_cells(path: Path) -> dict:
    """Shares typed into cells formatted as «%» (the file stores 0.853 for «85,3 %»), next to counts and to a
    share written as text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Показатели"
    ws.append(["Показатели эффективности за IV квартал 2023 года"])
    ws.append(["Муниципальное образование", "Доля охвата", "Доля прошедших диагностику", "Участники профпроб"])
    ws.append(["Химки", 0.853, "72,5", 3000])
    ws.append(["Королёв", 1, "64%", 2000])
    for r in (3, 4):
        ws.cell(r, 2).number_format = "0.0%"
    wb.save(path)
    records = [
        {"municipality": "Химки", "indicator_code": "coverage_share", "value": 85.3, "source_row": 3},
        {"municipality": "Химки", "indicator_code": "diagnostics_share", "value": 72.5, "source_row": 3},
        {"municipality": "Химки", "indicator_code": "probes_done", "value": 3000.0, "source_row": 3},
        {"municipality": "Королёв", "indicator_code": "coverage_share", "value": 100.0, "source_row": 4},
        {"municipality": "Королёв", "indicator_code": "diagnostics_share", "value": 64.0, "source_row": 4},
        {"municipality": "Королёв", "indicator_code": "probes_done", "value": 2000.0, "source_row": 4},
    ]
    return {"kind": "effectiveness", "period": "2023-Q4", "region": "50", "records": records, "n": len(records)}


# ---------------------------------------------------------------------------------------------
# Roadmap as ministries write it: section rows merged across the table instead of a section column.

ROADMAP = [
    ("1. Организационное обеспечение", [
        ("1.1", "Назначение ответственных за реализацию профминимума", "до 01.09.2023", "МОУО, ОО",
         "Приказы о назначении", "выполнено", "выполнено"),
        ("1.2", "Утверждение планов реализации профминимума в ОО", "сентябрь 2023 г.", "ОО",
         "Планы утверждены", "В работе", "в работе"),
    ]),
    ("2. Работа с родителями", [
        ("2.1", "Родительское собрание по профориентации", "27.08.2023", "АСОУ", "Проведено собрание", "",
         None),
    ]),
]


def roadmap_sections(path: Path) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Дорожная карта"
    ws.append(["План мероприятий (дорожная карта) по реализации профориентационного минимума"])
    ws.append(["№ п/п", "Задачи/ наименование мероприятий", "Сроки", "Ответственный исполнитель",
               "Планируемый результат", "Отметка об исполнении"])
    ws.append([1, 2, 3, 4, 5, 6])
    records = []
    for section, items in ROADMAP:
        ws.append([section])
        _merge(ws, ws.max_row, 1, ws.max_row, 6)
        for it in items:
            ws.append(list(it[:6]))
            records.append({"section": section, "item_no": it[0], "measure": it[1], "deadline_text": it[2],
                            "executors": it[3], "planned_result": it[4], "status": it[6],
                            "source_row": ws.max_row})
    wb.save(path)
    return {"kind": "roadmap", "region": "50", "records": records, "n": len(records)}
