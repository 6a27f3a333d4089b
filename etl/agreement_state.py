"""Whether each agreement is in force, when the form has no column of its state: from its validity («Срок действия:
по 31.08.2024», «бессрочно») or from its notes («расторгнут 01.03.2024») — the rules leave out the ended ones
(etl/agreement_rules.py `ended_by_validity`)."""
from __future__ import annotations

import re

from etl import meaning, periods
from etl.agreement_fields import dated_requisites
from etl.catalogue import header_key
from etl.model import Problem
from etl.normalize import extract_date, norm_key, parse_in_force
from etl.textru import some_of


VALIDITY_WHY = "срок действия договора: договор, срок которого закончился до конца периода, не действует"


def in_force_from_validity(st, cmap, samples) -> None:
    """Agreements with no «state» column but one of their validity («Срок действия»: «по 31.08.2024», a date, a
    range) beside the agreement's date: the validity says whether the agreement is in force at the period's end
    (etl/agreement_rules.py `ended_by_validity`)."""
    if st.kind != "agreements" or "in_force" in cmap.fields or \
            ("signed_on" not in cmap.fields and not dated_requisites(cmap, samples)):
        return
    for c in cmap.unmatched:
        values = [v for v in samples.get(c.index, []) if v is not None and str(v).strip()]
        # dates, terms («5 лет») and «бессрочно» (one other text is asked about as a row's error, never a reason
        # to count every agreement of the file as in force); of «Срок действия | с | по» the end, never the start
        known = sum(1 for v in values if parse_in_force(v)[1] is None)
        if c.index not in cmap.left_out and "validity" in meaning.read(tuple(c.parts)).concepts and values and \
                2 * known > len(values) and not (len(c.parts) > 1 and _START.fullmatch(header_key(c.parts[-1]))):
            cmap.take("in_force", c.index, VALIDITY_WHY)
            return


_START = re.compile(r"с|от|начало|дата начала|начала действия")


# a note saying the agreement is no longer in force («расторгнут 01.03.2024», «Договор прекратил действие», «утратил
# силу»), not one saying it is not («не расторгнут»): on norm_key
_ENDED_NOTE = re.compile(r"(?<!не )(?:расторг|расторжен(?!и)|прекращ|прекратил|аннулир|утратил\w* сил|истек)"
                         r"|не действ|недейств")


def in_force_from_notes(st, sheet, t, cmap, label) -> None:
    """Agreements with no «state» column whose notes («Примечание»: «расторгнут 01.03.2024») say an agreement
    ended: such an agreement is not in force (left out and said, as a «расторгнут» state); the other notes say
    nothing about it. The column is read for that alone, when one of its notes says so; beside a column of the
    validity read as the state (`in_force_from_validity`), a note's end replaces its row's validity."""
    validity = cmap.fields.get("in_force") if cmap.why.get("in_force") == VALIDITY_WHY else None
    if st.kind != "agreements" or ("in_force" in cmap.fields and validity is None) or not t.data_rows:
        return
    for c in cmap.unmatched:
        if c.index in cmap.left_out or "note" not in meaning.read(tuple(c.parts)).concepts:
            continue
        notes = sheet.cells(c.index, t.data_rows).values()
        ended = {r: v for r, v in zip(t.data_rows, notes) if isinstance(v, str) and _ENDED_NOTE.search(norm_key(v))}
        if not ended:
            continue
        # the state as the rules read it: ended, or ended on a date (not in force if that came before the period's
        # end: etl/agreement_rules.py `ended_by_validity`; «расторгнут 15.01.2025» was in force on 31.12.2024)
        dates = {r: extract_date(v) for r, v in ended.items()}
        states = {r: f"{dates[r]:%d.%m.%Y}" if dates.get(r) else "не действует" for r in ended}
        if validity is not None:  # (a validity ended before the note's date stays as it is)
            until = dict(zip(t.data_rows, sheet.cells(validity, t.data_rows).values()))
            sheet.replace_cells(validity, {r: v for r, v in states.items() if not dates.get(r)
                                           or (periods.deadline_of(until[r]) or dates[r]) >= dates[r]})
        else:
            sheet.replace_cells(c.index, {r: states.get(r, "") for r in t.data_rows})
            cmap.take("in_force", c.index, "отметки о прекращении договора в примечании")
        shown = some_of([f"строка {r + 1}: «{v.strip()}»" for r, v in ended.items()], 3)
        st.problems.append(Problem(
            st.name, sheet.name, None, label(c.index), None, "ended_by_note",  # (its rows are left out)
            f"О прекращении договоров сказано в примечании ({shown}): прекращённые до конца отчётного периода не "
            "загружаются как недействующие, прекращённые позже — учитываются как действующие",
            "Если договор действует, исправьте примечание; если нет — удалите строку", "warning"))
        return
