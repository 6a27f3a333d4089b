"""Step «plan a sheet»: what one mapped sheet gives besides its columns — the municipality of the sheet, of its
section rows or of each block; the level from section rows or the sheet's name; the event of a one-event sheet —
then every column accounted for (etl/accounting.py). A sheet that cannot give records is reported and skipped."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from etl import (accounting, agreement_fields, agreement_notes, agreement_state, branch_rows, carry_down,
                 category_rows, named_totals, names, other_table, part_rows, participants, roadmap_columns,
                 roadmap_rows, school_rows, sheet_municipality, struck_rows, summary_rows, total_rows, transposed,
                 value_period, wide_indicators)
from etl.catalogue import PARTICIPANTS
from etl.model import Problem, cell_text
from etl.schema import FIELD_LABELS_RU
from etl.sheets import column_label, complete, level_sections, report, sections_per_row, type_sections
from etl.staged import SheetReport, Staged


@dataclass
class SheetPlan:
    sheet: object
    t: object  # locate.Table
    cmap: object  # column_map.ColumnMap
    rep: SheetReport
    label: Callable[[int], str]  # column index -> «D «Уровень»»
    section_of: dict[int, str] = field(default_factory=dict)  # record row -> its section row's text
    section_muni: dict[str, str] = field(default_factory=dict)  # section text -> the municipality it names
    muni_of: dict[int, str] = field(default_factory=dict)  # record row -> the section naming its municipality
    level_of: dict[int, str] = field(default_factory=dict)  # record row -> level (sections or the sheet's name)
    type_of: dict[int, str] = field(default_factory=dict)  # record row -> partner type of its section row
    sheet_muni: str | None = None  # the municipality of rows with none of their own
    sheet_event: str | None = None
    sheet_school: str | None = None  # a form of one school: its name from the title
    flabels: dict[str, str] = field(default_factory=dict)  # field -> its column, for messages

    def muni(self, ri: int) -> str | None:
        """The municipality of record row `ri` when no column gives it: its section's, else the sheet's."""
        return self.section_muni.get(self.muni_of.get(ri), self.sheet_muni) if self.section_muni else self.sheet_muni


def plan(st: Staged, sheet, t, cmap, samples) -> SheetPlan | None:
    other_table.refuse_if_below(st, sheet, t)  # a second table under this one: never dropped without a word
    other_table.planned_below(st, sheet, t)  # «Планируется к заключению …» over rows of a plan: said
    turned = transposed.municipalities_across(st, sheet, t) if st.kind != "roadmap" else None
    if turned is not None:  # municipalities across the header: a table turned on its side
        st.problems.append(turned)
        return None
    struck_rows.drop(st, sheet, t)  # a row struck through in Excel: deleted
    named_totals.drop(st, sheet, t, cmap)  # «г.о. Химки» where a school would be: its total
    label = column_label(t)
    category_rows.drop(st, sheet, t, cmap, label)  # «в т.ч. обучающиеся с ОВЗ», «обучающиеся 1-4 кл.»: no group
    category_rows.parts_of_events(st, sheet, t, cmap, label)  # «из них 6-9 кл.» where the event is: its part
    school_rows.parts_of_schools(st, sheet, t, cmap, label)  # «в том числе:» a branch under its school
    part_rows.drop(st, sheet, t, cmap, label)  # «6 класс», «здание 1» under a school: its parts
    branch_rows.drop(st, sheet, t, cmap, label)  # «филиал …» right under its school: its part, or asked
    summary_rows.drop(st, sheet, t, cmap, label)  # «Среднее по г.о.», «АППГ», «Управление образования …»
    school_rows.wrapped_names(st, sheet, t, cmap, label)  # a long name going on in the next row
    roadmap_columns.read(st, sheet, t, cmap, samples, label)  # «Результат исполнения: выполнено» is the status
    value_period.take(st, t, cmap, samples)  # «АППГ (1 полугодие 2023 г.)» | «1 полугодие 2024 г.»: the latter
    wide_indicators.part_of_period_chosen(st, sheet, t, cmap)  # «… за квартал» given an indicator: said
    roadmap_rows.continued(st, sheet, t, cmap, label)  # a measure going on in the next row
    total_rows.collect(st, sheet, t, cmap, label)  # the totals' counts, checked once the records are parsed
    carry_down.carry_municipality(st, sheet, t, cmap, label)  # «Лобня» on a row of its own over its schools
    carry_down.carry_school(st, sheet, t, cmap, label)  # a school written once for its block of rows
    agreement_fields.partner_with_requisites(st, cmap, t.columns)
    sections = sections_per_row(t) if st.kind == "agreements" else {}
    by_section = type_sections(st.reg, sections)  # «2. Договоры с колледжами» over its rows, no type column
    derived = agreement_fields.type_by_partner_name(st, sheet, cmap, label, samples, by_section)
    agreement_fields.requisites_by_values(st, cmap, samples)  # «Договор»: «Договор № 34/23 от 06.09.2023г.»
    agreement_fields.signed_on_from_validity(st, cmap, samples)
    agreement_state.in_force_from_validity(st, cmap, samples)  # «Срок действия: по 31.08.2024» beside the date
    agreement_notes.in_force_from_notes(st, sheet, t, cmap, label)  # «Примечание: расторгнут 01.03.2024»
    agreement_state.validity_beside_state(st, sheet, t, cmap)  # «действует» beside «до 31.08.2023»: said
    rep, label = report(sheet, t, cmap)
    rep.values = {label(c.index): [cell_text(v).strip() for v in (samples or {}).get(c.index, [])  # («768», not
                                   if v is not None and str(v).strip()][:5] for c in t.columns}  # «768.0»)
    if derived:
        rep.matched["partner_type"] += " (тип — по " + ("строкам разделов и " if by_section else "") + \
            "наименованию партнёра)"
    p = SheetPlan(sheet, t, cmap, rep, label)
    if derived:
        p.type_of = {ri: by_section[text] for ri, text in sections.items() if text in by_section}
    missing = [f for f in (cmap.missing_required or []) if f != "municipality"]
    if missing and not complete((sheet, t, cmap)) and any(complete(m) for m in st.used if m[2] is not cmap):
        # another sheet holds the form: this one is something else (a list, a note), not an error
        rep.used = False
        rep.reason = ("нет обязательных столбцов (" + ", ".join(f"«{FIELD_LABELS_RU.get(f, f)}»" for f in missing)
                      + "): лист не загружается")
        st.reports.append(rep)
        return None
    p.section_of = sections_per_row(t)  # rows with one label only («Городской округ Химки», «Раздел 1. …»)
    no_level = st.kind == "readiness" and "level" not in cmap.fields and "level" not in cmap.marks
    if no_level:  # rows of the levels («Базовый уровень» above its schools) when no column holds the level
        p.level_of = level_sections(t, p.section_of)
    if no_level and not p.level_of:
        # one list per level, the level only in the sheet's name or title («… на основном уровне»)
        lvl, where = names.level_of_sheet(sheet.name, t.title_text or "")
        if lvl:
            p.level_of = dict.fromkeys(t.data_rows, lvl)
            rep.matched["level"] = f"{where}: {lvl} (для всех строк листа)"
    if st.kind != "roadmap" and "municipality" not in cmap.fields and not sheet_municipality.of_sheet(st, p):
        st.reports.append(rep)
        return None
    if p.sheet_muni is None and not p.section_muni:
        p.sheet_muni = rep.municipality
    if st.kind == "events" and cmap.layout == "long" and "event" in missing:
        # one sheet per event: the event is the sheet's title or name («Шоу профессий»)
        p.sheet_event = names.event_of_sheet(st.reg, sheet.name, t.title_text or "", st.region)
        if p.sheet_event:
            missing = [f for f in missing if f != "event"]
            rep.matched["event"] = f"лист «{sheet.name}»: {p.sheet_event}"
    if st.kind in ("agreements", "events", "effectiveness") and "school_name" not in cmap.fields:  # one school's
        p.sheet_school = names.school_of_title(t.title_text or "")
        if p.sheet_school:
            rep.matched["school_name"] = f"заголовок: {p.sheet_school} (для всех строк листа)"
    have = ({"level"} if p.level_of else set()) | ({"event"} if p.sheet_event else set()) | \
        ({"school_name"} if p.sheet_school else set())
    found, asked = accounting.account(st.name, sheet.name, rep.header_rows[0], cmap, st.kind, samples, label, have,
                                      {c.index: c.header for c in t.columns})
    st.problems.extend(found)
    st.problems.extend(participants.total_with_other_grades(st.name, t, cmap, label))  # «Всего» with grades 1–5
    for f in cmap.breakdown:  # one part is not the whole: nothing is read from it (the file stops, said above)
        cmap.fields.pop(f, None)
    st.reports.append(rep)
    if cmap.unsaid_people:  # whose participation, asked: no records until it is said
        return None
    if missing and not (st.kind in ("events", "effectiveness", "agreements") and cmap.layout == "wide"):
        for f in missing:
            if f not in asked:  # (the column that may hold it is named by the accounting)
                st.problems.append(Problem(st.name, sheet.name, rep.header_rows[0], None, None, "missing_column",
                                           f"Нет обязательного столбца «{FIELD_LABELS_RU.get(f, f)}»",
                                           "Добавьте столбец или сопоставьте его вручную на странице загрузки"))
        return None
    p.flabels = {f: label(i) for f, i in cmap.fields.items()}
    p.flabels.update({f: rep.matched[f] for f in cmap.marks})
    if cmap.split_participants:
        p.flabels.update({f: rep.matched[f] for f in cmap.split_participants[1]})
    if cmap.by_category:
        p.flabels.update({f: rep.matched[f] for f in PARTICIPANTS})
    if p.sheet_event:
        p.flabels["event"] = f"лист «{sheet.name}»"
    return p
