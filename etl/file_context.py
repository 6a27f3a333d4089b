"""Step «the file's region and period»: given, else inferred — the region from the municipalities of the records,
then from the titles, the file name and the sheet names (a region or a municipality named there); the period from
the same texts in that order (a conflict between the title and the file name is said). A half-year is refused
for a region that reports by quarters."""
from __future__ import annotations

import re

from etl import flow_span, names, period_range, period_sheets, periods, roadmap_scope
from etl.model import Problem
from etl.textru import some_of
from etl.staged import Staged


def settle(st: Staged) -> None:
    reg, name = st.reg, st.name
    texts = st.titles + [name] + st.sheet_names  # where the period / region may be named, in that order
    if st.region is None and st.kind != "roadmap":
        st.region = reg.infer_region({str(v) for v in set(st.cols.get("municipality", [])) if v not in (None, "")})
    for text in texts if st.region is None else []:
        st.region = names.region_from_text(reg, text)
        if st.region:
            break
    if st.region is None and st.kind == "roadmap":  # its executors: the region's ministry, its coordinator («МОСО»)
        st.region = names.region_of_bodies(reg, st.cols.get("executors") or [])
    roadmap_scope.refuse_municipal(st)  # a municipality's roadmap would replace the region's: refused
    if st.region is None and st.kind != "roadmap":  # a municipality named in the title («… городской округ Мытищи»)
        for text in texts:
            m = names.municipality_from_text(reg, text, None, cases=True)
            if m is not None:
                st.region = m.region_code
                break
    # (a table turned on its side is refused as such: its municipalities are across its header, not unknown)
    # (a form with no rows at all is said to be empty: its region and period are no question then — etl/rules.py)
    if st.region is None and st.n and not any(p.rule == "turned_table" for p in st.problems):
        unknown = some_of(list(dict.fromkeys(f"«{v.strip()}»" for v in st.cols.get("municipality") or []
                                             if isinstance(v, str) and v.strip())), 3)
        st.problems.append(Problem(name, None, None, None, None, "no_region",
                                   "Не удалось определить регион: " + (
                                       "он не назван ни в заголовке, ни в имени файла, и среди исполнителей нет "
                                       "министерства или координатора одного региона" if st.kind == "roadmap" else
                                       (names.of_regions(reg, st.cols.get("municipality") or []) or
                                        "муниципалитеты не распознаны" + (f" ({unknown})" if unknown else ""))),
                                   "Укажите регион (параметр --region или поле «Регион»)" + (
                                       "" if st.kind == "roadmap" else ": тогда муниципалитет, записанный не так, "
                                       "как в справочнике, можно будет с ним сопоставить")))
    cadence = reg.cadence(st.region) if st.region else None
    given = st.period  # (a quarter given for a half-yearly region: said below if it does not end the half-year)
    if st.period is not None and cadence and periods.is_valid(st.period):
        st.period = periods.to_cadence(st.period, cadence)  # «I квартал» for a half-yearly region → its half-year
    if st.kind != "roadmap":
        period_sheets.sheets_of_periods(st, cadence)
        period_sheets.columns_of_periods(st, cadence)
        if st.period is not None:
            _given_period_named_otherwise(st, cadence)
    if st.period is None and st.kind != "roadmap":
        st.period = names.period_from_texts(texts, cadence)
        in_title, in_name = names.period_from_texts(st.titles, cadence), names.period_from_texts([name], cadence)
        if in_title and in_name and in_title != in_name:
            # (a quarter named in the file name outweighs an as-of date of the title: say which one was taken)
            taken, other = ("заголовка", "имени файла") if st.period == in_title else ("имени файла", "заголовка")
            st.problems.append(Problem(name, None, None, None, None, "period_conflict",
                                       f"В заголовке формы — {periods.period_label_ru(in_title)}, в имени файла — "
                                       f"{periods.period_label_ru(in_name)}: взят период из {taken}",
                                       f"Если верен период из {other}, укажите его (параметр --period или поле "
                                       "«Период»)", "warning"))
    if st.period and cadence == "quarter" and periods.is_valid(st.period) and periods.cadence_of(st.period) == "half":
        # a half-year cannot be put into quarters: the figures would sit in a period the region does not have
        rname = next((r["name"] for r in reg.regions() if r["code"] == st.region), st.region)
        label = periods.period_label_ru(st.period)
        last = periods.quarter_of(periods.period_bounds(st.period)[1])  # the quarter the half-year ends with
        st.problems.append(Problem(name, None, None, None, label, "period_cadence",
                                   f"Период «{label}» — полугодие, а {rname} отчитывается по кварталам",
                                   "Пришлите участия за каждый квартал полугодия отдельным файлом"
                                   if st.kind == "events" else
                                   f"Укажите квартал в параметре --period или в поле «Период» (например, {last} — "
                                   f"{periods.period_label_ru(last)}, которым полугодие заканчивается)"))
    if st.period and cadence == "half" and periods.is_valid(st.period):
        _quarter_of_a_half_year(st, [given] if given and given != st.period else texts,
                                "Указан период «{}»" if given and given != st.period else "Форма — за {}")
    period_range.check(st)  # a period not begun, or before the region's monitoring began: refused
    flow_span.check(st)  # events of more than the period, agreements made in it only: refused
    has_period_col = st.kind == "effectiveness" and any(v not in (None, "") for v in st.cols.get("period", []))
    if st.period is None and st.kind != "roadmap" and not has_period_col and st.n:
        # a title naming a time the reader does not take for a period («за III четверть 2023/2024 учебного года»,
        # «за 2023/2024 учебный год»): said as such, not «no period in the title» (tester round t85)
        said = next((part for t in st.titles for part in t.split(" | ") if _PERIODISH.search(part.lower())), None)
        st.problems.append(Problem(name, None, None, None, said, "no_period",
                                   f"Период в заголовке («{said.strip()}») не распознан как отчётный: нужен квартал "
                                   "или полугодие с годом" if said else
                                   "Не указан отчётный период: его нет ни в заголовке таблицы, ни в имени файла",
                                   "Укажите период (например, 2024-Q1 или «за I квартал 2024 года») "
                                   "в параметре --period, в поле «Период» или в заголовке формы"))


_PERIODISH = re.compile(r"квартал|(?<![а-я])кв\.|четверт|полугод|учебн\w*\s+год|уч\.?\s*г|месяц|"
                        r"(?<![а-я])(?:за|на)\s+\d")


def _given_period_named_otherwise(st: Staged, cadence: str | None) -> None:
    """A period given (--period, the upload page's field) while the title or the file name names another: said, in
    case a quarter was mistyped or a file of another period came with a batch (it would replace that quarter's
    form) — also when the other one agrees with the period given (a III quarter's form named «IV кв.»)."""
    named = [(where, names.period_from_texts(texts, cadence, any_date=False))
             for where, texts in (("В заголовке формы", st.titles), ("В имени файла", [st.name]))]
    other = [(where, p) for where, p in named if p and p != st.period]
    if other:
        where, p = other[0]
        st.problems.append(Problem(st.name, None, None, None, None, "period_given_other",
                                   f"{where} — {periods.period_label_ru(p)}, а указан период "
                                   f"{periods.period_label_ru(st.period)}: строки учтены за указанный",
                                   f"Если верен период из файла ({periods.period_label_ru(p)}), укажите его; уже "
                                   "загруженный файл отмените на странице «История загрузок» и загрузите снова",
                                   "warning"))


def _quarter_of_a_half_year(st: Staged, texts: list[str], said: str = "Форма — за {}") -> None:
    """A half-yearly region's form titled with a quarter that does not end its half-year («за III квартал 2023 года»
    in Сахалинская область), or given one (--period 2024-Q1, tester round t77: silent before): loaded for the
    half-year, its figures are as of the quarter's end — said."""
    q = names.period_from_texts(texts, None, any_date=False)
    if not q or periods.cadence_of(q) != "quarter" or periods.to_cadence(q, "half") != st.period:
        return
    st.named_quarter = q
    end, half_end = periods.period_bounds(q)[1], periods.period_bounds(st.period)[1]
    if end == half_end:
        return
    rname = next((r["name"] for r in st.reg.regions() if r["code"] == st.region), st.region)
    st.problems.append(Problem(
        st.name, None, None, None, periods.period_label_ru(q), "quarter_in_half_year",
        f"{said.format(periods.period_label_ru(q))}, а {rname} отчитывается по полугодиям: файл учтён за "
        f"{periods.period_label_ru(st.period)}, но его числа — на {end:%d.%m.%Y}, а не на конец полугодия "
        f"{half_end:%d.%m.%Y}", "Если это не итог полугодия, пришлите форму за полугодие (по состоянию на "
        f"{half_end:%d.%m.%Y})", "warning"))

