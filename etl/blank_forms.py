"""Clean blank monitoring forms (xlsx) with drop-down lists, so that the next round of submissions is clean.

`write_blank_forms(out_dir, region_code=None) -> list[Path]`: one workbook per kind (readiness, agreements,
events, effectiveness). Each has the form sheet (title with a period placeholder, canonical headers — the
same wording the column-synonym catalogue knows first — frozen header, sensible widths), an instruction
sheet «Инструкция» and a hidden sheet «Справочники» that feeds the drop-down lists (municipalities of the
region or of both regions, levels, yes/no, partner types, event levels and events, indicators).

Both helper sheets keep one value per row in a single column, so the loader never mistakes them for a table.
"""
from __future__ import annotations

from pathlib import Path

from etl import periods, reference
from etl.normalize import EVENT_LEVELS
from etl.xlsx_cells import put

YES_NO = ["да", "нет"]
LEVELS = ["базовый", "основной", "продвинутый"]
PARTNER_TYPES = ["ВУЗ", "СПО", "индустриальный партнёр", "МОУО", "ОО", "иное"]
FIRST_ROW_LIMIT = 3000  # rows of the form covered by the validations

# kind -> (file stem, sheet name, title, [(header, width, list key | 'int' | 'date' | None)])
FORMS = {
    "readiness": ("готовность_ОО", "Готовность ОО", "Мониторинг готовности ОО к реализации профминимума", [
        ("Муниципальное образование", 28, "municipality"),
        ("Наименование ОО", 48, None),
        ("ИНН", 14, "inn"),
        ("Уровень реализации профминимума", 18, "level"),
        ("Ответственный за профминимум (ФИО)", 28, None),
        ("План утвержден", 12, "yesno"),
        ("Всего обучающихся 6–11 классов", 14, "int"),
        ("Охвачено профминимумом", 14, "int"),
        ("Обучено педагогов-навигаторов", 14, "int"),
        ("Регистрация на платформе «Билет в будущее»", 18, "yesno"),
    ]),
    "agreements": ("договоры_о_сетевом_взаимодействии", "Договоры",
                   "Мониторинг заключения договоров (соглашений) о сетевом взаимодействии", [
        ("Муниципальное образование", 28, "municipality"),
        ("Наименование ОО", 44, None),
        ("Тип партнёра", 22, "partner_type"),
        ("Наименование партнёра", 48, None),
        ("Номер договора", 16, None),
        ("Дата заключения", 14, "date"),
    ]),
    "events": ("участие_в_мероприятиях", "Мероприятия", "Мониторинг участия в региональных, муниципальных мероприятиях", [
        ("Муниципальное образование", 28, "municipality"),
        ("Наименование ОО", 44, None),
        ("Мероприятие", 48, "event"),
        ("Уровень мероприятия", 16, "event_level"),
        ("Дата проведения", 14, "date"),
        ("Обучающиеся", 13, "int"),
        ("Родители", 13, "int"),
        ("Педагоги", 13, "int"),
    ]),
    "effectiveness": ("показатели_эффективности", "Показатели",
                      "Мониторинг эффективности деятельности по реализации профминимума", [
        ("Муниципальное образование", 28, "municipality"),
        ("Показатель", 64, "indicator"),
        ("Значение", 14, "number"),
    ]),
}
KIND_ORDER = ("readiness", "agreements", "events", "effectiveness")
TITLE_ROW, REGION_ROW, PERIOD_ROW, HEADER_ROW = 1, 2, 3, 5  # 1-based rows of the form sheet


def _regions() -> list[dict]:
    return list(reference.rows("regions.csv"))


def _municipalities(codes: list[str]) -> list[str]:
    rows = [r for r in reference.rows("municipalities.csv") if r["region_code"] in codes and not r.get("merged_into")]
    return [r["municipality"] for r in sorted(rows, key=lambda r: (codes.index(r["region_code"]), r["municipality"]))]


def _events(codes: list[str]) -> list[str]:
    return [r["event"] for r in reference.rows("events.csv") if not r["region_code"] or r["region_code"] in codes]


def _indicators() -> list[dict]:
    """Indicators a form reports: counts only — shares are computed from them, never typed in."""
    return [r for r in reference.rows("indicators.csv") if r["aggregation"] != "ratio"]


def _period_placeholder(cadences: set[str]) -> str:
    if cadences == {"half"}:
        return "за ___ полугодие 20__ года"
    if cadences == {"quarter"}:
        return "за ___ квартал 20__ года"
    return "за ___ квартал (полугодие) 20__ года"


def _instruction(kind: str, regions: list[dict], placeholder: str, indicators: list[dict]) -> list[str]:
    examples = " или ".join(f"«за {ex} года» ({names}, {how})" for names, how, ex in periods.cadence_examples(regions))
    common_head = [
        "Инструкция по заполнению формы",
        "",
        f"Регион: {', '.join(r['name'] for r in regions)}.",
        (f"1. В заголовке формы укажите отчётный период вместо «{placeholder}», например {examples}. "
         "Можно написать и «по состоянию на 01.04.2024»." if "_" in placeholder else
         f"1. Отчётный период уже вписан в заголовок формы («{placeholder}»): не меняйте его, если сдаёте форму "
         "за этот период."),
        "2. Не меняйте названия и порядок столбцов, не объединяйте ячейки, не добавляйте строки «Итого» и «Всего»: "
        "итоги рассчитываются автоматически.",
        "3. Муниципальное образование выбирайте из выпадающего списка (краткое название из справочника).",
        "4. Числа вводите цифрами, без пробелов, единиц измерения и пояснений; ноль — цифрой 0.",
        "5. Даты вводите в формате ДД.ММ.ГГГГ, например 15.09.2023.",
    ]
    specific = {
        "readiness": [
            "6. Одна строка — одна общеобразовательная организация (ОО). Наименование ОО пишите одинаково во всех "
            "отчётных периодах; ИНН — 10 цифр.",
            "7. Уровень реализации профминимума: базовый, основной или продвинутый (выпадающий список).",
            "8. В столбце ответственного укажите ФИО должностного лица, назначенного приказом; если не назначен — «нет».",
            "9. «План утвержден» и регистрация на платформе «Билет в будущее» (bvbinfo.ru): «да» или «нет».",
            "10. Охвачено профминимумом — обучающиеся 6–11 классов, участвующие в профминимуме; это число не может "
            "быть больше численности обучающихся 6–11 классов.",
        ],
        "agreements": [
            "6. Одна строка — один договор (соглашение) о сетевом взаимодействии.",
            "7. Тип партнёра: ВУЗ (образовательная организация высшего образования), СПО (колледж, техникум), "
            "индустриальный партнёр (предприятие, работодатель), МОУО, ОО (школа) или иное.",
            "8. Номер договора — как в документе, например «12-СВ»; дата заключения — в отдельном столбце.",
        ],
        "events": [
            "6. Одна строка — участие одной ОО в одном мероприятии за отчётный период.",
            "7. Мероприятие выбирайте из списка (справочник мероприятий); если мероприятия нет в списке, впишите его "
            "полное название.",
            "8. Уровень мероприятия: федеральный, региональный или муниципальный. Для мероприятий из списка уровень "
            "и дату можно не заполнять — они известны.",
            "9. Обучающиеся, родители, педагоги — число участников (человек); если участников не было — 0.",
        ],
        "effectiveness": [
            "6. Одна строка — один показатель одного муниципального образования за отчётный период.",
            "7. Показатель выбирайте из списка. Доли (в процентах) не вводите: они рассчитываются автоматически из "
            "чисел (например, доля охвата — из числа охваченных и численности обучающихся 6–11 классов).",
            "8. Показатели справочника:",
        ] + [f"   • {r['name']} ({r['unit']})" for r in indicators],
    }[kind]
    return common_head + specific + [
        "",
        "Готовую форму сдайте в панели мониторинга: муниципальный координатор — на странице «Мои формы» (форма "
        "уйдёт на проверку аналитику), аналитик — на странице «Загрузка данных»; или передайте её региональному "
        "координатору. Ошибки (строка, столбец, значение и подсказка) будут показаны при загрузке.",
    ]


def write_blank_forms(out_dir: Path, region_code: str | None = None) -> list[Path]:
    """Write one blank xlsx per form kind into out_dir; returns the paths."""
    regions = _regions()
    if region_code is not None:
        from etl.registry import get_registry

        code = get_registry().region_code(region_code)
        if code is None:
            raise ValueError(f"Неизвестный регион «{region_code}»: укажите код региона из справочника "
                             f"({', '.join(r['code'] for r in regions)}) или его название")
        regions = [r for r in regions if r["code"] == code]
    codes = [r["code"] for r in regions]
    placeholder = _period_placeholder({r["cadence"] for r in regions})
    indicators = _indicators()
    lists = _lists(codes, indicators)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in KIND_ORDER:
        wb = _workbook(kind, regions, placeholder, lists, indicators)
        prefix = f"{codes[0]}_" if len(codes) == 1 else ""
        path = out_dir / f"{prefix}Бланк_{FORMS[kind][0]}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def _lists(codes: list[str], indicators: list[dict]) -> dict[str, list[str]]:
    return {"municipality": _municipalities(codes), "level": LEVELS, "yesno": YES_NO, "partner_type": PARTNER_TYPES,
            "event_level": list(EVENT_LEVELS), "event": _events(codes), "indicator": [r["name"] for r in indicators]}


def write_prefilled(out_dir: Path, region_code: str, municipality: str, period: str,
                    schools: list[tuple[str, str | None, str | None]]) -> Path:
    """The readiness form of one municipality for one period, its schools (name, INN, level) already listed and
    the numbers empty, the period written in the title — what a municipal coordinator fills and sends back."""
    from etl.filenames import safe_file_name

    region = next(r for r in _regions() if r["code"] == region_code)
    indicators = _indicators()
    rows = [[municipality, name, inn, level] for name, inn, level in schools]
    wb = _workbook("readiness", [{**region, "name": f"{region['name']}, {municipality}"}],
                   f"за {periods.period_label_ru(period)}", _lists([region_code], indicators), indicators, rows)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    label = periods.period_label_ru(period).removesuffix(" г.")
    path = out_dir / safe_file_name(f"Готовность_ОО_{municipality}_{label}.xlsx".replace(" ", "_"))
    wb.save(path)
    return path


def latest_schools(db_path, region_code: str, municipality: str, period: str) -> list[tuple]:
    """(name, INN, level) of the municipality's schools in its latest readiness form up to `period`, by name: the
    period's own form when a coordinator sends it again (a correction) — the version last sent, accepted or not: a
    form opened for correction or returned is the one being corrected —, else the last one before."""
    import duckdb

    from etl import db

    # pending.readiness: the newest version of every form not returned, else the returned one (db.current_scope_review)
    sql = """SELECT school_name, school_inn, level FROM pending.readiness
             WHERE region = ? AND municipality = ? AND school_name IS NOT NULL AND period = (
               SELECT max(period) FROM pending.readiness WHERE region = ? AND municipality = ? AND period <= ?)
             ORDER BY school_name, source_row"""
    params = [region_code, municipality, region_code, municipality, period]
    try:
        df = db.query_df(db_path, sql, params)
    except duckdb.CatalogException:  # a database of an older version: its schema brought up to date first
        db.ensure_schema(db_path)
        df = db.query_df(db_path, sql, params)
    return [tuple(None if v is None or v != v else v for v in row) for row in df.itertuples(index=False)]


def _workbook(kind: str, regions: list[dict], period_text: str, lists: dict, indicators: list[dict],
              rows: list[list] | None = None):
    """One form: the form sheet (title, region, period, headers, drop-down lists, `rows` filled in), the hidden
    lists and the instruction."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    placeholder = period_text
    bold = Font(bold=True)
    thin = Side(style="thin", color="808080")
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    _stem, sheet_title, title, columns = FORMS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    put(ws, TITLE_ROW, 1, title).font = Font(bold=True, size=13)
    put(ws, REGION_ROW, 1, ", ".join(r["name"] for r in regions))
    put(ws, PERIOD_ROW, 1, placeholder).font = bold
    for c, (header, width, _) in enumerate(columns, 1):
        cell = put(ws, HEADER_ROW, c, header)
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        ws.column_dimensions[cell.column_letter].width = width
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    for r, values in enumerate(rows or [], HEADER_ROW + 1):  # a pre-filled form's known cells (a school's name
        for c, v in enumerate(values, 1):  # from a file is a text, whatever it starts with)
            if v is not None:
                put(ws, r, c, v).number_format = "@" if columns[c - 1][2] == "inn" else "General"

    # the lists, one value per row in column A of a hidden sheet
    ref = wb.create_sheet("Справочники")
    ranges: dict[str, str] = {}
    row = 1
    for key, values in lists.items():
        if not values:
            continue
        for v in values:
            put(ref, row, 1, v)
            row += 1
        ranges[key] = f"'Справочники'!$A${row - len(values)}:$A${row - 1}"
        row += 1
    ref.sheet_state = "hidden"

    first, last = HEADER_ROW + 1, HEADER_ROW + FIRST_ROW_LIMIT
    for c, (header, _, rule) in enumerate(columns, 1):
        if rule is None:
            continue
        letter = ws.cell(HEADER_ROW, c).column_letter
        area = f"{letter}{first}:{letter}{last}"
        if rule in ranges:
            strict = rule != "event"  # an event missing from the catalogue may be typed in
            dv = DataValidation(type="list", formula1=ranges[rule], allow_blank=True,
                                showErrorMessage=True, errorStyle="stop" if strict else "information",
                                errorTitle="Значение не из списка",
                                error="Выберите значение из выпадающего списка" if strict else
                                "Этого мероприятия нет в справочнике: проверьте название",
                                promptTitle=header[:32], prompt="Выберите из списка", showInputMessage=True)
        elif rule == "int":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="Нужно целое число",
                                error="Введите целое неотрицательное число (0, если нет)")
        elif rule == "number":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="Нужно число", error="Введите число")
        elif rule == "date":
            dv = DataValidation(type="date", operator="between", formula1="DATE(2023,1,1)",
                                formula2="DATE(2030,12,31)", allow_blank=True, showErrorMessage=True,
                                errorTitle="Нужна дата", error="Введите дату в формате ДД.ММ.ГГГГ")
            for r in range(first, min(last, first + 500) + 1):
                ws.cell(r, c).number_format = "DD.MM.YYYY"
        elif rule == "inn":
            dv = DataValidation(type="textLength", operator="equal", formula1="10", allow_blank=True,
                                showErrorMessage=True, errorTitle="ИНН",
                                error="ИНН общеобразовательной организации — 10 цифр")
            for r in range(first, min(last, first + 500) + 1):
                ws.cell(r, c).number_format = "@"
        else:
            continue
        dv.add(area)
        ws.add_data_validation(dv)

    ins = wb.create_sheet("Инструкция")
    for i, line in enumerate(_instruction(kind, regions, placeholder, indicators), 1):
        cell = put(ins, i, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=13)
    ins.column_dimensions["A"].width = 120
    wb.active = 0

    return wb
