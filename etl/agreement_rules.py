"""Rules of the agreements form as coordinators fill it: a row per agreement — several partners (or schools, numbers,
dates) in one cell are asked to be split, not loaded as one agreement with a partner that does not exist; an
agreement written for a municipality or an education authority instead of a school is asked about; an agreement
dated after the period's end was not signed by its reporting date; a row saying a school has no agreement («нет»,
«-») is no agreement (etl/agreement_rows.py)."""
from __future__ import annotations

import re

from etl import agreement_state, normalize, periods
from etl.row_rules import SCHOOL_WORDS
from etl.model import Problem
from etl.textru import plural, some_of

LATE_DAYS = 62  # a form is filled in the weeks after its period: an agreement of those weeks is said, not refused
_SPLIT = re.compile(r"\n|;")
_COMMA = re.compile(r",")
# a name of an organisation: an abbreviation of its legal form or a name in quotes («ФГБОУ ВО …», «АО «…»», «МБОУ
# СОШ № 1»); the rest of a name wrapped onto a new line («технический университет»») is none
_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"  # («Южно-Сахалинский»)
_ORG = re.compile(r"^[«\"]|^[А-ЯЁ]{2,}(?![а-яё])|^(?:" + _WORD + r"\s+){0,3}(?:[Кк]олледж|[Тт]ехникум|[Уу]ниверситет"
                  r"|[Ии]нститут|[Аа]кадеми|[Лл]ице|[Гг]имнази|[Шш]кол)")
_ABBR = re.compile(r"^[«\"]|^[А-ЯЁ]{2,}(?![а-яё])")  # apart by commas, only «САХГУ, ДВФУ», «ООО «…», АО «…»»
# an education authority or «all schools» where a school is named: an agreement of no one school
_NOT_A_SCHOOL = re.compile(r"^\W*(?:(?:департамент|управлени|отдел|комитет|министерств|администраци)[а-яё]*\s"
                           r"|вс[еи]\s+(?:оо|школ|общеобразовательн|образовательн))", re.IGNORECASE)
# a list's item marks: «1.», «2)», «а)», «- », «• »
_ITEM = re.compile(r"^(?:(\d{1,2})\s*[.)]|[а-еa-e]\)|[-–—•·*])\s*(?=\S)")


def names_in_cell(text, commas: bool = False) -> list[str]:
    """The names of organisations written in one cell, two or more, else []: one per line or apart by «;» (numbered
    «1. …⏎2. …» or each a name), or apart by commas — `commas`: as schools are listed; else only abbreviations and
    names with their legal form («САХГУ, ДВФУ, РЭУ им. Плеханова»)."""
    if not isinstance(text, str):
        return []
    for split, org in ((_SPLIT, _ORG), (_COMMA, _ORG if commas else _ABBR)):
        parts = _parts(split, text)
        if len(parts) < 2:
            continue
        marks = [_ITEM.match(p) for p in parts]
        named = [p[m.end():] if m else p for p, m in zip(parts, marks)]
        numbered = [int(m[1]) for m in marks if m and m[1]]
        if numbered[:2] == [1, 2] or all(org.search(p) and p.count("«") == p.count("»") and p.count('"') % 2 == 0
                                         for p in named):
            return named
    return []


def several_values(text) -> list[str]:
    """Two or more agreements' numbers or dates in one cell apart by «;» or lines («15/23; 21/23»), else []."""
    if not isinstance(text, str):
        return []
    parts = _parts(_SPLIT, text)
    return parts if len(parts) > 1 and all(any(ch.isdigit() for ch in p) and len(p) <= 30 for p in parts) else []


def _parts(split: re.Pattern, text: str) -> list[str]:
    """The non-empty pieces of a cell cut by `split`, without the spaces, commas and dots around them."""
    return [p.strip(" ,.") for p in split.split(text) if p.strip(" ,.")]


def check(st) -> None:
    """The rules above over the parsed records of an agreements file."""
    if st.kind != "agreements" or not st.n:
        return
    flagged: set[int] = set()  # (a row is asked about once)
    for f, who, one, hint in (
            ("partner_name", ("партнёр", "партнёра", "партнёров"), "одна строка — один договор",
             "Запишите каждый договор отдельной строкой (в каждой — ОО, партнёр, тип, номер и дата)"),
            ("school_name", ("ОО", "ОО", "ОО"), "у каждой ОО своя строка",
             "Договор с несколькими ОО запишите в строке каждой ОО (номер и дата — те же)")):
        for i, v in enumerate(st.cols.get(f) or []):
            names = names_in_cell(v, commas=f == "school_name")
            if names:
                shown = "; ".join(f"«{x}»" for x in names[:3]) + (" …" if len(names) > 3 else "")
                st.err(i, f, v, "several_in_cell", f"В ячейке {len(names)} {plural(len(names), *who)} ({shown}): {one}",
                       hint)
                flagged.add(i)
    for f, who in (("agreement_no", ("номер", "номера", "номеров")), ("signed_on", ("дата", "даты", "дат"))):
        for i, v in enumerate(st.cols.get(f) or []):
            got = several_values(v) if i not in flagged else []
            if got:
                st.err(i, f, v, "several_in_cell", f"В ячейке {len(got)} {plural(len(got), *who)} договора ("
                       + "; ".join(f"«{x}»" for x in got[:3]) + "): одна строка — один договор",
                       "Запишите каждый договор отдельной строкой (в каждой — ОО, партнёр, тип, номер и дата)")
                flagged.add(i)
    for i, v in enumerate(st.cols.get("school_name") or []):
        if i not in flagged and isinstance(v, str) and (_NOT_A_SCHOOL.match(v) or (
                not SCHOOL_WORDS.search(v) and not any(ch.isdigit() for ch in v) and st.reg.match(v.strip()))):
            st.err(i, "school_name", v, "agreement_not_of_school",
                   f"Договор записан не за ОО, а за «{v.strip()}»: в мониторинге договор — у ОО",
                   "Запишите договор в строке каждой ОО, которую он охватывает (номер и дата — те же), или удалите "
                   "строку")
    _type_against_name(st)
    agreement_state.state_against_validity(st)
    end = st.period_end
    if end is None:
        return
    for i, d in enumerate(st.out.get("signed_on") or []):
        if d is not None and d > end:
            # within the weeks a form is filled after its period: said; later (01.09.2025, 2052): asked
            late = (d - end).days > LATE_DAYS
            st.err(i, "signed_on", d, "signed_after_period" if late else "signed_soon_after_period",
                   f"Дата договора {d:%d.%m.%Y} — позже конца периода ({periods.period_label_ru(st.period)}, "
                   f"{end:%d.%m.%Y})" + (": к отчётной дате договора ещё не было" if late else
                                         ": договор учтён в периоде, хотя заключён после его окончания"),
                   "Исправьте дату; договор, заключённый позже, сдаётся в форме следующего периода",
                   severity="error" if late else "warning")


def _type_against_name(st) -> None:
    """A university typed «СПО», a college «ВУЗ» («ГБПОУ «… техникум»» under «ВУЗ»): said, the type as given."""
    types, names = st.out.get("partner_type") or [], st.out.get("partner_name") or []
    if len(types) != len(names) or st.cols.get("partner_type") is st.cols.get("partner_name"):
        return
    odd = [i for i, (t, n) in enumerate(zip(types, names))
           if t in ("ВУЗ", "СПО") and normalize.partner_types_named(n) & {"ВУЗ", "СПО"} == {"ВУЗ", "СПО"} - {t}]
    if odd:
        shown = some_of([f"{st.source_row[i]} («{names[i]}» — {types[i]})" for i in odd], 3)
        st.problems.append(Problem(
            st.name, st.source_sheet[odd[0]], None, None, None, "partner_type_vs_name",
            f"Тип партнёра не совпадает с его наименованием: {plural(len(odd), 'строка', 'строки', 'строк')} {shown} "
            "— загружено, как указано в столбце типа", "Проверьте тип партнёра в этих строках", "warning"))
