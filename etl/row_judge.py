"""The rows under a table's header, judged in order: the plain records in bulk (found by etl/row_kinds.py over the
sheet's Arrow columns), every other row one by one by the rules of etl/row_rules.py, with what they remember (the row
after a total, the first texts of records)."""
from __future__ import annotations

import re

from etl import row_kinds
from etl.column_notes import SUBSET
from etl.normalize import norm_key
from etl.row_rules import (BREAKDOWN_RE, DIGITS_RE, FOOTER_RE, GROUP_RE, INCLUDED_TITLE, OF_THEM, R_BREAKDOWN, R_EMPTY,
                           R_FOOTER, R_GROUP, R_HEADER, R_NUMBERS, R_OTHER_TABLE, R_SECTION, R_TOTAL, SCHOOL_WORDS,
                           SECTION_RE, TOTAL_RE, clean, empty, is_num, maybe_total, note_line, number_row, other_header,
                           planned_title, under_table_title)
from etl.label_rows import numbered_section

_OF_THEM = re.compile(r"^\s*" + OF_THEM, re.IGNORECASE)  # a part of the row above, as «в т.ч. …»


class RowJudge:
    """The rows under the header, judged in order: the plain records in bulk (etl/row_kinds.py), every other row
    by the rules below, with what they remember (the row after a total, the first texts of records)."""

    def __init__(self, sheet, cat, header_raw: set, header_keys: set, ncols: int, skipped: list, wide_merge_rows,
                 notes: set[int] | None = None):
        self.sheet, self.cat, self.header_raw, self.header_keys = sheet, cat, header_raw, header_keys
        self.ncols, self.skipped, self.wide_merge_rows = ncols, skipped, wide_merge_rows
        self.notes = notes or set()  # columns of notes: their texts never make a row a total
        self.data_rows: list[int] = []
        self.sections: list[tuple[int, str]] = []
        self.after_total = False  # the rows right under a total may break it down
        self.plain0: set[str] = set()  # first texts of records judged one by one that are nothing special

    def s0_special(self, s0: str) -> bool:
        """A first text some rule looks at (a footer, a number, a header text, maybe a total)."""
        return bool(FOOTER_RE.match(s0) or "____" in s0 or DIGITS_RE.match(s0) or s0.strip() in self.header_raw
                    or maybe_total([s0]) or _OF_THEM.match(s0))

    def _indicator_part(self, s0: str) -> bool:
        """«в т.ч. охваченных мероприятиями профминимума» in a list of indicators: a part that is an indicator of its
        own (a row of the form, never a total: it was dropped without a word); a part of the pupils — «в т.ч. 6-9
        кл.» — is none."""
        return bool(SUBSET.match(norm_key(s0))) and self.cat.part_indicator(s0) is not None

    def run(self, start: int) -> None:
        self._walk(start)
        self._trailing_notes()

    def _trailing_notes(self) -> None:
        """Lines of free text under the last record («Данные сверены с РСЭМ 05.04.2024»), each alone in its row and
        no school's name: notes, not schools with no data (the file was refused for their «missing» fields)."""
        notes = []
        for r in reversed(self.data_rows):
            filled = [v for v in self.sheet.take([r])[0] if not empty(v)]
            if len(filled) != 1 or not note_line(filled[0]) or (notes and notes[-1] != r + 1):
                break
            notes.append(r)
        # (set apart from the table by an empty row: a last record with only its words stays a record)
        if notes and (notes[-1] - 1, R_EMPTY) in self.skipped:
            del self.data_rows[-len(notes):]
            self.skipped.extend((r, R_FOOTER) for r in sorted(notes))

    def _walk(self, start: int) -> None:
        import numpy as np

        n = self.sheet.height
        f = row_kinds.features(self.sheet, start)
        plain = row_kinds.plain_rows(self.sheet, f, self.s0_special)
        self.first_plain = row_kinds.first_plain_of_s0(f, plain)
        self.start = start
        special = np.nonzero(~plain)[0]
        values = dict(zip(special.tolist(), self.sheet.take((special + start).tolist())))
        pos, m = 0, n - start
        for i in [*special.tolist(), m]:
            while pos < i:
                if not self.after_total:
                    self.data_rows.extend(range(start + pos, start + i))
                    pos = i
                    break
                if self.judge(pos, self.sheet.take([start + pos])[0]):  # a plain row under a total
                    return
                pos += 1
            if i == m or self.judge(i, values.pop(i)):
                return
            pos = i + 1

    def _own(self, r: int, row: list) -> list:
        """The row as typed when all it has of its own is one label: «Основной уровень» under a municipality merged
        down its rows (tester round t78: the merged value made it a school, every school took the first level)."""
        took = [j for j, m in self.sheet.merged_cells.items() if j < len(row) and m[r]]
        if not took:
            return row
        own = [None if j in took else v for j, v in enumerate(row)]
        kept = [v for v in own if not empty(v)]
        return own if len(kept) == 1 and kept[0].__class__ is str else row

    def _seen(self, i: int, s0: str) -> bool:
        return s0 in self.plain0 or self.first_plain[i] < i

    def judge(self, i: int, row: list) -> bool:
        """Judge the row `i` rows below the start; True: the table ends here (a footer, another table)."""
        r, n, skipped, data_rows = self.start + i, self.sheet.height, self.skipped, self.data_rows
        if self.sheet.merged_cells:
            row = self._own(r, row)
        if not any(row):
            if all(empty(v) for v in row):
                skipped.append((r, R_EMPTY))
                return False
        # the first few text cells decide what the row is
        lead = [v for v in row if v.__class__ is str]
        if lead and (lead[0].isspace() or (len(lead) > 1 and lead[1].isspace())):
            lead = [v for v in lead if not v.isspace()]
        if not lead:
            if all(empty(v) for v in row):
                skipped.append((r, R_EMPTY))
            elif number_row(row):
                skipped.append((r, R_NUMBERS))
            elif self.ncols >= 3 and all(v is None or is_num(v) for v in row):
                # only numbers, no label at all: a totals row whose label is lost (formula rows)
                skipped.append((r, R_TOTAL))
            else:
                data_rows.append(r)
            return False
        if len(lead) > 3:
            lead = lead[:3]
        # the texts that may say what the row is: not a note («в т.ч. данные бывшего г.о. Дзержинский»)
        label = [v for j, v in enumerate(row) if j not in self.notes and v.__class__ is str and not v.isspace()][:3] \
            if self.notes else lead
        s0 = lead[0]
        if self.after_total and any(BREAKDOWN_RE.match(v) for v in label):
            skipped.append((r, R_BREAKDOWN))
            return False
        self.after_total = False
        # «Городские ОО» over its schools, with their sums or not — not a record naming a school beside «МБОУ» (a
        # partner's type written as its legal form: t92, six agreements of which four were dropped with no word)
        if any(GROUP_RE.match(v) for v in label) and \
                not any(SCHOOL_WORDS.search(v) for v in label if not GROUP_RE.match(v)):
            skipped.append((r, R_GROUP))
            return False
        if len(lead) > 1 and self._seen(i, s0):
            # the first text is one already seen in a record (a municipality): only the others can say «Итого»
            rest = label[1:] if label[:1] == [s0] else label
            if maybe_total(rest) and any(TOTAL_RE.search(s) for s in rest):
                skipped.append((r, R_TOTAL))
                self.after_total = True
            else:
                data_rows.append(r)
            return False
        if FOOTER_RE.match(s0) or "____" in s0:
            filled = sum(1 for v in row if not empty(v))
            if filled <= max(3, self.ncols // 3):
                skipped.extend((rr, R_FOOTER) for rr in range(r, n))
                return True
        if (maybe_total(label) and any(TOTAL_RE.search(s) for s in label) and not self._indicator_part(s0)) or \
                (_OF_THEM.match(s0) and not self._indicator_part(s0)):  # («из них с ОВЗ» under a school: t81)
            skipped.append((r, R_TOTAL))
            self.after_total = True
            return False
        if len(lead) == 1 and sum(1 for v in row if not empty(v)) == 1 and \
                (planned_title(s0) or INCLUDED_TITLE.search(s0)):
            # «Таблица 2. Договоры, планируемые к заключению …», «Запланированные мероприятия:»: a section of a plan
            # (its rows are left out but in a roadmap, a plan itself: etl/other_table.py `planned_below`); «Таблица 2.
            # Филиалы ОО (численность … включена в таблицу 1)»: of rows counted above already (left out, too)
            skipped.append((r, R_SECTION))
            self.sections.append((r, clean(s0)))
            return False
        if len(lead) == 1 and self.ncols >= 4 and sum(1 for v in row if not empty(v)) == 1 and \
                (r in self.wide_merge_rows or SECTION_RE.search(s0)):
            skipped.append((r, R_SECTION))
            self.sections.append((r, clean(s0)))
            return False
        title = numbered_section(row) if self.ncols >= 4 and len(lead) <= 2 else None
        if title:  # «1. | Городской округ Химки» over its schools
            skipped.append((r, R_SECTION))
            self.sections.append((r, title))
            return False
        raw, keys, key = self.header_raw, self.header_keys, self.cat.key
        if len(lead) > 1 and s0.strip() in raw and lead[1].strip() in raw and key(s0) in keys and \
                key(lead[1]) in keys and all(v.strip() in raw or key(v) in keys
                                             for v in row if v.__class__ is str and v.strip()):
            skipped.append((r, R_HEADER))
            return False
        if len(lead) > 2 and (other_header(row, self.cat) or under_table_title(self.sheet.take([r - 1])[0], row)):
            # the header of another table under this one («Таблица 2. Договоры …»): this table ends here; its
            # title rows (one label each) just above go with it
            while data_rows and data_rows[-1] == r - 1 and \
                    sum(1 for v in self.sheet.take([r - 1])[0] if not empty(v)) == 1:
                r -= 1
                data_rows.pop()
            skipped.extend((rr, R_OTHER_TABLE) for rr in range(r, n))
            return True
        if DIGITS_RE.match(s0):
            if number_row(row):
                skipped.append((r, R_NUMBERS))
                return False
        elif len(lead) > 1 and not maybe_total(lead[:1]) and s0.strip() not in raw and \
                not FOOTER_RE.match(s0) and "____" not in s0:
            self.plain0.add(s0)
        data_rows.append(r)
        return False
