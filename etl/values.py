"""Step «parse the values»: every field's raw column parsed by its type once per distinct value
(etl/parse_column.py); a bad cell is an error of its record with a hint, undefined legend codes too; text dates
written month first are turned round (said once), control characters stripped (said once per column)."""
from __future__ import annotations

import re

import numpy as np

from etl import column_texts, formula_cells, legend, normalize, periods, validate_indicators
from etl.header_facts import DOCUMENT_NUMBER
from etl.parse_column import TYPE_PARSERS, indicator_parser, parse_column, yes_by_column
from etl.schema import FIELD_TYPES
from etl.staged import Staged


UNKNOWN_HINT = ("Выберите показатель в разделе «Нераспознанные показатели» страницы «Загрузка данных» или параметром "
                "--map \"текст строки=код\" (коды: python -m etl indicators), либо напишите в файле наименование "
                "из справочника показателей (data/reference/indicators.csv)")


def parse(st: Staged) -> None:
    for i, f, code, lg in st.coded:
        st.err(i, f, code, "undefined_code", f"Код «{code}» не описан в заголовке столбца ({legend.shown(lg)})",
               "Исправьте значение или дополните пояснение кодов в заголовке")
    for f, raw in st.cols.items():
        if f == "municipality":
            continue  # etl/munis.py
        if f == "period":
            st.out[f] = raw
            continue
        if f == "indicator_code":
            vals, bad_idx, errors = parse_field(st, f, indicator_parser(st.row_answers), raw)
            for i in bad_idx:
                st.err(i, f, raw[i], "unknown_indicator", errors.get(i) or "Неизвестный показатель", UNKNOWN_HINT)
            st.out[f] = vals
            continue
        typ = FIELD_TYPES[f]
        if typ == "date":
            raw, first = column_texts.month_first(raw)
            if first is not None:
                st.pools.pop(f, None)  # the dates turned round are parsed from the column as turned
                st.err(first, f, st.cols[f][first], "month_first_dates",
                       "Даты в столбце записаны как месяц/день/год (английский Excel): так и прочитаны",
                       "Проверьте даты; в русском Excel — ДД.ММ.ГГГГ", "warning")
        if typ in ("text", "ref"):
            segs = st.distinct(f)
            first = column_texts.first_control(raw, [v for _s, c in segs for v in c.pool] if segs else raw)
            if first is not None:  # stripped by clean_text; said once for the column
                st.err(first, f, None, "control_characters",
                       "В тексте столбца есть невидимые управляющие символы (например, из другой программы): они "
                       "удалены, текст загружен без них", "Если текст выглядит неверно, исправьте его в файле",
                       "warning")
        vals, bad_idx, errors = parse_field(st, f, TYPE_PARSERS[typ], raw)
        if typ == "yesno" and bad_idx:  # an order's numbers, surnames the dictionary lacks
            header = st.labels[bad_idx[0]].get(f, "")
            bad_idx = yes_by_column(vals, bad_idx, errors, raw, numbered=bool(DOCUMENT_NUMBER.search(header)))
        for i in bad_idx:
            if formula_cells.is_error_text(raw[i]):  # «#ДЕЛ/0!» as text (a csv saved by Excel): an error cell
                st.err(i, f, raw[i], "formula_error", formula_cells.ERROR_MESSAGE, formula_cells.ERROR_HINT, "warning")
            elif f == "value" and validate_indicators.nobody(st.out.get("indicator_code"), i, raw[i]):
                vals[i] = 0.0  # «нет» in a count of people: nobody, as «-»
            elif f == "event_date" and _span_in_words(raw[i]):
                # «в течение квартала», «октябрь–декабрь 2023»: an event over a span, not on a day — its start when
                # the words name one; the participants count all the same
                vals[i] = periods.span_start(raw[i])
                st.err(i, f, raw[i], "event_date_span",
                       "Дата мероприятия указана словами — " + (
                           f"учтено начало названного срока, {vals[i]:%d.%m.%Y}" if vals[i]
                           else "мероприятие учтено без даты"),
                       "Если нужна точная дата, впишите её в формате ДД.ММ.ГГГГ", "warning")
            elif f == "status" and st.labels[i].get("evidence") == st.labels[i].get("status"):
                pass  # a text of execution naming no status (its column is the confirmation too): «не указан», said
            elif f == "partner_type" and _type_by_name(st, i, raw[i]):
                st.err(i, f, raw[i], "bad_partner_type", "Тип партнёра по его наименованию не определить, а "
                       "столбца «Тип партнёра» в таблице нет", "Добавьте столбец «Тип партнёра» (ВУЗ, СПО, "
                       "индустриальный партнёр, МОУО, ОО или иное) и загрузите файл снова")
            else:
                st.err(i, f, raw[i], f"bad_{typ}", errors[i], _hint_for(typ))
        st.out[f] = vals
        if typ == "status":  # the four statuses count the items; what the executor wrote is kept beside them
            st.out["status_text"] = [normalize.clean_text(x) for x in raw]


def _type_by_name(st: Staged, i: int, v) -> bool:
    """The partner's type read from its name (no type column: etl/agreement_fields.py), for row i."""
    names = st.cols.get("partner_name")
    return names is not None and i < len(names) and names[i] == v and isinstance(v, str)


_DIGIT_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}")


def _span_in_words(v) -> bool:
    """A date cell of words naming a span («в течение квартала», «октябрь-декабрь 2023», «весь период»), not a
    mistyped date («32.13.2023»)."""
    return isinstance(v, str) and any(ch.isalpha() for ch in v) and not _DIGIT_DATE.search(v)


def parse_field(st: Staged, f: str, parse, raw: list) -> tuple[list, list[int], dict]:
    """`parse_column` for field f: over the distinct values of its records where a sheet gave them
    (`Staged.distinct`), the results taken back to the records by their codes; else over `raw`."""
    segs = st.distinct(f)
    if segs is None:
        return parse_column(parse, raw)
    vals: list = []
    bad: list[int] = []
    errors: dict = {}
    for start, cells in segs:
        present = np.flatnonzero(np.bincount(cells.codes, minlength=len(cells.pool)))
        got, bad_k, errs = parse_column(parse, cells.pool[present].tolist())
        parsed = np.empty(len(cells.pool), dtype=object)
        parsed[present] = got
        vals.extend(parsed[cells.codes].tolist())
        if bad_k:
            error_of = {int(present[k]): errs[k] for k in bad_k}
            is_bad = np.zeros(len(cells.pool), bool)
            is_bad[list(error_of)] = True
            for j in np.flatnonzero(is_bad[cells.codes]).tolist():
                bad.append(start + j)
                errors[start + j] = error_of[int(cells.codes[j])]
    return vals, bad, errors


def _hint_for(t: str) -> str:
    return {
        "int": "Укажите целое неотрицательное число без букв (прочерк «-» и «нет» означают 0)",
        "number": "Укажите число (десятичная запятая допускается)",
        "yesno": "Укажите «да» или «нет»",
        "level": "Укажите один из уровней: базовый, основной, продвинутый",
        "date": "Укажите дату в формате ДД.ММ.ГГГГ",
        "inn": "ИНН школы состоит из 10 цифр",
        "partner_type": "Укажите тип партнёра: ВУЗ, СПО, индустриальный партнёр, МОУО, ОО или иное",
        "event_level": "Укажите уровень: федеральный, региональный, муниципальный или школьный",
        "status": "Укажите статус: выполнено, в работе, не выполнено или не начато",
    }.get(t, "")
